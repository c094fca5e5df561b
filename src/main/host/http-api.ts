// The Fn-compatible HTTP API (DESIGN.md §3) as a pure handler on plain request objects, shared by the socket
// server and the composer's in-process sendHttp, so both get the same validation and the same call records.
import type { Readable } from 'node:stream';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { ResponseSink } from '../core/protocols/http-stream';
import type { BodyTap } from './body-tap';
import type { Fn } from '../../shared/models';
import type { Agent } from '../core/agent';
import type { CallService } from './call-service';
import type { FunctionRegistry } from './function-registry';
import { paginate } from './pagination';
import { checkHostAndOrigin } from './request-guard';

export interface HostRequest {
  method: string;
  /** Path and query, e.g. `/v2/fns?app_id=X`. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Set for invokes: the body as it arrives (then `body` is empty). */
  bodyStream?: BodyTap;
  signal: AbortSignal;
}

export interface HostResponse {
  status: number;
  headers: Record<string, string>;
  /** A Readable when a function's reply is streamed on as it arrives. */
  body: Buffer | string | Readable;
}

export interface HttpApiDeps {
  registry: FunctionRegistry;
  calls: CallService;
  agent: Agent;
  version: string;
  port: () => number;
  bodyLimitBytes: number;
}

type Handler = (
  req: HostRequest,
  params: string[],
  query: URLSearchParams,
) => Promise<HostResponse> | HostResponse;
type Route = { pattern: RegExp; methods: Record<string, Handler> };

const json = (status: number, value: unknown): HostResponse => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: value === undefined ? '' : JSON.stringify(value),
});
const noContent = (): HostResponse => ({ status: 204, headers: {}, body: '' });

export const INVOKE_ENDPOINT = 'fnproject.io/fn/invokeEndpoint';

