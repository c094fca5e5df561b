// Data models shared by main, preload and renderer: apps, functions, calls and containers (DESIGN.md §5).
import type { ErrorKind } from './error-kinds';

export type { ErrorKind } from './error-kinds';

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

/**
 * A call's phases, one after another, adding up to its duration (completed_at - created_at):
 * - queue_ms: before the agent took it (the detached queue, the host's own handling);
 * - resource_wait_ms: waiting for memory (the pool was full);
 * - container_wait_ms: waiting for a container of its function: a busy one coming back, or one being started for
 *   another call; or at its function's concurrency cap, for one of its calls to end;
 * - launch_ms: starting a container started for this call (after its memory was granted);
 * - exec_ms: the function running the call.
 */
export interface CallTimings {
  queue_ms: number;
  resource_wait_ms: number;
  /** Absent on records older than the field. */
  container_wait_ms?: number;
  launch_ms: number;
  exec_ms: number;
}

/**
 * What a call waits for: memory (the pool is full), a container being started (for it or for another call of its
 * function), one of its function's busy containers, or the detached rule (detached calls run while at least half
 * the pool is free), or its function's concurrency cap (as many of its calls as the cap allows are running).
 */
export const WAIT_REASONS = ['memory', 'launch', 'container', 'detached_rule', 'concurrency'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

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

/**
 * What a call cost its container, from the engine's cgroup figures (its stats, which it samples about once a second).
 * The figures cover a span between two of those samples, so a hot call's span reaches from the engine's last sample
 * before the call to its first one after the reply: other calls served in that span are counted in `calls`, and the
 * figures are then theirs together. README "What a call cost" says how precise each figure is.
 */
export interface CallUsage {
  /** cgroup-v1: Docker's v1 figures, with the memory high-water mark; cgroup-v2: no high-water mark (usage only);
   *  engine: figures of an engine whose cgroup version is not told apart (treated like v2). */
  source: 'cgroup-v1' | 'cgroup-v2' | 'engine';
  /** The container's highest memory use over the span, MB (cgroup memory: page cache included, as the limit counts it). */
  memory_peak_mb: number;
  /**
   * True: the true peak (cgroup v1's high-water mark rose in the span). False: the highest use the engine's samples
   * saw in the span, a lower bound (v2 has no high-water mark; on v1 an earlier, higher peak hides this one's).
   */
  memory_peak_exact: boolean;
  /** The container's memory limit, MB (the function's memory). */
  memory_limit_mb: number;
  /** CPU time the container used over the span, ms (user and system, all cores). */
  cpu_ms: number;
  /**
   * call: the span around the call on a running container; call_and_start: a new container not yet sampled when
   * the call began, so its start is counted too; container: a cold container's whole life.
   */
  span: 'call' | 'call_and_start' | 'container';
  /** The span's length, ms: how far apart the samples around the call were. */
  span_ms: number;
  /** Calls that ran on the container within the span, this one included: above 1, the figures are theirs together. */
  calls: number;
  /**
   * No sample came after the call (the container ended first, or the engine's stats stream did): the figures stop at
   * the last sample, and CPU and memory after it are missing. Always so for a cold container, whose cgroup goes when
   * it exits.
   */
  cut_short: boolean;
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
  /** Why it failed, as data (null on success; absent while it runs and on records older than the field). */
  error_kind?: ErrorKind | null;
  container_id?: string;
  start_kind?: StartKind;
  /** The ID of the image it ran on (what its function's image name pointed to when it was dispatched). */
  image_id?: string;
  /** While queued: what it waits for now. Once it ran: what it waited for longest (null: it did not wait). */
  waiting_for?: WaitReason | null;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  timings: CallTimings;
  request: RecordedRequest;
  response?: RecordedResponse;
  /**
   * What the call cost its container. Arrives after the call ended (the engine samples about once a second); null
   * when the engine gave no figures for it (a container that ended before its first sample, or an engine without
   * stats); absent while they are awaited, for calls that ran no container, and on records older than the field.
   */
  usage?: CallUsage | null;
}

/** A call record's head, without request, response or timings: what a table of 50,000 calls needs. */
export interface CallSummary {
  id: string;
  fn_id: string;
  app_id: string;
  type: CallType;
  status: CallStatus;
  http_status?: number;
  error?: string;
  error_kind?: ErrorKind | null;
  container_id?: string;
  start_kind?: StartKind;
  waiting_for?: WaitReason | null;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  /** From `usage`: the container's memory peak over the call and its limit, MB. */
  memory_peak_mb?: number;
  memory_limit_mb?: number;
}

export type ContainerState = 'starting' | 'idle' | 'busy' | 'paused' | 'stopping';

/** Why a container went away: the timeline marks each (launch, eviction, idle timeout, OOM, …). */
export type ContainerEndReason =
  | 'done' // a cold container after its one call
  | 'idle_timeout'
  | 'evicted' // its memory was needed to launch another function's container
  | 'oom'
  | 'exited' // the function process exited (or crashed)
  | 'replaced' // a call failed in a way that makes the container untrustworthy (timeout, bad reply, cancel)
  | 'config_changed' // the function (or its app) was updated or deleted
  | 'image_rebuilt' // replaced: its image name now points to another image (rebuilt, pulled or retagged)
  | 'failed_to_start'
  | 'shutdown';

export interface ContainerInfo {
  id: string;
  fn_id: string;
  image: string;
  format: FnFormat;
  state: ContainerState;
  calls_served: number;
  memory_mb: number;
  /** The memory of the http-stream relay container that serves it (relay mode), held in the pool beside it. */
  relay_memory_mb?: number;
  started_at: string;
  last_used_at?: string;
  idle_deadline?: string;
  /** Idle and kept started by its function's min-warm: no idle deadline. */
  kept_warm?: boolean;
  /** Cold containers serve one call; hot ones many. */
  kind?: 'hot' | 'cold';
  /**
   * From the engine's latest sample (about one a second while the container serves calls, and one after): memory in
   * use, MB (page cache included). An idle container is not sampled, so it shows its use just after its last call.
   */
  memory_used_mb?: number;
  /** The cgroup's memory high-water mark since the container started, MB (cgroup v1 only). */
  memory_peak_mb?: number;
  /** CPU time used since the container started, ms. */
  cpu_ms?: number;
  /** In debug mode: where a debugger attaches, `127.0.0.1:PORT` (the function's debug port, published there). */
  debug_address?: string;
  /** In debug mode on a remote engine: that machine, whose loopback `debug_address` is on (absent: this one). */
  debug_engine_host?: string;
  /** Set once the container is gone. */
  ended_at?: string;
  end_reason?: ContainerEndReason;
}

/** What the UI needs to know about the host itself, e.g. for the "Docker not reachable" banner. */
export interface HostStatus {
  version: string;
  docker: {
    reachable: boolean;
    endpoint: string;
    message?: string;
    engine_version?: string;
    /** What the engine is and how it is reached, once it has answered. */
    engine?: EngineSummary;
  };
  /** How http-stream containers are reached (direct: a folder of this machine; relay: a relay container), and why. */
  http_stream?: { mode: 'direct' | 'relay' | 'undecided'; reason: string };
  api_url: string;
  /** This running host's id (its containers carry it too): how a push tells this host from another. */
  instance_id?: string;
}

/** The engine in use, for the settings view and GET /version. */
export interface EngineSummary {
  /** Docker Engine, Docker Desktop or Podman. */
  name: string;
  version: string;
  /** The engine machine's operating system (and architecture). */
  os: string;
  /** True when the engine runs on another machine. */
  remote: boolean;
  /** How it is reached: unix, npipe, tcp, tls or ssh. */
  connection: string;
  /** Where its address came from: --docker-host, DOCKER_HOST, saved setting, docker context "x", platform default. */
  source: string;
}

/** One RAM sample: the pool, what busy and idle containers hold, and how many calls wait. */
export interface RamSample {
  at: string;
  total_mb: number;
  used_mb: number;
  busy_mb: number;
  idle_mb: number;
  /** Calls waiting for memory (the pool is full). */
  waiting: number;
  /** Calls waiting for a container of their function: one being started, or a busy one to come back (or, at their
   *  function's concurrency cap, for one of its calls to end). */
  waiting_container?: number;
}
