// The typed StudioApi implemented on the host's services; every transport dispatches to this one object.
import type { Readable } from 'node:stream';
import type { HttpRequestInput, StudioApi } from '../../shared/api-contract';
import { ApiError } from '../../shared/errors';
import type { HostStatus } from '../../shared/models';
import type { Agent } from '../core/agent';
import type { CallService } from './call-service';
import type { createComposerApi } from './composer-service';
import type { FunctionRegistry } from './function-registry';
import type { HttpApi } from './http-api';
import type { LiveFeed } from './live-feed';
import type { SettingsService } from './settings-service';
import { exportCalls, MAX_EXPORT_CALLS, registryNames } from './call-export';
import { containerDetailOf } from './container-details';
import { registerExamples } from './example-catalog';
import type { ImageService } from './image-service';
import { pushToServer } from './push-target';
import { exportRegistry, parseRegistryFile, pushRegistry } from './registry-transfer';
import type { TriggerRegistry } from './trigger-registry';
import type { WatchService } from './watch-service';
import { CallCancel } from '../core/call-cancel';

export interface ApiServiceDeps {
  registry: FunctionRegistry;
  calls: CallService;
  agent: Agent;
  http: HttpApi;
  feed: LiveFeed;
  settings: SettingsService;
  images: ImageService;
  triggers: TriggerRegistry;
  composer: ReturnType<typeof createComposerApi>;
  watches: WatchService;
  /** resources/examples of this installation, when it ships them. */
  examplesDir?: string;
  status: () => HostStatus;
  port: () => number;
}

export function createApiService(d: ApiServiceDeps): StudioApi {
  return {
    getStatus: async () => d.status(),
    listApps: async () => d.registry.listApps(),
    createApp: async (input) => d.registry.createApp(input),
    updateApp: async ({ app_id, patch }) => d.registry.updateApp(app_id, patch),
    deleteApp: async ({ app_id }) => {
      d.registry.deleteApp(app_id);
      return null;
    },
    listFns: async ({ app_id }) => d.registry.listFns({ app_id }),
    createFn: async (input) => d.registry.createFn(input),
    updateFn: async ({ fn_id, patch }) => d.registry.updateFn(fn_id, patch),
    deleteFn: async ({ fn_id }) => {
      d.registry.deleteFn(fn_id);
      return null;
    },
    listTriggers: async (filter) => d.triggers.list(filter),
    createTrigger: async (input) => d.triggers.create(input),
    deleteTrigger: async ({ trigger_id }) => {
      d.triggers.delete(trigger_id);
      return null;
    },
    sendHttp: (input) => sendHttp(d, input),
    listCalls: async ({ limit, ...filter }) => d.calls.list(filter, limit ?? 1000),
    cancelCall: async ({ call_id }) => {
      d.calls.cancel(call_id);
      return null;
    },
    getCall: async ({ call_id }) => d.calls.get(call_id),
    getCallLog: async ({ call_id }) => d.calls.logText(call_id),
    listContainers: async () => d.agent.containers.list(),
    getContainerLog: async ({ container_id }) => d.calls.containerLogText(container_id),
    getContainer: async ({ container_id, reveal }) =>
      containerDetailOf(d.agent.containers, container_id, reveal ?? false),
    getLiveState: async () => d.feed.state(d.status()),
    listCallSummaries: async ({ limit, ...filter }) => d.calls.summaries(filter, limit ?? 50_000),
    exportCalls: async ({ format, ids, filter }) => {
      const records = ids
        ? ids.slice(0, MAX_EXPORT_CALLS).map((id) => d.calls.get(id))
        : d.calls.list(filter ?? {}, Math.min(filter?.limit ?? MAX_EXPORT_CALLS, MAX_EXPORT_CALLS));
      return exportCalls(records, (id) => d.calls.logText(id), format, registryNames(d.registry));
    },
    imageStatus: async ({ image }) => ({ image, present: await d.images.present(image) }),
    pullImage: async ({ image }) => {
      await d.images.pull(image);
      return null;
    },
    buildImage: async ({ folder, tag }) => {
      await d.images.build(folder, tag);
      return null;
    },
    listWatches: async () => d.watches.list(),
    getSettings: async () => d.settings.view(),
    loadExamples: async () => {
      if (!d.examplesDir) throw new ApiError('not_found', 'this installation has no example functions');
      return registerExamples(d.registry, d.examplesDir);
    },
    exportRegistry: async () => exportRegistry(d.registry, d.triggers),
    importRegistry: async ({ file }) => pushRegistry(parseRegistryFile(file), d.http.self()),
    pushRegistry: async ({ url }) =>
      pushToServer(url, exportRegistry(d.registry, d.triggers, { secrets: 'keep' }), d.status()),
    updateSettings: async (patch) => d.settings.update(patch),
    ...d.composer,
  };
}

/** The composer's request, run through the same HTTP handler a socket request would reach. */
async function sendHttp(d: ApiServiceDeps, input: HttpRequestInput) {
  const body = Buffer.from(input.body ?? '', 'utf8');
  const headers: Record<string, string> = { host: `127.0.0.1:${d.port()}` };
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers['content-length'] = String(body.length);
  const started = performance.now();
  const res = await d.http.handle({
    method: input.method,
    url: input.path,
    headers,
    body,
    abort: new CallCancel(),
  });
  return {
    status: res.status,
    headers: oneLinePerHeader(res.headers),
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

/** The composer shows one line per header name: repeated values (two Set-Cookie) on separate lines of it. */
function oneLinePerHeader(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.join('\n') : v;
  return out;
}
