// The typed StudioApi implemented on the host's services; every transport dispatches to this one object.
import type { Readable } from 'node:stream';
import type { HttpRequestInput, StudioApi } from '../../shared/api-contract';
import { ApiError } from '../../shared/errors';
import type { HostStatus } from '../../shared/models';
import type { Agent } from '../core/agent';
import type { CallService } from './call-service';
import type { FunctionRegistry } from './function-registry';
import type { HttpApi } from './http-api';

export interface ApiServiceDeps {
  registry: FunctionRegistry;
  calls: CallService;
  agent: Agent;
  http: HttpApi;
  status: () => HostStatus;
  port: () => number;
  bodyLimitBytes: number;
}

export function createApiService(d: ApiServiceDeps): StudioApi {
  return {
    getStatus: async () => d.status(),
    listApps: async () => d.registry.listApps(),
    createApp: async (input) => d.registry.createApp(input),
    listFns: async ({ app_id }) => d.registry.listFns({ app_id }),
    createFn: async (input) => d.registry.createFn(input),
    deleteFn: async ({ fn_id }) => {
      d.registry.deleteFn(fn_id);
      return null;
    },
    sendHttp: (input) => sendHttp(d, input),
    listCalls: async ({ fn_id }) => d.calls.list({ fn_id }),
    getCall: async ({ call_id }) => d.calls.get(call_id),
    getCallLog: async ({ call_id }) => d.calls.logText(call_id),
    listContainers: async () => d.agent.containers.list(),
  };
}

/** The composer's request, run through the same HTTP handler a socket request would reach. */
async function sendHttp(d: ApiServiceDeps, input: HttpRequestInput) {
  const body = Buffer.from(input.body ?? '', 'utf8');
  if (body.length > d.bodyLimitBytes) {
    throw new ApiError(
      'too_large',
      `the request body is ${body.length} bytes; the limit is ${d.bodyLimitBytes}`,
    );
  }
  const headers: Record<string, string> = { host: `127.0.0.1:${d.port()}` };
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers['content-length'] = String(body.length);
  const started = performance.now();
  const res = await d.http.handle({
    method: input.method,
    url: input.path,
    headers,
    body,
    signal: new AbortController().signal,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: await bodyText(res.body),
    duration_ms: Math.round((performance.now() - started) * 100) / 100,
  };
}

async function bodyText(body: Buffer | string | Readable): Promise<string> {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
