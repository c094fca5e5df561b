// The one typed API between the host and any UI, carried by Electron IPC and by WebSocket alike.
import type {
  App,
  CallRecord,
  CallSummary,
  ContainerInfo,
  Fn,
  FnFormat,
  HostStatus,
  RamSample,
  StartKind,
  Trigger,
} from './models';
import type { ComposerDraft, ComposerState, HistoryEntry, SavedRequest } from './composer-history';
import type { ContainerDetail } from './container-detail';
import type { RegistryFile, TransferReport } from './registry-file';
import type { SettingsPatch, SettingsView } from './settings';
import type { WatchStatus } from './watch-status';

export interface AppInput {
  name: string;
  config?: Record<string, string>;
  annotations?: Record<string, unknown>;
  syslog_url?: string;
}

export interface FnInput {
  name: string;
  app_id: string;
  image: string;
  memory?: number;
  timeout?: number;
  idle_timeout?: number;
  format?: FnFormat;
  network?: string;
  config?: Record<string, string>;
  annotations?: Record<string, unknown>;
}

/** An HTTP trigger: `source` is its path below the app, served at /t/{app name}{source}. */
export interface TriggerInput {
  name: string;
  app_id: string;
  fn_id: string;
  type: 'http';
  source: string;
  annotations?: Record<string, unknown>;
}

