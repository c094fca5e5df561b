// The one door every call comes through (HTTP invoke, HTTP trigger, the composer, the detached queue, a re-run):
// it builds one validated invocation, and each rule is checked here once, with one message each: the function
// exists, its memory fits the pool, the invoke type is known, the trigger maps. The body limit (one message,
// bodyLimitError) holds as a body flows in (BodyTap) and on a body that came whole (HttpApi.handle).
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { App, CallRecord, CallType, Fn } from '../../shared/models';
import type { CallOptions } from '../core/call-types';
import { getCall } from '../core/get-call';
import type { BodyTap } from './body-tap';
import type { FunctionRegistry } from './function-registry';
import { type HostRequest, headerValue } from './http-types';
import { triggerReplyHead, triggerRequestHeaders } from './trigger-mapping';
import type { TriggerRegistry } from './trigger-registry';
import type { Canceller } from '../core/call-cancel';

/** Where an invoke path points: a function by id, or an app's HTTP trigger by its source path. */
export type InvokeTarget = { fnId: string } | { appName: string; source: string };

export interface Invocation {
  id: string;
  app: App;
  fn: Fn;
  triggerId?: string;
  type: CallType;
  method: string;
  url: string;
  /** As received: every header a list of its values, in order. */
  headers: Record<string, string[]>;
  /** The whole body; empty while `bodyStream` carries it. */
  body: Buffer;
  /** The body as it arrives, for a sync call to a format that takes it streamed (http-stream). */
  bodyStream?: BodyTap;
  /** Aborted when the caller goes away (see HostRequest.abort). */
  abort?: Canceller;
}

export interface InvocationGateDeps {
  registry: FunctionRegistry;
  triggers: TriggerRegistry;
  port: () => number;
}

const INVOKE_PATH = /^\/invoke\/([^/]+)\/?$/;
const TRIGGER_PATH = /^\/t\/([^/]+)(\/.*)?$/;

export class InvocationGate {
  constructor(private readonly d: InvocationGateDeps) {}

  /** The target of `/invoke/{fn_id}` or `/t/{app_name}{source}` (a decoded path); undefined for any other path. */
  static targetOf(pathname: string): InvokeTarget | undefined {
    const i = INVOKE_PATH.exec(pathname);
    if (i) return { fnId: decodePart(i[1]) };
    const t = TRIGGER_PATH.exec(pathname);
    // The path after the app name is the trigger's source as is.
    if (t) return { appName: decodePart(t[1]), source: decodePart(t[2] ?? '/') };
    return undefined;
  }

  /** Whether a request invokes a function (then its body is handed over as it arrives); nothing is decoded yet. */
  static invokes(method: string | undefined, pathname: string): boolean {
    return TRIGGER_PATH.test(pathname) || (method === 'POST' && INVOKE_PATH.test(pathname));
  }

  /** An HTTP request to an invoke path, validated; a body that must be whole is read here, within the limit. */
  async fromRequest(req: HostRequest, target: InvokeTarget): Promise<Invocation> {
    const { app, fn, triggerId } = this.resolve(target);
    const type = invokeType(headerValue(req, 'fn-invoke-type'));
    this.d.registry.checkMemory(fn.memory);
    // A sync http-stream call takes its body as it arrives; the other formats and the queue need all of it first.
    const streams = req.bodyStream !== undefined && type === 'sync' && fn.format === 'http-stream';
    // The limit holds as it flows (BodyTap); a body that came whole was held to it by the HTTP handler.
    const body = req.bodyStream && !streams ? await req.bodyStream.readAll() : req.body;
    const host = headerValue(req, 'host') ?? `127.0.0.1:${this.d.port()}`;
    return {
      id: newId(),
      app,
      fn,
      triggerId,
      type,
      method: req.method.toUpperCase(),
      url: `http://${host}${req.url}`,
      headers: headerLists(req.headers),
      body,
      bodyStream: streams ? req.bodyStream : undefined,
      abort: req.abort,
    };
  }

  /** A stored call about to run (the detached queue): today's function, checked against today's pool. */
  fromRecord(r: CallRecord, body: Buffer): Invocation {
    const fn = this.d.registry.getFn(r.fn_id);
    this.d.registry.checkMemory(fn.memory);
    return {
      id: r.id,
      app: this.d.registry.getApp(fn.app_id),
      fn,
      triggerId: r.trigger_id,
      type: r.type,
      method: r.request.method,
      url: r.request.url,
      headers: r.request.headers,
      body,
    };
  }

  private resolve(target: InvokeTarget): { app: App; fn: Fn; triggerId?: string } {
    if ('fnId' in target) {
      const fn = this.d.registry.getFn(target.fnId);
      return { app: this.d.registry.getApp(fn.app_id), fn };
    }
    const app = this.d.registry.listApps().find((a) => a.name === target.appName);
    if (!app) throw new ApiError('not_found', `no app named "${target.appName}"`);
    const trigger = this.d.triggers.find(app.id, target.source);
    if (!trigger)
      throw new ApiError('not_found', `app "${target.appName}" has no trigger for the path ${target.source}`);
    return { app, fn: this.d.registry.getFn(trigger.fn_id), triggerId: trigger.id };
  }
}

/** Through a trigger, an http-stream function speaks Fn's HTTP gateway protocol (trigger-mapping.ts). */
const usesGateway = (inv: Invocation): boolean =>
  inv.triggerId !== undefined && inv.fn.format === 'http-stream';

/** What the agent runs: the function gets the gateway's headers where the gateway protocol applies. */
export function callOptionsOf(inv: Invocation): CallOptions {
  return getCall({
    id: inv.id,
    app: inv.app,
    fn: inv.fn,
    type: inv.type,
    method: inv.method,
    url: inv.url,
    headers: usesGateway(inv) ? triggerRequestHeaders(inv.method, inv.url, inv.headers) : inv.headers,
    body: inv.body,
    bodyStream: inv.bodyStream,
  });
}

/** The caller's status and headers from the function's reply (the gateway's Fn-Http-* headers mapped back). */
export function replyHeadOf(
  inv: Invocation,
  head: { status: number; headers: Record<string, string[]> },
): { status: number; headers: Record<string, string[]> } {
  return usesGateway(inv) ? triggerReplyHead(head) : head;
}

function invokeType(value: string | undefined): CallType {
  const type = (value ?? 'sync').toLowerCase();
  if (type !== 'sync' && type !== 'detached')
    throw new ApiError('invalid_input', `Fn-Invoke-Type must be sync or detached, not "${value}"`);
  return type;
}

/** Headers as lists, whatever shape they came in (Node joins repeats of most headers unless asked not to). */
function headerLists(raw: HostRequest['headers']): Record<string, string[]> {
  let lists = true;
  for (const k in raw) if (!Array.isArray(raw[k])) lists = false;
  // The HTTP server hands an invoke its headers as lists already: those are kept as they are.
  if (lists) return raw as Record<string, string[]>;
  const out: Record<string, string[]> = {};
  for (const k in raw) {
    const v = raw[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v : [v];
  }
  return out;
}

export function decodePart(part: string): string {
  // Most parts (ids, plain names) have nothing to decode.
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ApiError('invalid_input', `not a valid path segment: ${part}`);
  }
}
