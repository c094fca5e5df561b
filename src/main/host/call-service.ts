// Runs invocations through the agent and keeps their call records and logs: live ones in memory, every one in
// the store (sync records batched; detached state changes committed before the next step).
import { summaryOf } from '../../shared/call-summary';
import { ApiError } from '../../shared/errors';
import type { CallRecord, CallSummary, CallUsage } from '../../shared/models';
import type { Agent } from '../core/agent';
import { CallLog } from '../core/call-log';
import type { CallHandle } from '../core/call-handle';
import type { CallOutcome } from '../core/call-types';
import type { EventHub } from './event-hub';
import { failureReply } from './failure-reply';
import { CLIENT_GONE } from './http-types';
import { callOptionsOf, type Invocation } from './invocation';
import { noPhaseTotals, type PhaseTotals } from './metrics';
import type { CallQuery, CallStore } from './store/call-store';
import { isoTime } from '../../shared/iso-time';

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

interface Live {
  record: CallRecord;
  log: CallLog;
}

export class CallService {
  private readonly live = new Map<string, Live>();
  /** Calls answered 503 (no capacity in time, or shutting down): Fn's `fn_server_busy`. */
  serverBusy = 0;
  /** The same, by function id. */
  readonly serverBusyByFn: Record<string, number> = {};
  /** Time ended calls spent in each phase, for /metrics. */
  readonly phaseTotals = noPhaseTotals();
  /** Cancels calls that are not in the agent (the detached queue's waiting calls). */
  cancelQueued: (id: string) => boolean = () => false;

  constructor(private readonly d: CallServiceDeps) {}

  /** A new record (not yet stored) for an invocation. */
  newRecord(inv: Invocation): CallRecord {
    return {
      id: inv.id,
      fn_id: inv.fn.id,
      app_id: inv.app.id,
      ...(inv.triggerId ? { trigger_id: inv.triggerId } : {}),
      type: inv.type,
      status: 'queued',
      created_at: isoTime(Date.now()),
      timings: { queue_ms: 0, resource_wait_ms: 0, container_wait_ms: 0, launch_ms: 0, exec_ms: 0 },
      request: { method: inv.method, url: inv.url, headers: inv.headers, ...this.keep(inv.body) },
    };
  }

  /**
   * Starts a sync call; its record is live at once and stored off the hot path when the call ends. The reply of a
   * streaming format comes as a stream the caller must read.
   */
  start(inv: Invocation): CallHandle {
    return this.run(this.newRecord(inv), inv, undefined, true);
  }

  /** Runs a detached call the queue took: its record is already committed as running; the end is committed too. */
  runDetached(record: CallRecord, inv: Invocation, onEnd: () => void): Promise<CallOutcome> {
    return this.run(record, inv, onEnd).outcome;
  }

  private run(record: CallRecord, inv: Invocation, commitEnd?: () => void, streamReply = false): CallHandle {
    const log = this.newLog(record.id);
    this.live.set(record.id, { record, log });
    this.d.events.callChanged(record);
    // Held in the detached queue by the half-pool rule: that is its wait, unless the agent made it wait longer.
    const heldByRule = record.waiting_for === 'detached_rule';
    const handle = this.d.agent.submit(callOptionsOf(inv), {
      abort: inv.abort,
      log,
      streamReply,
      onWait: (reason) => {
        record.waiting_for = reason;
        this.d.events.callChanged(record);
      },
    });
    void handle.started.then((start) => {
      if (!start) return;
      Object.assign(record, { status: 'running', ...start });
      this.d.events.callChanged(record);
    });
    // A reply handed over (a streamed head) is what the client got, even if the call fails after it.
    let replied = false;
    void handle.reply.then((r) => (replied = r !== null));
    // Settles with nothing once the end is recorded: what waits for the call's cost holds this, not the outcome.
    const recorded = handle.outcome.then((outcome) => {
      this.finish(record, outcome, inv, heldByRule);
      if (!replied) this.recordFailureReply(record, outcome, inv);
      if (outcome.http_status === 503) {
        this.serverBusy++;
        this.serverBusyByFn[record.fn_id] = (this.serverBusyByFn[record.fn_id] ?? 0) + 1;
      }
      const text = log.text();
      if (commitEnd) this.d.store.commit(record, text, commitEnd);
      // Its cost comes a moment later: the record is written once, with it.
      else this.d.store.save(record, text, handle.measuring);
      this.storeLateLines(record, log);
      this.live.delete(record.id);
      this.d.events.callChanged(record);
    });
    this.storeUsage(record, handle.usage, recorded);
    return handle;
  }

