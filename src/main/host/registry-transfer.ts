// Hand-off to another Fn-compatible server: export the registry by name, and apply such a file to a server through
// Fn's v2 API only (create or update by name). Importing a file here is the same push, to this host's own API.
import { describeIssues } from '../../shared/api-schemas';
import { ApiError } from '../../shared/errors';
import { type RegistryFile, registryFileSchema, type TransferReport } from '../../shared/registry-file';
import { type FunctionRegistry, SERVER_ANNOTATIONS } from './function-registry';
import type { TriggerRegistry } from './trigger-registry';

/** One request to an Fn v2 API: a path with query, a JSON body; the answer's status and parsed body. */
export type FnApiRequest = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

const withoutServerKeys = (a: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(a).filter(([k]) => !SERVER_ANNOTATIONS.includes(k)));

export function exportRegistry(
  registry: FunctionRegistry,
  triggers: TriggerRegistry,
  now = new Date(),
): RegistryFile {
  return {
    kind: 'fn-studio/registry',
    version: 1,
    exported_at: now.toISOString(),
    apps: registry.listApps().map((app) => ({
      name: app.name,
      config: app.config,
      annotations: withoutServerKeys(app.annotations),
      ...(app.syslog_url ? { syslog_url: app.syslog_url } : {}),
      fns: registry.listFns({ app_id: app.id }).map((fn) => ({
        name: fn.name,
        image: fn.image,
        memory: fn.memory,
        timeout: fn.timeout,
        idle_timeout: fn.idle_timeout,
        format: fn.format,
        network: fn.network,
        config: fn.config,
        annotations: withoutServerKeys(fn.annotations),
        triggers: triggers.list({ fn_id: fn.id }).map((t) => ({
          name: t.name,
          type: t.type,
          source: t.source,
          annotations: withoutServerKeys(t.annotations),
        })),
      })),
    })),
  };
}

export function parseRegistryFile(value: unknown): RegistryFile {
  const r = registryFileSchema.safeParse(value);
  if (!r.success)
    throw new ApiError('invalid_input', `not a valid registry file: ${describeIssues(r.error)}`);
  return r.data;
}

/** A map patch that makes `current` equal `wanted` under Fn's PUT merge: "" deletes a key. */
function replacing<V>(
  current: Record<string, V> | null | undefined,
  wanted: Record<string, V>,
): Record<string, V | ''> {
  const patch: Record<string, V | ''> = { ...wanted };
  for (const k of Object.keys(current ?? {}))
    if (!(k in wanted) && !SERVER_ANNOTATIONS.includes(k)) patch[k] = '';
  return patch;
}

type Item = {
  id: string;
  config?: Record<string, string> | null;
  annotations?: Record<string, unknown> | null;
};

/** Creates or updates every app, function and trigger of the file on the server `send` talks to. */
export async function pushRegistry(file: RegistryFile, send: FnApiRequest): Promise<TransferReport> {
  const report: TransferReport = { created: [], updated: [], errors: [] };
  const fail = (what: string, res: { status: number; body: unknown }) => {
    const message = (res.body as { message?: string } | null)?.message ?? JSON.stringify(res.body);
    report.errors.push(`${what}: ${res.status} ${message}`);
  };
  /** Finds by name (the first of `?name=`), then PUTs a patch or POSTs the whole object. */
  const upsert = async (
    what: string,
    list: string,
    item: (found: Item | undefined) => { create: object; update: object },
    at: (id: string) => string,
    collection: string,
  ): Promise<string | undefined> => {
    const found = await send('GET', list);
    if (found.status !== 200) return void fail(what, found);
    const existing = ((found.body as { items?: Item[] }).items ?? [])[0];
    const bodies = item(existing);
    const res = existing
      ? await send('PUT', at(existing.id), bodies.update)
      : await send('POST', collection, bodies.create);
    if (res.status !== 200) return void fail(what, res);
    (existing ? report.updated : report.created).push(what);
    return (res.body as { id: string }).id;
  };
  const q = encodeURIComponent;

  for (const app of file.apps) {
    const appId = await upsert(
      `app ${app.name}`,
      `/v2/apps?name=${q(app.name)}`,
      (found) => {
        const fields = {
          annotations: app.annotations,
          ...(app.syslog_url ? { syslog_url: app.syslog_url } : {}),
        };
        return {
          create: { name: app.name, config: app.config, ...fields },
          update: {
            config: replacing(found?.config, app.config),
            annotations: replacing(found?.annotations, app.annotations),
            ...(app.syslog_url ? { syslog_url: app.syslog_url } : {}),
          },
        };
      },
      (id) => `/v2/apps/${id}`,
      '/v2/apps',
    );
    if (!appId) continue;
    for (const fn of app.fns) {
      const { triggers, name, config, annotations, ...settings } = fn;
      const fnId = await upsert(
        `function ${app.name}/${name}`,
        `/v2/fns?app_id=${q(appId)}&name=${q(name)}`,
        (found) => ({
          create: { name, app_id: appId, config, annotations, ...settings },
          update: {
            ...settings,
            config: replacing(found?.config, config),
            annotations: replacing(found?.annotations, annotations),
          },
        }),
        (id) => `/v2/fns/${id}`,
        '/v2/fns',
      );
      if (!fnId) continue;
      for (const t of triggers) {
        await upsert(
          `trigger ${app.name}/${t.name}`,
          `/v2/triggers?app_id=${q(appId)}&fn_id=${q(fnId)}&name=${q(t.name)}`,
          (found) => ({
            create: {
              name: t.name,
              app_id: appId,
              fn_id: fnId,
              type: t.type,
              source: t.source,
              annotations: t.annotations,
            },
            update: { source: t.source, annotations: replacing(found?.annotations, t.annotations) },
          }),
          (id) => `/v2/triggers/${id}`,
          '/v2/triggers',
        );
      }
    }
  }
  return report;
}

/** Talks to a remote Fn-compatible server's v2 API at `baseUrl`. */
export function remoteFnApi(baseUrl: string): FnApiRequest {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new ApiError('invalid_input', `not a URL: ${baseUrl}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new ApiError(
      'invalid_input',
      `the server URL must start with http:// or https://, not ${base.protocol}`,
    );
  const root = base.href.replace(/\/+$/, '');
  return async (method, path, body) => {
    let res: Response;
    try {
      res = await fetch(`${root}${path}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new ApiError(
        'function_error',
        `could not reach ${root}: ${(err as Error).cause ?? (err as Error).message}`,
      );
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text for the error message.
    }
    return { status: res.status, body: parsed };
  };
}
