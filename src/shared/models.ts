// Data models shared by main, preload and renderer: apps, functions, calls and containers (DESIGN.md §5).

export type FnFormat = 'default' | 'http' | 'json' | 'http-stream';
export const FN_FORMATS: readonly FnFormat[] = ['default', 'http', 'json', 'http-stream'];

export interface App {
  id: string;
  name: string;
  config: Record<string, string>;
  annotations: Record<string, unknown>;
  syslog_url?: string;
  created_at: string;
  updated_at: string;
}

export interface Fn {
  id: string;
  name: string;
  app_id: string;
  image: string;
  memory: number;
  timeout: number;
  idle_timeout: number;
  format: FnFormat;
  network: string;
  config: Record<string, string>;
  annotations: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** An HTTP trigger: any method on `/t/{app_name}{source}` invokes its function. */
export interface Trigger {
  id: string;
  name: string;
  app_id: string;
  fn_id: string;
  type: 'http';
  source: string;
  annotations: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export type CallType = 'sync' | 'detached';
export type CallStatus = 'queued' | 'running' | 'success' | 'error' | 'timeout' | 'cancelled';
export type StartKind = 'cold' | 'hot_new' | 'hot_reused';

export interface CallTimings {
  queue_ms: number;
  resource_wait_ms: number;
  launch_ms: number;
  exec_ms: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: string;
  body_truncated: boolean;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string[]>;
  body: string;
  body_truncated: boolean;
}

export interface CallRecord {
  id: string;
  fn_id: string;
  app_id: string;
  trigger_id?: string;
  type: CallType;
  status: CallStatus;
  http_status?: number;
  error?: string;
  container_id?: string;
  start_kind?: StartKind;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  timings: CallTimings;
  request: RecordedRequest;
  response?: RecordedResponse;
}

export type ContainerState = 'starting' | 'idle' | 'busy' | 'paused' | 'stopping';

export interface ContainerInfo {
  id: string;
  fn_id: string;
  image: string;
  format: FnFormat;
  state: ContainerState;
  calls_served: number;
  memory_mb: number;
  started_at: string;
  last_used_at?: string;
  idle_deadline?: string;
}

/** What the UI needs to know about the host itself, e.g. for the "Docker not reachable" banner. */
export interface HostStatus {
  version: string;
  docker: { reachable: boolean; endpoint: string; message?: string; engine_version?: string };
  api_url: string;
}

/** One RAM sample: the pool, what busy and idle containers hold, and how many calls wait. */
export interface RamSample {
  at: string;
  total_mb: number;
  used_mb: number;
  busy_mb: number;
  idle_mb: number;
  waiting: number;
}
