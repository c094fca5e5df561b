// Fans host events out to every connected UI; log lines are batched (~100 ms, bounded) so a flood never freezes a UI.
import type { EventName, StudioEvents } from '../../shared/api-contract';

/** `seq` numbers every event in order, so a client that takes a snapshot can drop the events it already holds. */
type Listener = (event: EventName, payload: unknown, seq: number) => void;

const LOG_FLUSH_MS = 100;
const MAX_PENDING_LINES = 5000;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private pendingLogs = new Map<string, string[]>();
  private pendingCount = 0;
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

  /** Queues one log line; lines beyond the bound are dropped from the live feed (the stored log keeps them). */
  logLine(callId: string, line: string): void {
    if (this.pendingCount >= MAX_PENDING_LINES) return;
    const lines = this.pendingLogs.get(callId) ?? [];
    lines.push(line);
    this.pendingLogs.set(callId, lines);
    this.pendingCount++;
    this.timer ??= setTimeout(() => this.flushLogs(), LOG_FLUSH_MS);
  }

  flushLogs(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pendingLogs;
    this.pendingLogs = new Map();
    this.pendingCount = 0;
    for (const [call_id, lines] of batch) this.publish('log', { call_id, lines });
  }

  close(): void {
    this.flushLogs();
    this.listeners.clear();
  }
}
