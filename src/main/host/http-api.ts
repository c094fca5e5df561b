// The Fn-compatible HTTP API (DESIGN.md §3) as a pure handler on plain request objects, shared by the socket
// server and the composer's in-process sendHttp, so both get the same validation and the same call records.
import { ApiError } from '../../shared/errors';
import type { Fn, HostStatus, Trigger } from '../../shared/models';
import type { Agent } from '../core/agent';
import type { CallService } from './call-service';
import type { DetachedQueue } from './detached-queue';
import type { FunctionRegistry } from './function-registry';
import { invoke } from './http-invoke';
import { bodyLimitError } from './body-tap';
import { containerDetailOf, revealParam } from './container-details';
import { decodePart, InvocationGate } from './invocation';
import {
  type HostRequest,
  type HostResponse,
  type Route,
  headerValue,
  json,
  noContent,
  parseJsonBody,
  plainText,
} from './http-types';
import { transferRoutes, triggerRoutes } from './http-routes-tooling';
import { fnSeries, metricsText } from './metrics';
import { pageSize, paginate } from './pagination';
import { checkHostAndOrigin } from './request-guard';
import type { SettingsService } from './settings-service';
import { TRIGGER_ENDPOINT, type TriggerRegistry } from './trigger-registry';
import type { FnApiRequest } from './registry-transfer';
import type { WatchStatus } from '../../shared/watch-status';
import { CallCancel } from '../core/call-cancel';

export type { HostRequest, HostResponse } from './http-types';

export interface HttpApiDeps {
  gate: InvocationGate;
  registry: FunctionRegistry;
  triggers: TriggerRegistry;
  calls: CallService;
  queue: DetachedQueue;
  agent: Agent;
  settings: SettingsService;
  version: string;
  /** The host's status: version, Docker reachability, API URL. */
  status: () => HostStatus;
  port: () => number;
  bodyLimitBytes: () => number;
  /** A watched function's rebuild state; undefined when it is not watched. */
  watchOf: (fnId: string) => WatchStatus | undefined;
}

export const INVOKE_ENDPOINT = 'fnproject.io/fn/invokeEndpoint';

/** A path of plain characters only: nothing that URL parsing would decode, resolve or reject. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9_\-/]*(?:\?|$)/;

/**
 * The request's path and query. A plain path (every API path and invoke URL) is split as it is, which costs a
 * fraction of a URL parse on every call; anything else gets the full parse and its normalisation.
 */
function requestTarget(target: string): { pathname: string; searchParams: URLSearchParams } {
  if (PLAIN_PATH.test(target)) {
    const q = target.indexOf('?');
    return q < 0
      ? { pathname: target, searchParams: new URLSearchParams() }
      : { pathname: target.slice(0, q), searchParams: new URLSearchParams(target.slice(q + 1)) };
  }
  try {
    return new URL(target, 'http://localhost');
  } catch {
    throw new ApiError('invalid_input', `not a valid request path: ${target}`);
  }
}

export class HttpApi {
  private readonly routes: Route[];

