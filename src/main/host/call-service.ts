// Runs invocations through the agent and keeps their call records and logs: live ones in memory, every one in
// the store (sync records batched; detached state changes committed before the next step).
import { summaryOf } from '../../shared/call-summary';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { App, CallRecord, CallSummary, Fn } from '../../shared/models';
import type { Agent } from '../core/agent';
import { CallLog } from '../core/call-log';
import { getCall } from '../core/get-call';
import type { CallOutcome } from '../core/call-types';
import type { EventHub } from './event-hub';
import type { ResponseSink } from '../core/protocols/http-stream';
import type { BodyTap } from './body-tap';
import type { CallQuery, CallStore } from './store/call-store';

export interface InvokeRequest {
  /** The call id, when the caller needs it before the call ends (e.g. for a streamed reply's header). */
  id?: string;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  /** What the function gets instead of `headers` (a trigger's gateway headers); the record keeps `headers`. */
  functionHeaders?: Record<string, string[]>;
  /** The trigger the call came through. */
  triggerId?: string;
  body: Buffer;
  /** The body as it arrives (http-stream); the record keeps its start once the call ends. */
  bodyStream?: BodyTap;
  signal?: AbortSignal;
  onResponse?: ResponseSink;
}

export interface CallLimits {
  /** How much of each body a record keeps. */
  keepBytes: number;
  /** A call log's cap. */
  logCapBytes: number;
}

export interface CallServiceDeps {
  agent: Agent;
  events: EventHub;
  store: CallStore;
  limits: () => CallLimits;
}

/** Lines of a call can arrive just after its reply (stderr travels apart from stdout): its stored log is
 *  written again once they are in, if it grew. A little over the log router's longest tail (1 s, framed). */
const LOG_SETTLE_MS = 1100;

interface Live {
  record: CallRecord;
  log: CallLog;
}

export class CallService {
  private readonly live = new Map<string, Live>();
  /** Logs of calls that just ended, still taking late lines. */
  private readonly settling = new Map<string, CallLog>();
  /** Calls answered 503 (no capacity in time, or shutting down): Fn's `fn_server_busy`. */
  serverBusy = 0;
  /** Cancels calls that are not in the agent (the detached queue's waiting calls). */
  cancelQueued: (id: string) => boolean = () => false;

  constructor(private readonly d: CallServiceDeps) {}

