// The persistent queue of detached calls (`Fn-Invoke-Type: detached`). A call is committed as queued before the
// 202 answer, as running before it runs and as ended before it is forgotten, so a crash never loses one or runs
// one twice. Calls are taken while at least half of the memory pool is free (the seed's rule).
import { ApiError } from '../../shared/errors';
import type { ErrorKind } from '../../shared/error-kinds';
import { failed } from '../core/call-failure';
import type { CallRecord } from '../../shared/models';
import type { Agent } from '../core/agent';
import type { CallService } from './call-service';
import type { EventHub } from './event-hub';
import type { Invocation, InvocationGate } from './invocation';
import type { CallStore } from './store/call-store';

export const INTERRUPTED = 'interrupted: host stopped';

/** A call's end fields for a failure of `kind`, as the agent would end it. */
function ending(kind: ErrorKind, message: string): Partial<CallRecord> {
  const { status, http_status, error, error_kind } = failed(kind, message);
  return { status, http_status, error, error_kind };
}
const RETRY_MS = 250;

export interface DetachedQueueDeps {
  store: CallStore;
  calls: CallService;
  gate: InvocationGate;
  agent: Agent;
  events: EventHub;
}

export class DetachedQueue {
  /** Ids of queued calls, oldest first. */
  private readonly waiting: string[] = [];
  /** Memory of calls taken from the queue whose containers do not hold it yet, by call id. */
  private readonly taken = new Map<string, number>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly wake = () => this.pump();
  private readonly onCall = (e: { call_id: string; state: string }) => {
    // Once the call runs, its container holds the memory in the pool itself.
    if (e.state !== 'queued') this.taken.delete(e.call_id);
    this.pump();
  };

  constructor(private readonly d: DetachedQueueDeps) {
    d.calls.cancelQueued = (id) => this.cancel(id);
    d.agent.on('call', this.onCall);
    d.agent.on('containerRemoved', this.wake);
  }

  get length(): number {
    return this.waiting.length;
  }

  /** Waiting calls by function id, for /metrics. */
  waitingByFn(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const id of this.waiting) {
      const fn = this.d.store.get(id)?.fn_id;
      if (fn !== undefined) counts[fn] = (counts[fn] ?? 0) + 1;
    }
    return counts;
  }

  /** At start: calls the last host was running when it died end as interrupted; queued ones wait again. */
  recover(): { interrupted: number; queued: number } {
    const { store } = this.d;
    const running = store.idsWithStatus('detached', 'running');
    for (const id of running) {
      const r = store.get(id);
      if (!r) continue;
      Object.assign(r, ending('interrupted', INTERRUPTED), { completed_at: new Date().toISOString() });
      store.commit(r, undefined, () => store.dropBody(id));
    }
    const queued = store.idsWithStatus('detached', 'queued');
    this.waiting.push(...queued);
    this.pump();
    return { interrupted: running.length, queued: queued.length };
  }

  /** Stores the call as queued (committed) and returns its record; it runs later. */
  enqueue(record: CallRecord, body: Buffer): void {
    const { store } = this.d;
    store.commit(record, undefined, () => store.putBody(record.id, body));
    this.waiting.push(record.id);
    this.d.events.callChanged(record);
    // After the caller has its 202.
    setImmediate(this.wake);
  }

  private cancel(id: string): boolean {
    const i = this.waiting.indexOf(id);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    this.end(id, ending('cancelled', 'cancelled while queued'));
    return true;
  }

  private end(id: string, patch: Partial<CallRecord>): void {
    const { store } = this.d;
    const r = store.get(id);
    if (!r) return;
    Object.assign(r, patch, { completed_at: new Date().toISOString() });
    store.commit(r, undefined, () => store.dropBody(id));
    this.d.events.callChanged(r);
  }

  /** Free memory as the queue sees it: idle containers count as free (they are evicted for a launch). */
  private freeMb(): number {
    const s = this.d.agent.ramSample();
    let taken = 0;
    for (const mb of this.taken.values()) taken += mb;
    return s.total_mb - s.used_mb + s.idle_mb - taken;
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { store, gate } = this.d;
    while (!this.stopped && this.waiting.length) {
      const id = this.waiting[0];
      const r = store.get(id);
      if (!r || r.status !== 'queued') {
        this.waiting.shift();
        continue;
      }
      let inv: Invocation;
      try {
        inv = gate.fromRecord(r, Buffer.alloc(0)); // its body is read once it runs
      } catch (err) {
        // Its function was deleted, or the pool shrank below its memory, since it was queued: it can never run.
        this.waiting.shift();
        const gone = err instanceof ApiError && err.code === 'not_found';
        const message = gone ? 'the function was deleted before the call ran' : (err as Error).message;
        this.end(id, ending(gone ? 'fn_deleted' : 'no_capacity', message));
        continue;
      }
      if (this.freeMb() < this.d.agent.pool.totalMb / 2 || this.freeMb() < inv.fn.memory) {
        this.heldByRule(r);
        break;
      }
      this.waiting.shift();
      this.start(r, inv);
    }
    if (!this.stopped && this.waiting.length) this.timer = setTimeout(this.wake, RETRY_MS);
  }

  /** The call at the head waits for the half-pool rule: its record says so, live and afterwards. */
  private heldByRule(r: CallRecord): void {
    if (r.waiting_for === 'detached_rule') return;
    r.waiting_for = 'detached_rule';
    this.d.store.save(r);
    this.d.events.callChanged(r);
  }

  private start(r: CallRecord, inv: Invocation): void {
    const { store } = this.d;
    inv.body = store.body(r.id) ?? Buffer.alloc(0);
    r.status = 'running';
    store.commit(r); // durable before it runs: after a crash it is found running, never run again
    this.taken.set(r.id, inv.fn.memory);
    const p = this.d.calls
      .runDetached(r, inv, () => store.dropBody(r.id))
      .catch(() => undefined)
      .finally(() => {
        this.taken.delete(r.id);
        this.running.delete(p);
        this.pump();
      });
    this.running.add(p);
  }

  /** Stops taking calls (queued ones stay queued for the next start) and waits for the running ones. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.d.agent.off('call', this.onCall);
    this.d.agent.off('containerRemoved', this.wake);
    while (this.running.size) await Promise.all([...this.running]);
  }
}
