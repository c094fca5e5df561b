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

export function getCall(o: GetCallOptions): CallOptions {
  const debug = fnDebugOf(o.fn.annotations) ?? undefined;
  const shaping = shapingOf(o.fn.annotations ?? {});
  return {
    id: o.id,
    app_id: o.app.id,
    app_name: o.app.name,
    fn_id: o.fn.id,
    fn_name: o.fn.name,
    image: o.fn.image,
    memory: o.fn.memory ?? CALL_DEFAULTS.memory,
    // A debug session's own call timeout: a call stopped at a breakpoint is not a function that hangs.
    timeout: debug?.timeout ?? o.fn.timeout ?? CALL_DEFAULTS.timeout,
    idle_timeout: o.fn.idle_timeout ?? CALL_DEFAULTS.idle_timeout,
    format: o.fn.format ?? CALL_DEFAULTS.format,
    network: o.fn.network ?? CALL_DEFAULTS.network,
    ...(shaping.cpus !== undefined ? { cpus: shaping.cpus } : {}),
    ...(shaping.max_concurrency !== undefined ? { max_concurrency: shaping.max_concurrency } : {}),
    config: { ...o.app.config, ...o.fn.config },
    type: o.type ?? 'sync',
    debug,
    method: o.method ?? 'POST',
    url: o.url,
    headers: o.headers ?? {},
    body: o.body ?? Buffer.alloc(0),
    bodyStream: o.bodyStream,
  };
}