  /**
   * A call's log, its lines going to the live feed. Made here, not in `run`, so that its listener holds the call's id
   * alone: the log outlives the call (late lines, and a container's router keeps recent calls' logs for frames that
   * come late), and a listener made in `run` would keep all of the call alive with it.
   */
  private newLog(callId: string): CallLog {
    const log = new CallLog(this.d.limits().logCapBytes);
    log.onLine((line) => this.d.events.logLine(callId, line));
    return log;
  }

  /**
   * What the call cost arrives after its end (the engine samples about once a second): the record, kept back for it
   * (`measuring`), is stored with it. A call that was not measured (it ran no container) keeps no figures.
   *
   * A method of its own so that what waits that second holds the record alone: a callback made in `run` would hold
   * all that `run`'s callbacks share (the invocation, the log, the handle with the reply's streams and through them
   * the HTTP exchange): a heap snapshot under load found about a second of calls held whole that way.
   */
  private storeUsage(
    record: CallRecord,
    usage: Promise<CallUsage | null | undefined>,
    recorded: Promise<void>,
  ): void {
    void usage.then((u) => {
      if (u === undefined) return;
      void recorded.then(() => {
        record.usage = u;
        this.d.store.save(record, undefined, false);
        this.d.events.callChanged(record);
      });
    });
  }

  /**
   * Lines of a call can arrive after its reply (output travels apart from the reply): each late batch is stored
   * again with the log. The listener lives as long as the log can still be written to (the container's log router
   * lets go of it at the next call's frame or tail), so nothing here waits on a clock.
   */
  private storeLateLines(record: CallRecord, log: CallLog): void {
    let pending = false;
    log.onLine(() => {
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        this.d.store.save(record, log.text());
      });
    });
  }

  private finish(record: CallRecord, outcome: CallOutcome, inv: Invocation, heldByRule: boolean): void {
    const t = outcome.timings;
    const agentWaits = [t.resource_wait_ms, t.container_wait_ms ?? 0, t.launch_ms];
    // Everything before the agent took the call is queue time, so the phases add up to the call's duration.
    const total = Date.parse(outcome.completed_at) - Date.parse(record.created_at);
    const queueMs = Math.max(0, total - agentWaits.reduce((a, b) => a + b, 0) - t.exec_ms);
    Object.assign(record, {
      status: outcome.status,
      http_status: outcome.http_status,
      error: outcome.error,
      error_kind: outcome.error_kind,
      container_id: outcome.container_id,
      start_kind: outcome.start_kind,
      image_id: outcome.image_id,
      waiting_for:
        heldByRule && queueMs > Math.max(...agentWaits) ? 'detached_rule' : (outcome.waited_for ?? null),
      started_at: outcome.started_at,
      completed_at: outcome.completed_at,
      timings: { ...t, queue_ms: queueMs },
      response:
        outcome.status === 'success'
          ? {
              status: outcome.http_status ?? 200,
              headers: outcome.headers,
              ...this.keep(outcome.body, outcome.streamed_bytes),
            }
          : undefined,
    });
    for (const k of Object.keys(this.phaseTotals) as Array<keyof PhaseTotals>)
      this.phaseTotals[k] += record.timings[k] ?? 0;
    if (inv.bodyStream)
      record.request = { ...record.request, ...this.keep(inv.bodyStream.start(), inv.bodyStream.size) };
  }

  /**
   * A failed sync call's record keeps what its client got (status, JSON error body, Fn-Call-Id): the same reply the
   * invoke handler sent. A detached call's client got only its 202, and a client that went away got nothing.
   */
  private recordFailureReply(record: CallRecord, outcome: CallOutcome, inv: Invocation): void {
    if (outcome.status === 'success' || record.type !== 'sync' || inv.abort?.signal.reason === CLIENT_GONE)
      return;
    const reply = failureReply(outcome, record.id);
    record.response = { status: reply.status, headers: reply.headers, ...this.keep(Buffer.from(reply.body)) };
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
    const log = this.live.get(id)?.log;
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
