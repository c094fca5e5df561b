// Routes of the Fn-tooling extensions: HTTP triggers (/v2/triggers) and the registry hand-off (/v2/export,
// /v2/import, /v2/push).
import { ApiError } from '../../shared/errors';
import type { HostStatus, Trigger } from '../../shared/models';
import type { FunctionRegistry } from './function-registry';
import { type HostRequest, type Route, json, noContent, parseJsonBody } from './http-types';
import { paginate } from './pagination';
import { pushToServer } from './push-target';
import { exportRegistry, type FnApiRequest, parseRegistryFile, pushRegistry } from './registry-transfer';
import type { TriggerRegistry } from './trigger-registry';

export function triggerRoutes(
  triggers: TriggerRegistry,
  withEndpoint: (t: Trigger, r: HostRequest) => Trigger,
): Route[] {
  return [
    {
      pattern: /^\/v2\/triggers$/,
      methods: {
        GET: (r, _p, q) => {
          const list = triggers.list({
            app_id: q.get('app_id') ?? undefined,
            fn_id: q.get('fn_id') ?? undefined,
            name: q.get('name') ?? undefined,
          });
          const page = paginate(list, (t) => t.name, q);
          return json(200, { ...page, items: page.items.map((t) => withEndpoint(t, r)) });
        },
        POST: (r) => json(200, withEndpoint(triggers.create(parseJsonBody(r)), r)),
      },
    },
    {
      pattern: /^\/v2\/triggers\/([^/]+)$/,
      methods: {
        GET: (r, [id]) => json(200, withEndpoint(triggers.get(id), r)),
        PUT: (r, [id]) => json(200, withEndpoint(triggers.update(id, parseJsonBody(r)), r)),
        DELETE: (_r, [id]) => {
          triggers.delete(id);
          return noContent();
        },
      },
    },
  ];
}

export function transferRoutes(
  registry: FunctionRegistry,
  triggers: TriggerRegistry,
  self: () => FnApiRequest,
  status: () => HostStatus,
): Route[] {
  return [
    {
      pattern: /^\/v2\/export$/,
      methods: {
        GET: () => {
          const res = json(200, exportRegistry(registry, triggers));
          res.headers['Content-Disposition'] = 'attachment; filename="fn-studio-registry.json"';
          return res;
        },
      },
    },
    {
      pattern: /^\/v2\/import$/,
      methods: {
        POST: async (r) => json(200, await pushRegistry(parseRegistryFile(parseJsonBody(r)), self())),
      },
    },
    {
      pattern: /^\/v2\/push$/,
      methods: {
        POST: async (r) => {
          const { url } = parseJsonBody(r) as { url?: unknown };
          if (typeof url !== 'string' || !url)
            throw new ApiError('invalid_input', 'url is required: the API URL of the Fn server to push to');
          const file = exportRegistry(registry, triggers, { secrets: 'keep' });
          return json(200, await pushToServer(url, file, status()));
        },
      },
    },
  ];
}
