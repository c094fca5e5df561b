// Hand-off to another Fn-compatible server: export the registry by name, and apply such a file to a server through
// Fn's v2 API only (create or update by name). Importing a file here is the same push, to this host's own API.
// An exported file has its secret-looking config values masked (it is a file at rest, easily shared); a push to a
// server carries the real values, which the functions need to run there. A masked value in a file is no value: the
// server keeps what it has for that key, and the report names the keys it does not have.
import { describeIssues } from '../../shared/api-schemas';
import { ApiError } from '../../shared/errors';
import { type RegistryFile, registryFileSchema, type TransferReport } from '../../shared/registry-file';
import { MASKED_VALUE, maskSecrets } from '../../shared/secret-config';
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

/** `secrets`: 'mask' for a file (the default), 'keep' for a push straight to a server. */
export function exportRegistry(
  registry: FunctionRegistry,
  triggers: TriggerRegistry,
  { now = new Date(), secrets = 'mask' }: { now?: Date; secrets?: 'mask' | 'keep' } = {},
): RegistryFile {
  const config = (c: Record<string, string>) => (secrets === 'mask' ? maskSecrets(c) : c);
  return {
    kind: 'fn-studio/registry',
    version: 1,
    exported_at: now.toISOString(),
    apps: registry.listApps().map((app) => ({
      name: app.name,
      config: config(app.config),
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
        config: config(fn.config),
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

/**
 * The config of a create or update: masked values (secrets of an exported file) are left out, so the server keeps
 * its own; `unset` names those it does not have.
 */
function configBodies(
  current: Record<string, string> | null | undefined,
  wanted: Record<string, string>,
): { create: Record<string, string>; update: Record<string, string>; unset: string[] } {
  const masked = Object.keys(wanted).filter((k) => wanted[k] === MASKED_VALUE);
  const create = { ...wanted };
  const update = replacing(current, wanted);
  for (const k of masked) {
    delete create[k];
    delete update[k];
  }
  return { create, update, unset: masked.filter((k) => !(current && k in current)) };
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
    item: (found: Item | undefined) => { create: object; update: object; unset?: string[] },
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
    if (bodies.unset?.length) (report.secrets_not_set ??= []).push(`${what}: ${bodies.unset.join(', ')}`);
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
        const config = configBodies(found?.config, app.config);
        return {
          create: { name: app.name, config: config.create, ...fields },
          update: {
            config: config.update,
            annotations: replacing(found?.annotations, app.annotations),
            ...(app.syslog_url ? { syslog_url: app.syslog_url } : {}),
          },
          unset: config.unset,
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
        (found) => {
          const bodies = configBodies(found?.config, config);
          return {
            create: { name, app_id: appId, config: bodies.create, annotations, ...settings },
            update: {
              ...settings,
              config: bodies.update,
              annotations: replacing(found?.annotations, annotations),
            },
            unset: bodies.unset,
          };
        },
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
