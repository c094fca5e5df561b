// Fans host events out to every connected UI. Log lines and call updates are batched (~100 ms, bounded): a call's
// updates within one batch collapse into its latest state, so a flood of calls never freezes a UI.
import type { EventName, StudioEvents } from '../../shared/api-contract';
import type { CallRecord } from '../../shared/models';

/** `seq` numbers every event in order, so a client that takes a snapshot can drop the events it already holds. */
type Listener = (event: EventName, payload: unknown, seq: number) => void;

const FLUSH_MS = 100;
const MAX_PENDING_LINES = 5000;
const MAX_PENDING_CALLS = 2000;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private pendingLogs = new Map<string, string[]>();
  private pendingCount = 0;
  private pendingCalls = new Map<string, CallRecord>();
  private timer: NodeJS.Timeout | undefined;
  private seq_ = 0;

  /** The number of the last event published. */
  get seq(): number {
    return this.seq_;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends EventName>(event: E, payload: StudioEvents[E]): void {
    const seq = ++this.seq_;
    for (const l of this.listeners) l(event, payload, seq);
  }

  /** Queues a call's new state; the batch sends its state as of the flush (records are updated in place). */
  callChanged(record: CallRecord): void {
    this.pendingCalls.set(record.id, record);
    if (this.pendingCalls.size >= MAX_PENDING_CALLS) this.flush();
    else this.schedule();
  }

  /** Queues one log line; lines beyond the bound are dropped from the live feed (the stored log keeps them). */
  logLine(callId: string, line: string): void {
    if (this.pendingCount >= MAX_PENDING_LINES) return;
    const lines = this.pendingLogs.get(callId) ?? [];
    lines.push(line);
    this.pendingLogs.set(callId, lines);
    this.pendingCount++;
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Sends what is batched: log lines first, then call states, so a finished call's log is complete when it ends. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const logs = this.pendingLogs;
    const calls = this.pendingCalls;
    this.pendingLogs = new Map();
    this.pendingCalls = new Map();
    this.pendingCount = 0;
    for (const [call_id, lines] of logs) this.publish('log', { call_id, lines });
    for (const record of calls.values()) this.publish('call', { ...record });
  }

  close(): void {
    this.flush();
    this.listeners.clear();
  }
}