/** A request the composer sends; the host runs it through its own HTTP handler in-process. */
export interface HttpRequestInput {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponseOutput {
  status: number;
  headers: Record<string, string>;
  body: string;
  duration_ms: number;
}

/** Filters of the call list; newest first, `before` pages on from a call id. */
export interface CallListParams {
  fn_id?: string;
  app_id?: string;
  status?: CallRecord['status'];
  before?: string;
  limit?: number;
}

/** Filters of the call summaries (the calls table); newest first. */
export interface CallSummaryParams extends CallListParams {
  start_kind?: StartKind;
  /** created_at bounds, RFC 3339. */
  since?: string;
  until?: string;
}

export type ExportFormat = 'ndjson' | 'json' | 'csv' | 'text';

/** The most calls one export carries; the newest are kept. Shared so the UI can say when it cuts. */
export const MAX_EXPORT_CALLS = 10_000;

/** Which calls to export: the given ids, else those the filter selects (newest first, at most 10,000). */
export interface ExportParams {
  format: ExportFormat;
  ids?: string[];
  filter?: CallSummaryParams;
}

export interface ExportedFile {
  filename: string;
  mime: string;
  content: string;
}

/** What loadExamples registered: each example function with the folder its image builds from. */
export interface ExamplesLoaded {
  app_id: string;
  examples: { fn_id: string; name: string; image: string; folder: string }[];
}

/** Progress of an image pull or build started from the UI (or a pull a launch needed). */
export interface ImageEvent {
  image: string;
  kind: 'pull' | 'build';
  status: string;
  /** One line of build output. */
  line?: string;
  progress?: { current: number; total: number };
  done?: boolean;
  error?: string;
}

/** What a UI needs to (re)build its live view: the current state, then events numbered after `seq`. */
export interface LiveState {
  /** The number of the last event already reflected here; apply only events with a higher number. */
  seq: number;
  status: HostStatus;
  containers: ContainerInfo[];
  /** Containers that ended recently (newest last), for the timeline's lanes. */
  ended_containers: ContainerInfo[];
  /** The last few minutes of RAM samples, oldest first. */
  ram: RamSample[];
  /** Calls still queued or running, and the newest ended ones. */
  calls: CallRecord[];
}

/** Each method takes one params object and resolves with its result; errors arrive as ApiError. */
export interface StudioApi {
  getStatus(params: Record<string, never>): Promise<HostStatus>;
  listApps(params: Record<string, never>): Promise<App[]>;
  createApp(params: AppInput): Promise<App>;
  /** PUT semantics of the HTTP API: config and annotations merge key by key, "" deletes a key. */
  updateApp(params: { app_id: string; patch: Partial<AppInput> }): Promise<App>;
  deleteApp(params: { app_id: string }): Promise<null>;
  listFns(params: { app_id?: string }): Promise<Fn[]>;
  createFn(params: FnInput): Promise<Fn>;
  updateFn(params: { fn_id: string; patch: Partial<Omit<FnInput, 'app_id'>> }): Promise<Fn>;
  deleteFn(params: { fn_id: string }): Promise<null>;
  listTriggers(params: { app_id?: string; fn_id?: string }): Promise<Trigger[]>;
  createTrigger(params: TriggerInput): Promise<Trigger>;
  deleteTrigger(params: { trigger_id: string }): Promise<null>;
  sendHttp(params: HttpRequestInput): Promise<HttpResponseOutput>;
  listCalls(params: CallListParams): Promise<CallRecord[]>;
  cancelCall(params: { call_id: string }): Promise<null>;
  /** Heads of up to `limit` (default 50,000) calls: what the calls table and the timeline need. */
  listCallSummaries(params: CallSummaryParams): Promise<CallSummary[]>;
  exportCalls(params: ExportParams): Promise<ExportedFile>;
  getCall(params: { call_id: string }): Promise<CallRecord>;
  getCallLog(params: { call_id: string }): Promise<string>;
  listContainers(params: Record<string, never>): Promise<ContainerInfo[]>;
  /**
   * One live or recently ended container (by id or short id) with what it was started with: environment, limits,
   * mounts, labels, network, hardening, image ID. Secret-looking config values are masked unless `reveal`.
   */
  getContainer(params: { container_id: string; reveal?: boolean }): Promise<ContainerDetail>;
  /** A hot container's output between calls (kept after the container is gone). */
  getContainerLog(params: { container_id: string }): Promise<string>;
  getLiveState(params: Record<string, never>): Promise<LiveState>;
  imageStatus(params: { image: string }): Promise<{ image: string; present: boolean }>;
  /** Resolves when pulled; progress arrives as `image` events. */
  pullImage(params: { image: string }): Promise<null>;
  /** Builds `tag` from a folder with a Dockerfile on the host's machine; output arrives as `image` events. */
  buildImage(params: { folder: string; tag: string }): Promise<null>;
  /** Functions whose source folder is watched (annotation `fnstudio.io/fn/watch`), each with its rebuilds' state. */
  listWatches(params: Record<string, never>): Promise<WatchStatus[]>;
  getSettings(params: Record<string, never>): Promise<SettingsView>;
  /** Registers the example functions of resources/examples in an app "examples" (their images are not built). */
  loadExamples(params: Record<string, never>): Promise<ExamplesLoaded>;
  /** Apps, functions and triggers by name, to hand off to another Fn server. */
  exportRegistry(params: Record<string, never>): Promise<RegistryFile>;
  /** Creates or updates by name what the file holds. */
  importRegistry(params: { file: unknown }): Promise<TransferReport>;
  /** Pushes this registry to another Fn-compatible server through its v2 API. */
  pushRegistry(params: { url: string }): Promise<TransferReport>;
  updateSettings(params: SettingsPatch): Promise<SettingsView>;
  /** The composer's drafts, history (newest first) and saved requests, as kept by the host. */
  getComposerState(params: Record<string, never>): Promise<ComposerState>;
  /** Keeps a sent request with its response; the host gives it its id and time and drops the oldest past the bound. */
  addComposerHistory(params: { entry: Omit<HistoryEntry, 'id' | 'at'> }): Promise<HistoryEntry>;
  /** Forgets the history of one function, or all of it. */
  clearComposerHistory(params: { fn_id?: string }): Promise<null>;
  /** Keeps a function's draft; null forgets it (the default draft applies again). */
  saveComposerDraft(params: { fn_id: string; draft: ComposerDraft | null }): Promise<null>;
  /** Saves a request under its name, replacing one of the same name; answers all saved requests. */
  saveComposerRequest(params: { request: SavedRequest }): Promise<SavedRequest[]>;
  deleteComposerRequest(params: { name: string }): Promise<SavedRequest[]>;
  /**
   * Brings in what a browser kept before the host did: entries and names the host does not have yet are added, the
   * host's own win. Answers the merged state.
   */
  importComposerState(params: { state: ComposerState }): Promise<ComposerState>;
}

export type ApiMethod = keyof StudioApi;
export type ApiParams<M extends ApiMethod> = Parameters<StudioApi[M]>[0];
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<StudioApi[M]>>;

/** The channel map: every method a transport may carry. Anything else is refused. */
export const API_METHODS = [
  'getStatus',
  'listApps',
  'createApp',
  'updateApp',
  'deleteApp',
  'listFns',
  'createFn',
  'updateFn',
  'deleteFn',
  'listTriggers',
  'createTrigger',
  'deleteTrigger',
  'sendHttp',
  'listCalls',
  'cancelCall',
  'listCallSummaries',
  'exportCalls',
  'getCall',
  'getCallLog',
  'listContainers',
  'getContainer',
  'getContainerLog',
  'getLiveState',
  'imageStatus',
  'pullImage',
  'buildImage',
  'listWatches',
  'getSettings',
  'loadExamples',
  'exportRegistry',
  'importRegistry',
  'pushRegistry',
  'updateSettings',
  'getComposerState',
  'addComposerHistory',
  'clearComposerHistory',
  'saveComposerDraft',
  'saveComposerRequest',
  'deleteComposerRequest',
  'importComposerState',
] as const satisfies readonly ApiMethod[];

/** Events pushed from the host to every connected UI. */
export interface StudioEvents {
  status: HostStatus;
  call: CallRecord;
  log: { call_id: string; lines: string[] };
  apps: null;
  /** Snapshot of live containers, at most 4 per second. */
  containers: ContainerInfo[];
  /** Pool use, once a second. */
  ram: RamSample;
  /** A container is gone (with `ended_at` and `end_reason`): the timeline closes its lane. */
  containerEnded: ContainerInfo;
  image: ImageEvent;
  /** The composer's history or saved requests changed (in any window): UIs reload that part. */
  composer: { part: 'history' | 'saved' };
  /** A watched function's rebuild state changed (state `off`: its watch stopped). */
  watch: WatchStatus;
}

export type EventName = keyof StudioEvents;
export const EVENT_NAMES = [
  'status',
  'call',
  'log',
  'apps',
  'containers',
  'ram',
  'containerEnded',
  'image',
  'composer',
  'watch',
] as const satisfies readonly EventName[];

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && (API_METHODS as readonly string[]).includes(value);
}

/** What a UI holds: the API plus a subscription to events. */
export interface StudioClient extends StudioApi {
  on<E extends EventName>(event: E, listener: (payload: StudioEvents[E], seq?: number) => void): () => void;
}

/** IPC channel names, derived from the method names so preload and main cannot disagree. */
export const IPC_PREFIX = 'fn-studio:';
export const IPC_EVENT_CHANNEL = 'fn-studio:event';
export const ipcChannel = (method: ApiMethod): string => `${IPC_PREFIX}${method}`;
