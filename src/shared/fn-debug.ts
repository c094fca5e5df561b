// A function's debug mode (annotation fnstudio.io/fn/debug): its shape, its limits and the messages that refuse it.
import { z } from 'zod';
import { ApiError } from './errors';
import { FN_ANNOTATIONS } from './fn-annotations';
import type { Fn } from './models';

/**
 * Debug mode of one function. `port` is the container port its debugger listens on (Node's inspector 9229, the JVM's
 * JDWP 5005, Delve 2345), published on 127.0.0.1 at `host_port`, or at a free port Docker picks when absent.
 * `init_timeout` and `timeout` (s) replace the init wait and the call timeout while debugging; `env` is added to the
 * container's environment only in debug mode (e.g. NODE_OPTIONS=--inspect=0.0.0.0:9229).
 */
export interface FnDebug {
  port: number;
  host_port?: number;
  init_timeout?: number;
  timeout?: number;
  env?: Record<string, string>;
}

const KEY = FN_ANNOTATIONS.debug;
/** The longest a debug session may hold a call or a start: a developer stepping through code takes minutes. */
export const DEBUG_MAX_SECONDS = 3600;

const portSchema = (field: string) =>
  z
    .number({ error: `${field} must be an integer from 1 to 65535` })
    .int({ error: `${field} must be an integer from 1 to 65535` })
    .min(1, { error: `${field} must be an integer from 1 to 65535` })
    .max(65535, { error: `${field} must be an integer from 1 to 65535` });
const secondsSchema = (field: string) =>
  z
    .number({ error: `${field} must be an integer number of seconds` })
    .int({ error: `${field} must be an integer number of seconds` })
    .min(1, { error: `${field} must be 1-${DEBUG_MAX_SECONDS} s` })
    .max(DEBUG_MAX_SECONDS, { error: `${field} must be 1-${DEBUG_MAX_SECONDS} s` });

export const fnDebugSchema = z
  .object(
    {
      port: portSchema('port'),
      host_port: portSchema('host_port').optional(),
      init_timeout: secondsSchema('init_timeout').optional(),
      timeout: secondsSchema('timeout').optional(),
      env: z
        .record(z.string(), z.string({ error: 'env values must be strings' }), {
          error: 'env must be an object of string values',
        })
        .refine((env) => Object.keys(env).every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)), {
          error: 'env keys must be valid environment variable names',
        })
        .optional(),
    },
    { error: 'must be an object such as {"port": 9229}, or null for off' },
  )
  .strict();

const invalid = (message: string) => new ApiError('invalid_input', `${KEY}: ${message}`);

/** The function's debug mode, or null when it is off; a value that is not one is refused with what is wrong. */
export function fnDebugOf(annotations: Record<string, unknown> | undefined): FnDebug | null {
  const value = annotations?.[KEY];
  if (value === undefined || value === null) return null;
  const r = fnDebugSchema.safeParse(value);
  // Each message names its field (port, host_port, …); the key before them names the annotation.
  if (!r.success) throw invalid(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}

/**
 * Checks a function's debug mode against the rest of it and against the other functions, before it is stored:
 * debugging needs a hot container with a network to publish a port on, and a fixed host port only one function
 * can have.
 */
export function checkFnDebug(fn: Pick<Fn, 'id' | 'annotations' | 'format' | 'network'>, others: Fn[]): void {
  const debug = fnDebugOf(fn.annotations);
  if (!debug) return;
  if (fn.format === 'default')
    throw invalid(
      'debug mode needs a hot format (http-stream, json or http): a default-format container exits after its call, taking the debugger with it',
    );
  if (fn.network === 'none' || fn.network === 'host')
    throw invalid(
      fn.network === 'none'
        ? 'debug mode publishes the debugger port on 127.0.0.1, which needs a network: network "none" has none (use bridge, the default, while debugging)'
        : 'debug mode publishes the debugger port on 127.0.0.1, which network "host" cannot do (the container shares all of this machine\'s ports): use bridge, the default, while debugging',
    );
  if (debug.host_port === undefined) return;
  const holder = others.find(
    (o) => o.id !== fn.id && fnDebugOf(o.annotations)?.host_port === debug.host_port,
  );
  if (holder)
    throw new ApiError(
      'conflict',
      `${KEY}: host_port ${debug.host_port} is already taken by function "${holder.name}" in debug mode: choose another, or leave host_port out for a free one`,
    );
}

/** Where a debugger attaches, as the containers view shows it. */
export const debugAddress = (hostPort: number): string => `127.0.0.1:${hostPort}`;

/**
 * What the containers view says about attaching. On a remote engine the port is published on that machine's
 * loopback (never on its network: a debug port runs any code it is sent), so the developer forwards it first.
 */
export function debugAttachText(address: string, engineHost?: string): string {
  if (!engineHost) return `attach to ${address}`;
  const port = address.slice(address.lastIndexOf(':') + 1);
  return `attach to ${address} on ${engineHost}, the engine's machine: forward it first (ssh -L ${port}:${address} ${engineHost})`;
}
