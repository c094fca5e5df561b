// What the agent is given for a call and what it answers with.
import type { Readable } from 'node:stream';
import type { FnDebug } from '../../shared/fn-debug';
import { nanoCpus } from '../../shared/fn-shaping';
import type {
  CallStatus,
  CallTimings,
  CallType,
  ErrorKind,
  FnFormat,
  StartKind,
  WaitReason,
} from '../../shared/models';

export interface CallOptions {
  id: string;
  app_id: string;
  app_name: string;
  fn_id: string;
  fn_name: string;
  image: string;
  memory: number;
  timeout: number;
  idle_timeout: number;
  format: FnFormat;
  network: string;
  /** CPU limit in CPUs (the container's NanoCPUs / 1e9); absent: no limit. */
  cpus?: number;
  /** Most calls of the function running at once (hot and cold); more wait. Absent: no cap. */
  max_concurrency?: number;
  /** App config then fn config, fn winning. */
  config: Record<string, string>;
  type: CallType;
  /** Debug mode: its port is published, it runs one container at a time that the idle timeout never reaps. */
  debug?: FnDebug;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: Buffer;
  /**
   * The request body as it arrives, for formats that can take it streamed (http-stream); `body` then holds only
   * what is kept for the record.
   */
  bodyStream?: Readable;
}

export type TerminalStatus = Exclude<CallStatus, 'queued' | 'running'>;

export interface CallOutcome {
  status: TerminalStatus;
  http_status?: number;
  error?: string;
  /** Why it failed, as data; null on success. */
  error_kind: ErrorKind | null;
  body: Buffer;
  /** The whole response body's size when it was streamed to the caller (then `body` is only its start). */
  streamed_bytes?: number;
  headers: Record<string, string[]>;
  container_id?: string;
  start_kind?: StartKind;
  /** The ID of the image it ran on. */
  image_id?: string;
  /** What it waited for longest before it ran (null: it did not wait). */
  waited_for?: WaitReason | null;
  started_at?: string;
  completed_at: string;
  timings: CallTimings;
}

/** What a runner (hot or cold) answers with; the agent adds the end time and the timings. */
export type RunResult = Omit<CallOutcome, 'completed_at' | 'timings'>;

export const emptyTimings = (): CallTimings => ({
  queue_ms: 0,
  resource_wait_ms: 0,
  container_wait_ms: 0,
  launch_ms: 0,
  exec_ms: 0,
});

/** The FN_* variables every container gets (DESIGN.md §4), after the config. */
export function callEnv(call: CallOptions): Record<string, string> {
  return {
    ...call.config,
    FN_APP_ID: call.app_id,
    FN_FN_ID: call.fn_id,
    FN_APP_NAME: call.app_name,
    FN_FN_NAME: call.fn_name,
    FN_MEMORY: String(call.memory),
    FN_TYPE: call.type,
    FN_FORMAT: call.format,
  };
}

/** The container's CPU limit in Docker's NanoCPUs, undefined when the function has none. */
export const nanoCpusOf = (call: CallOptions): number | undefined =>
  call.cpus === undefined ? undefined : nanoCpus(call.cpus);
