// GetCall: builds a runnable call from an app, a function and a request, with Fn's defaults and the environment
// rule (app config, then fn config, fn winning; the FN_* variables are added at launch).
import type { Readable } from 'node:stream';
import { fnDebugOf } from '../../shared/fn-debug';
import { shapingOf } from '../../shared/fn-shaping';
import type { CallType, FnFormat } from '../../shared/models';
import type { CallOptions } from './call-types';

export interface GetCallOptions {
  /** Minted once, where the call enters the host. */
  id: string;
  app: { id: string; name: string; config?: Record<string, string> };
  fn: {
    id: string;
    name: string;
    image: string;
    memory?: number;
    timeout?: number;
    idle_timeout?: number;
    format?: FnFormat;
    network?: string;
    config?: Record<string, string>;
    /** Where the function's debug mode (fn-debug.ts), CPU limit and concurrency cap (fn-shaping.ts) are kept. */
    annotations?: Record<string, unknown>;
  };
  type?: CallType;
  method?: string;
  url: string;
  headers?: Record<string, string[]>;
  body?: Buffer;
  bodyStream?: Readable;
}

export const CALL_DEFAULTS = {
  memory: 128,
  timeout: 30,
  idle_timeout: 30,
  format: 'http-stream',
  network: 'bridge',
} as const;

/** What a call takes from its function and app alone: the same for every call of one snapshot of them. */
type FnPart = Omit<CallOptions, 'id' | 'type' | 'method' | 'url' | 'headers' | 'body' | 'bodyStream'>;

/**
 * The function part, made once per snapshot: the registry replaces an app or function object when it changes and
 * never edits one, so the function's object (with its app's) identifies the snapshot. Per call this saves reading the
 * annotations (debug mode, shaping) and merging the configs, and it gives every call of a snapshot the same `config`
 * object, which is what hotKey's memo keys on.
 */
const fnParts = new WeakMap<GetCallOptions['fn'], { app: GetCallOptions['app']; part: FnPart }>();

function fnPartOf(app: GetCallOptions['app'], fn: GetCallOptions['fn']): FnPart {
  const known = fnParts.get(fn);
  if (known?.app === app) return known.part;
  const debug = fnDebugOf(fn.annotations) ?? undefined;
  const shaping = shapingOf(fn.annotations ?? {});
  const part: FnPart = {
    app_id: app.id,
    app_name: app.name,
    fn_id: fn.id,
    fn_name: fn.name,
    image: fn.image,
    memory: fn.memory ?? CALL_DEFAULTS.memory,
    // A debug session's own call timeout: a call stopped at a breakpoint is not a function that hangs.
    timeout: debug?.timeout ?? fn.timeout ?? CALL_DEFAULTS.timeout,
    idle_timeout: fn.idle_timeout ?? CALL_DEFAULTS.idle_timeout,
    format: fn.format ?? CALL_DEFAULTS.format,
    network: fn.network ?? CALL_DEFAULTS.network,
    ...(shaping.cpus !== undefined ? { cpus: shaping.cpus } : {}),
    ...(shaping.max_concurrency !== undefined ? { max_concurrency: shaping.max_concurrency } : {}),
    config: Object.freeze({ ...app.config, ...fn.config }),
    debug,
  };
  fnParts.set(fn, { app, part });
  return part;
}

export function getCall(o: GetCallOptions): CallOptions {
  return {
    id: o.id,
    ...fnPartOf(o.app, o.fn),
    type: o.type ?? 'sync',
    method: o.method ?? 'POST',
    url: o.url,
    headers: o.headers ?? {},
    body: o.body ?? Buffer.alloc(0),
    bodyStream: o.bodyStream,
  };
}