  constructor(private readonly deps: HttpApiDeps) {
    const { registry, calls, settings } = deps;
    const endpoint = (f: Fn, r: HostRequest) => this.withEndpoint(f, r);
    this.routes = [
      { pattern: /^\/version$/, methods: { GET: () => json(200, versionBody(deps.version, deps.status())) } },
      { pattern: /^\/v2\/status$/, methods: { GET: () => json(200, deps.status()) } },
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
          PUT: (r, [id]) => json(200, registry.updateApp(id, parseJsonBody(r))),
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
            return json(200, { ...page, items: page.items.map((f) => endpoint(f, r)) });
          },
          POST: (r) => json(200, endpoint(registry.createFn(parseJsonBody(r)), r)),
        },
      },
      {
        pattern: /^\/v2\/fns\/([^/]+)$/,
        methods: {
          GET: (r, [id]) => json(200, endpoint(registry.getFn(id), r)),
          PUT: (r, [id]) => json(200, endpoint(registry.updateFn(id, parseJsonBody(r)), r)),
          DELETE: (_r, [id]) => {
            registry.deleteFn(id);
            return noContent();
          },
        },
      },
      {
        pattern: /^\/v2\/fns\/([^/]+)\/watch$/,
        methods: {
          GET: (_r, [id]) => {
            const fn = registry.getFn(id);
            const watch = deps.watchOf(id);
            if (!watch)
              throw new ApiError(
                'not_found',
                `function ${fn.name} is not watched (annotation fnstudio.io/fn/watch)`,
              );
            return json(200, watch);
          },
        },
      },
      {
        pattern: /^\/v2\/calls$/,
        methods: { GET: (_r, _p, q) => json(200, this.listCalls(q)) },
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
          GET: (_r, [id]) => plainText(calls.logText(id)),
        },
      },
      {
        pattern: /^\/v2\/containers\/([^/]+)\/log$/,
        methods: {
          GET: (_r, [id]) => plainText(calls.containerLogText(id)),
        },
      },
      {
        pattern: /^\/v2\/containers\/([^/]+)$/,
        methods: {
          GET: (_r, [id], q) =>
            json(200, containerDetailOf(deps.agent.containers, id, revealParam(q.get('reveal')))),
        },
      },
      {
        pattern: /^\/v2\/containers$/,
        methods: { GET: () => json(200, { items: deps.agent.containers.list() }) },
      },
      {
        pattern: /^\/v2\/stats$/,
        methods: {
          GET: () => json(200, { ...deps.agent.stats(), detached_queued: deps.queue.length }),
        },
      },
      {
        pattern: /^\/v2\/settings$/,
        methods: {
          GET: () => json(200, settings.view()),
          PUT: (r) => json(200, settings.update(parseJsonBody(r))),
        },
      },
      ...triggerRoutes(deps.triggers, (t, r) => this.withTriggerEndpoint(t, r)),
      ...transferRoutes(registry, deps.triggers, () => this.self(), deps.status),
      {
        pattern: /^\/metrics$/,
        methods: {
          GET: () => ({
            status: 200,
            headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
            body: (() => {
              const stats = deps.agent.stats();
              return metricsText({
                stats,
                detachedQueued: deps.queue.length,
                serverBusy: calls.serverBusy,
                phases: calls.phaseTotals,
                byFn: fnSeries(stats.functions, deps.queue.waitingByFn(), calls.serverBusyByFn, registry),
              });
            })(),
          }),
        },
      },
    ];
  }

  /** This API as an Fn v2 server, in-process: importing a file is pushing it here. */
  self(): FnApiRequest {
    return async (method, path, body) => {
      const res = await this.handle({
        method,
        url: path,
        headers: { host: `127.0.0.1:${this.deps.port()}`, 'content-type': 'application/json' },
        body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
        abort: new CallCancel(),
      });
      const text =
        typeof res.body === 'string' ? res.body : Buffer.isBuffer(res.body) ? res.body.toString() : '';
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
  }

  /** True for paths this API owns; everything else is the web UI's. */
  static owns(path: string): boolean {
    return /^\/(v2|invoke|t|version|metrics)(\/|$|\?)/.test(path);
  }

  async handle(req: HostRequest): Promise<HostResponse> {
    try {
      checkHostAndOrigin(headerValue(req, 'host'), headerValue(req, 'origin'), this.deps.port());
      const url = requestTarget(req.url);
      // A buffered body is held to the same limit as a streamed one.
      if (req.body.length > this.deps.bodyLimitBytes()) throw bodyLimitError(this.deps.bodyLimitBytes());
      const path = url.pathname.replace(/\/+$/, '') || '/';
      // /invoke/{fn_id} takes POST; /t/{app_name}{source} any method.
      const target = InvocationGate.targetOf(url.pathname);
      if (target) {
        if (!InvocationGate.invokes(req.method.toUpperCase(), url.pathname))
          return methodNotAllowed(req.method, path, ['POST']);
        return await invoke(this.deps, req, target);
      }
      for (const route of this.routes) {
        const m = route.pattern.exec(path);
        if (!m) continue;
        const handler = route.methods[req.method.toUpperCase()];
        if (!handler) return methodNotAllowed(req.method, path, Object.keys(route.methods));
        return await handler(req, m.slice(1).map(decodePart), url.searchParams);
      }
      throw new ApiError('not_found', `no such endpoint: ${req.method} ${path}`);
    } catch (err) {
      if (err instanceof ApiError) return json(err.status, { message: err.message });
      return json(500, { message: `internal error: ${(err as Error).message}` });
    }
  }

  /** Newest first, paged by id in the store: the cursor is the last id of the page before. */
  private listCalls(q: URLSearchParams) {
    const size = pageSize(q);
    const cursor = q.get('cursor');
    const before = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
    const status = q.get('status') ?? undefined;
    const STATUSES = ['queued', 'running', 'success', 'error', 'timeout', 'cancelled'];
    if (status && !STATUSES.includes(status))
      throw new ApiError('invalid_input', `status must be one of ${STATUSES.join(', ')}`);
    const items = this.deps.calls.list(
      { fn_id: q.get('fn_id') ?? undefined, app_id: q.get('app_id') ?? undefined, status, before },
      size + 1,
    );
    const page = items.slice(0, size);
    return items.length > size
      ? { items: page, next_cursor: Buffer.from(page[page.length - 1].id).toString('base64url') }
      : { items: page };
  }

  private withTriggerEndpoint(t: Trigger, req: HostRequest): Trigger {
    const host = headerValue(req, 'host') ?? `127.0.0.1:${this.deps.port()}`;
    const app = this.deps.registry.getApp(t.app_id);
    return {
      ...t,
      annotations: { ...t.annotations, [TRIGGER_ENDPOINT]: `http://${host}/t/${app.name}${t.source}` },
    };
  }

  private withEndpoint(fn: Fn, req: HostRequest): Fn {
    const host = headerValue(req, 'host') ?? `127.0.0.1:${this.deps.port()}`;
    return { ...fn, annotations: { ...fn.annotations, [INVOKE_ENDPOINT]: `http://${host}/invoke/${fn.id}` } };
  }
}

function methodNotAllowed(method: string, path: string, methods: string[]): HostResponse {
  const allowed = methods.join(', ');
  return {
    ...json(405, { message: `method ${method} is not allowed on ${path} (use ${allowed})` }),
    headers: { 'Content-Type': 'application/json; charset=utf-8', Allow: allowed },
  };
}

/** Fn's `{version}`, with the engine in use and the http-stream mode (and why) beside it. */
function versionBody(version: string, status: HostStatus) {
  const { reachable, endpoint, message, engine } = status.docker;
  return {
    version,
    engine: { reachable, endpoint, ...(engine ?? {}), ...(message ? { message } : {}) },
    ...(status.http_stream ? { http_stream: status.http_stream } : {}),
  };
}
