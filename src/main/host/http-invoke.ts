// POST /invoke/{fn_id} and any method on /t/{app}{source}: a sync call answered with the function's reply
// (streamed for http-stream), or with `Fn-Invoke-Type: detached` a 202 at once and a run later from the queue.
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { App, Fn } from '../../shared/models';
import type { ResponseSink } from '../core/protocols/http-stream';
import type { CallService } from './call-service';
import type { DetachedQueue } from './detached-queue';
import type { FunctionRegistry } from './function-registry';
import type { HostRequest, HostResponse } from './http-types';
import { headerValue, json } from './http-types';
import { triggerReplyHead, triggerRequestHeaders } from './trigger-mapping';
import type { TriggerRegistry } from './trigger-registry';

export interface InvokeDeps {
  registry: FunctionRegistry;
  triggers: TriggerRegistry;
  calls: CallService;
  queue: DetachedQueue;
  port: () => number;
  bodyLimitBytes: () => number;
}

type Head = { status: number; headers: Record<string, string[]> };

export async function invoke(d: InvokeDeps, req: HostRequest, fnId: string): Promise<HostResponse> {
  const fn = d.registry.getFn(fnId);
  return run(d, req, d.registry.getApp(fn.app_id), fn);
}

/** Any method on /t/{app_name}{source}: the function behind the app's trigger for that path. */
export async function invokeTrigger(
  d: InvokeDeps,
  req: HostRequest,
  appName: string,
  source: string,
): Promise<HostResponse> {
  const app = d.registry.listApps().find((a) => a.name === appName);
  if (!app) throw new ApiError('not_found', `no app named "${appName}"`);
  const trigger = d.triggers.find(app.id, source);
  if (!trigger) throw new ApiError('not_found', `app "${appName}" has no trigger for the path ${source}`);
  return run(d, req, app, d.registry.getFn(trigger.fn_id), trigger.id);
}

async function run(
  d: InvokeDeps,
  req: HostRequest,
  app: App,
  fn: Fn,
  triggerId?: string,
): Promise<HostResponse> {
  d.registry.checkMemory(fn.memory);
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v : [v];
  const host = headerValue(req, 'host') ?? `127.0.0.1:${d.port()}`;
  const url = `http://${host}${req.url}`;
  const id = newId();
  const callHeader = { 'Fn-Call-Id': id };
  // Through a trigger, an http-stream function sees the caller's request as Fn's gateway headers, and its
  // reply's gateway headers become the response's status and headers.
  const gateway = triggerId !== undefined && fn.format === 'http-stream';
  const functionHeaders = gateway ? triggerRequestHeaders(req.method, url, headers) : undefined;
  const mapHead = (head: Head): Head => (gateway ? triggerReplyHead(head) : head);

  const invokeType = (headerValue(req, 'fn-invoke-type') ?? 'sync').toLowerCase();
  if (invokeType !== 'sync' && invokeType !== 'detached')
    throw new ApiError('invalid_input', `Fn-Invoke-Type must be sync or detached, not "${invokeType}"`);
  if (invokeType === 'detached') {
    const body = req.bodyStream ? await req.bodyStream.readAll() : req.body;
    if (req.bodyStream?.tooLarge) throw tooLarge(d);
    const record = d.calls.newRecord(
      app,
      fn,
      { id, method: req.method, url, headers, body, triggerId },
      'detached',
    );
    d.queue.enqueue(record, body);
    return { ...json(202, { call_id: id }), headers: { ...json(202, null).headers, ...callHeader } };
  }

  // http-stream takes the body as it arrives; the stdio formats and cold containers need all of it first.
  const streamBody = fn.format === 'http-stream' ? req.bodyStream : undefined;
  const body = req.bodyStream && !streamBody ? await req.bodyStream.readAll() : req.body;
  if (req.bodyStream?.tooLarge && !streamBody) throw tooLarge(d);
  let onResponse: ResponseSink | undefined;
  const streamed = new Promise<HostResponse>((resolve) => {
    onResponse = (head, stream) => {
      const h = mapHead(head);
      resolve({ status: h.status, headers: { ...flatten(h.headers), ...callHeader }, body: stream });
    };
  });
  const finished = d.calls
    .invoke(app, fn, {
      id,
      method: req.method,
      url,
      headers,
      functionHeaders,
      triggerId,
      body,
      bodyStream: streamBody,
      signal: req.signal,
      onResponse,
    })
    .then(({ outcome }): HostResponse => {
      if (streamBody?.tooLarge) {
        const e = tooLarge(d);
        return json(e.status, { message: e.message });
      }
      if (outcome.status === 'success') {
        const h = mapHead({ status: outcome.http_status ?? 200, headers: outcome.headers });
        return { status: h.status, headers: { ...flatten(h.headers), ...callHeader }, body: outcome.body };
      }
      const res = json(outcome.http_status ?? 500, { message: outcome.error ?? outcome.status });
      res.headers = {
        ...res.headers,
        ...callHeader,
        ...(outcome.http_status === 503 ? { 'Retry-After': '5' } : {}),
      };
      return res;
    });
  // A streamed reply answers as soon as it starts; the call record is finished when the stream ends.
  return Promise.race([streamed, finished]);
}

function tooLarge(d: InvokeDeps): ApiError {
  return new ApiError('too_large', `the request body is over the limit of ${d.bodyLimitBytes()} bytes`);
}

function flatten(headers: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = v.join(', ');
  return out;
}