  /** A new record (not yet stored) for a call of `fn`. */
  newRecord(app: App, fn: Fn, req: InvokeRequest, type: CallRecord['type']): CallRecord {
    return {
      id: req.id ?? newId(),
      fn_id: fn.id,
      app_id: app.id,
      ...(req.triggerId ? { trigger_id: req.triggerId } : {}),
      type,
      status: 'queued',
      created_at: new Date().toISOString(),
      timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0 },
      request: { method: req.method, url: req.url, headers: req.headers, ...this.keep(req.body) },
    };
  }

  /** Runs a sync call to its end; its record is stored off the hot path. */
  async invoke(app: App, fn: Fn, req: InvokeRequest): Promise<{ record: CallRecord; outcome: CallOutcome }> {
    const record = this.newRecord(app, fn, req, 'sync');
    const outcome = await this.run(app, fn, record, req);
    return { record, outcome };
  }

  /** Runs a detached call the queue took: its record is already committed as running; the end is committed too. */
  async runDetached(
    app: App,
    fn: Fn,
    record: CallRecord,
    req: InvokeRequest,
    onEnd: () => void,
  ): Promise<void> {
    await this.run(app, fn, record, req, onEnd);
  }

  private async run(
    app: App,
    fn: Fn,
    record: CallRecord,
    req: InvokeRequest,
    commitEnd?: () => void,
  ): Promise<CallOutcome> {
    const log = new CallLog(this.d.limits().logCapBytes);
    log.onLine((line) => this.d.events.logLine(record.id, line));
    this.live.set(record.id, { record, log });
    this.d.events.callChanged(record);
    const waitedInQueue = Date.now() - Date.parse(record.created_at);
    try {
      const outcome = await this.d.agent.submit(
        getCall({
          id: record.id,
          app,
          fn,
          type: record.type,
          method: req.method,
          url: req.url,
          headers: req.functionHeaders ?? req.headers,
          body: req.body,
          bodyStream: req.bodyStream,
        }),
        {
          signal: req.signal,
          log,
          onResponse: req.onResponse,
          onStart: ({ container_id, start_kind }) => {
            Object.assign(record, {
              status: 'running',
              container_id,
              start_kind,
              started_at: new Date().toISOString(),
            });
            this.d.events.callChanged(record);
          },
        },
      );
      this.finish(record, outcome, req, record.type === 'detached' ? waitedInQueue : 0);
      if (outcome.http_status === 503) this.serverBusy++;
      const text = log.text();
      if (commitEnd) this.d.store.commit(record, text, commitEnd);
      else this.d.store.save(record, text);
      this.settle(record, log, text);
      return outcome;
    } finally {
      this.live.delete(record.id);
      this.d.events.callChanged(record);
    }
  }

  private settle(record: CallRecord, log: CallLog, stored: string): void {
    this.settling.set(record.id, log);
    setTimeout(() => {
      this.settling.delete(record.id);
      const text = log.text();
      if (text !== stored) this.d.store.save(record, text);
    }, LOG_SETTLE_MS).unref();
  }

  private finish(record: CallRecord, outcome: CallOutcome, req: InvokeRequest, queuedMs: number): void {
    Object.assign(record, {
      status: outcome.status,
      http_status: outcome.http_status,
      error: outcome.error,
      container_id: outcome.container_id,
      start_kind: outcome.start_kind,
      started_at: outcome.started_at,
      completed_at: outcome.completed_at,
      timings: { ...outcome.timings, queue_ms: outcome.timings.queue_ms + queuedMs },
      response:
        outcome.status === 'success'
          ? {
              status: outcome.http_status ?? 200,
              headers: outcome.headers,
              ...this.keep(outcome.body, outcome.streamed_bytes),
            }
          : undefined,
    });
    if (req.bodyStream)
      record.request = { ...record.request, ...this.keep(req.bodyStream.start(), req.bodyStream.size) };
  }

  /** What a record keeps of a body: its start; `size` is the whole body's when only its start is at hand. */
  private keep(body: Buffer, size = body.length): { body: string; body_truncated: boolean } {
    const keepBytes = this.d.limits().keepBytes;
    return {
      body: body.subarray(0, keepBytes).toString('utf8'),
      body_truncated: size > keepBytes,
    };
  }

  /** Newest first; live calls are merged in (sync calls reach the store only when they end). */
  list(
    filter: { fn_id?: string; app_id?: string; status?: string; before?: string },
    limit: number,
  ): CallRecord[] {
    const stored = this.d.store.list({ ...filter, limit });
    const live = [...this.live.values()]
      .map((l) => l.record)
      .filter(
        (r) =>
          (!filter.fn_id || r.fn_id === filter.fn_id) &&
          (!filter.app_id || r.app_id === filter.app_id) &&
          (!filter.status || r.status === filter.status) &&
          (!filter.before || r.id < filter.before),
      );
    if (live.length === 0) return stored;
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of live) byId.set(r.id, r);
    return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  /** Heads of calls, newest first, live ones merged in: what a table of many calls loads. */
  summaries(filter: Omit<CallQuery, 'limit'>, limit: number): CallSummary[] {
    const stored = this.d.store.summaries({ ...filter, limit });
    const live = [...this.live.values()]
      .map((l) => summaryOf(l.record))
      .filter(
        (r) =>
          (!filter.fn_id || r.fn_id === filter.fn_id) &&
          (!filter.app_id || r.app_id === filter.app_id) &&
          (!filter.status || r.status === filter.status) &&
          (!filter.start_kind || r.start_kind === filter.start_kind) &&
          (!filter.since || r.created_at >= filter.since) &&
          (!filter.until || r.created_at <= filter.until) &&
          (!filter.before || r.id < filter.before),
      );
    if (live.length === 0) return stored;
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of live) byId.set(r.id, r);
    return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  get(id: string): CallRecord {
    const r = this.live.get(id)?.record ?? this.d.store.get(id);
    if (!r) throw new ApiError('not_found', `call ${id} not found`);
    return r;
  }

  /** Cancels a queued or running call; 409 when it has already ended. */
  cancel(id: string): void {
    const r = this.get(id);
    if (this.cancelQueued(id)) return;
    if (!this.d.agent.cancel(id))
      throw new ApiError('conflict', `call ${id} has already ended (${r.status})`);
  }

  logText(id: string): string {
    const log = this.live.get(id)?.log ?? this.settling.get(id);
    if (log) return log.text();
    this.get(id);
    return this.d.store.log(id) ?? '';
  }

  /** A hot container's output between calls, while it lives and after it is gone. */
  containerLogText(containerId: string): string {
    const text = this.d.agent.hot.containerLog(containerId) ?? this.d.store.containerLog(containerId);
    if (text !== undefined) return text;
    // Cold containers write only to their call's log.
    if (this.d.agent.containers.list().some((c) => c.id === containerId)) return '';
    throw new ApiError('not_found', `container ${containerId} is not running and left no log`);
  }

  /** Calls running now (sync and detached), for a UI that reconnects. */
  liveRecords(): CallRecord[] {
    return [...this.live.values()].map((l) => l.record);
  }
}