function parseJsonBody(req: HostRequest): unknown {
  const text = req.body.toString('utf8').trim();
  if (!text) throw new ApiError('invalid_input', 'the request body must be a JSON object');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_input', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

function headerValue(req: HostRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class HttpApi {
  private readonly routes: Route[];

  constructor(private readonly deps: HttpApiDeps) {
    const { registry, calls } = deps;
    this.routes = [
      { pattern: /^\/version$/, methods: { GET: () => json(200, { version: deps.version }) } },
      {
        pattern: /^\/v2\/apps$/,
        methods: {
          GET: (_r, _p, q) => {
            const name = q.get('name');
            const apps = registry.listApps().filter((a) => !name || a.name === name);
            return json(
              200,
              paginate(apps, (a) => a.name, q),
            );
          },
          POST: (r) => json(200, registry.createApp(parseJsonBody(r))),
        },
      },
      {
        pattern: /^\/v2\/apps\/([^/]+)$/,
        methods: {
          GET: (_r, [id]) => json(200, registry.getApp(id)),
          DELETE: (_r, [id]) => {
            registry.deleteApp(id);
            return noContent();
          },
        },
      },
      {
        pattern: /^\/v2\/fns$/,
        methods: {
          GET: (r, _p, q) => {
            const fns = registry.listFns({
              app_id: q.get('app_id') ?? undefined,
              name: q.get('name') ?? undefined,
            });
            const page = paginate(fns, (f) => f.name, q);
            return json(200, { ...page, items: page.items.map((f) => this.withEndpoint(f, r)) });
          },
          POST: (r) => json(200, this.withEndpoint(registry.createFn(parseJsonBody(r)), r)),
        },
      },
      {
        pattern: /^\/v2\/fns\/([^/]+)$/,
        methods: {
          GET: (r, [id]) => json(200, this.withEndpoint(registry.getFn(id), r)),
          DELETE: (_r, [id]) => {
            registry.deleteFn(id);
            return noContent();
          },
        },
      },
      { pattern: /^\/invoke\/([^/]+)$/, methods: { POST: (r, [id]) => this.invoke(r, id) } },
      {
        pattern: /^\/v2\/calls$/,
        methods: {
          GET: (_r, _p, q) =>
            json(
              200,
              paginate(
                calls.list({
                  fn_id: q.get('fn_id') ?? undefined,
                  app_id: q.get('app_id') ?? undefined,
                  status: q.get('status') ?? undefined,
                }),
                // Newest first: invert the sortable id so the cursor still compares upwards.
                (c) => [...c.id].map((ch) => String.fromCharCode(0xffff - ch.charCodeAt(0))).join(''),
                q,
              ),
            ),
        },
      },
      {
        pattern: /^\/v2\/calls\/([^/]+)$/,
        methods: {
          GET: (_r, [id]) => json(200, calls.get(id)),
          DELETE: (_r, [id]) => {
            calls.cancel(id);
            return noContent();
          },
        },
      },
      {
        pattern: /^\/v2\/calls\/([^/]+)\/log$/,
        methods: {
          GET: (_r, [id]) => ({
            status: 200,
            headers: { 'Content-Type': 'text/plain; charset=utf-8' },
            body: calls.logText(id),
          }),
        },
      },
      {
        pattern: /^\/v2\/containers$/,
        methods: { GET: () => json(200, { items: deps.agent.containers.list() }) },
      },
      { pattern: /^\/v2\/stats$/, methods: { GET: () => json(200, deps.agent.stats()) } },
      { pattern: /^\/v2\/triggers$/, methods: { GET: () => json(200, { items: [] }) } },
    ];
  }

  /** True for paths this API owns; everything else is the web UI's. */
  static owns(path: string): boolean {
    return /^\/(v2|invoke|t|version|metrics)(\/|$|\?)/.test(path);
  }

  async handle(req: HostRequest): Promise<HostResponse> {
    try {
      checkHostAndOrigin(headerValue(req, 'host'), headerValue(req, 'origin'), this.deps.port());
      const url = new URL(req.url, 'http://localhost');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      for (const route of this.routes) {
        const m = route.pattern.exec(path);
        if (!m) continue;
        const handler = route.methods[req.method.toUpperCase()];
        if (!handler) {
          const allowed = Object.keys(route.methods).join(', ');
          return {
            ...json(405, { message: `method ${req.method} is not allowed on ${path} (use ${allowed})` }),
            headers: { 'Content-Type': 'application/json; charset=utf-8', Allow: allowed },
          };
        }
        return await handler(req, m.slice(1).map(decodeURIComponent), url.searchParams);
      }
      throw new ApiError('not_found', `no such endpoint: ${req.method} ${path}`);
    } catch (err) {
      if (err instanceof ApiError) return json(err.status, { message: err.message });
      return json(500, { message: `internal error: ${(err as Error).message}` });
    }
  }

  private withEndpoint(fn: Fn, req: HostRequest): Fn {
    const host = headerValue(req, 'host') ?? `127.0.0.1:${this.deps.port()}`;
    return { ...fn, annotations: { ...fn.annotations, [INVOKE_ENDPOINT]: `http://${host}/invoke/${fn.id}` } };
  }

  private async invoke(req: HostRequest, fnId: string): Promise<HostResponse> {
    const fn = this.deps.registry.getFn(fnId);
    const app = this.deps.registry.getApp(fn.app_id);
    this.deps.registry.checkMemory(fn.memory);
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v : [v];
    const host = headerValue(req, 'host') ?? `127.0.0.1:${this.deps.port()}`;
    // http-stream takes the body as it arrives; the stdio formats and cold containers need all of it first.
    const streamBody = fn.format === 'http-stream' ? req.bodyStream : undefined;
    const body = req.bodyStream && !streamBody ? await req.bodyStream.readAll() : req.body;
    const id = newId();
    const callHeader = { 'Fn-Call-Id': id };
    let onResponse: ResponseSink | undefined;
    const streamed = new Promise<HostResponse>((resolve) => {
      onResponse = (head, stream) =>
        resolve({ status: head.status, headers: { ...flatten(head.headers), ...callHeader }, body: stream });
    });
    const finished = this.deps.calls
      .invoke(app, fn, {
        id,
        method: req.method,
        url: `http://${host}${req.url}`,
        headers,
        body,
        bodyStream: streamBody,
        signal: req.signal,
        onResponse,
      })
      .then(({ outcome }): HostResponse => {
        if (streamBody?.tooLarge) {
          return {
            ...json(413, {
              message: `the request body is over the limit of ${this.deps.bodyLimitBytes} bytes`,
            }),
          };
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
}

function flatten(headers: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = v.join(', ');
  return out;
}
