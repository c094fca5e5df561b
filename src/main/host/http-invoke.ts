// POST /invoke/{fn_id}: a sync call answered with the function's reply (streamed for http-stream), or with
// `Fn-Invoke-Type: detached` a 202 at once and a run later from the persistent queue.
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { ResponseSink } from '../core/protocols/http-stream';
import type { CallService } from './call-service';
import type { DetachedQueue } from './detached-queue';
import type { FunctionRegistry } from './function-registry';
import type { HostRequest, HostResponse } from './http-types';
import { headerValue, json } from './http-types';

export interface InvokeDeps {
  registry: FunctionRegistry;
  calls: CallService;
  queue: DetachedQueue;
  port: () => number;
  bodyLimitBytes: () => number;
}

export async function invoke(d: InvokeDeps, req: HostRequest, fnId: string): Promise<HostResponse> {
  const fn = d.registry.getFn(fnId);
  const app = d.registry.getApp(fn.app_id);
  d.registry.checkMemory(fn.memory);
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v : [v];
  const host = headerValue(req, 'host') ?? `127.0.0.1:${d.port()}`;
  const url = `http://${host}${req.url}`;
  const id = newId();
  const callHeader = { 'Fn-Call-Id': id };

  const invokeType = (headerValue(req, 'fn-invoke-type') ?? 'sync').toLowerCase();
  if (invokeType !== 'sync' && invokeType !== 'detached')
    throw new ApiError('invalid_input', `Fn-Invoke-Type must be sync or detached, not "${invokeType}"`);
  if (invokeType === 'detached') {
    const body = req.bodyStream ? await req.bodyStream.readAll() : req.body;
    if (req.bodyStream?.tooLarge) throw tooLarge(d);
    const record = d.calls.newRecord(app, fn, { id, method: req.method, url, headers, body }, 'detached');
    d.queue.enqueue(record, body);
    return { ...json(202, { call_id: id }), headers: { ...json(202, null).headers, ...callHeader } };
  }

  // http-stream takes the body as it arrives; the stdio formats and cold containers need all of it first.
  const streamBody = fn.format === 'http-stream' ? req.bodyStream : undefined;
  const body = req.bodyStream && !streamBody ? await req.bodyStream.readAll() : req.body;
  if (req.bodyStream?.tooLarge && !streamBody) throw tooLarge(d);
  let onResponse: ResponseSink | undefined;
  const streamed = new Promise<HostResponse>((resolve) => {
    onResponse = (head, stream) =>
      resolve({ status: head.status, headers: { ...flatten(head.headers), ...callHeader }, body: stream });
  });
  const finished = d.calls
    .invoke(app, fn, {
      id,
      method: req.method,
      url,
      headers,
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
        return {
          status: outcome.http_status ?? 200,
          headers: { ...flatten(outcome.headers), ...callHeader },
          body: outcome.body,
        };
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
