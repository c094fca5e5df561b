// Per-function call counters: how many wait, run, and how each ended.
import type { TerminalStatus } from './call-types';

export interface FnCounts {
  queued: number;
  running: number;
  completed: number;
  failed: number;
  timed_out: number;
  cancelled: number;
}

const zero = (): FnCounts => ({ queued: 0, running: 0, completed: 0, failed: 0, timed_out: 0, cancelled: 0 });
const FIELD: Record<TerminalStatus, keyof FnCounts> = {
  success: 'completed',
  error: 'failed',
  timeout: 'timed_out',
  cancelled: 'cancelled',
};

export class CallStats {
  private readonly fns = new Map<string, FnCounts>();

  private of(fn: string): FnCounts {
    let c = this.fns.get(fn);
    if (!c) this.fns.set(fn, (c = zero()));
    return c;
  }

  queue(fn: string): void {
    this.of(fn).queued++;
  }

  start(fn: string): void {
    const c = this.of(fn);
    c.queued--;
    c.running++;
  }

  /** Ends a call that either ran (start() was called for it) or ended while still queued. */
  end(fn: string, status: TerminalStatus, wasRunning: boolean): void {
    const c = this.of(fn);
    if (wasRunning) c.running--;
    else c.queued--;
    c[FIELD[status]]++;
  }

  byFunction(): Record<string, FnCounts> {
    return Object.fromEntries([...this.fns].map(([k, v]) => [k, { ...v }]));
  }

  total(): FnCounts {
    const t = zero();
    for (const c of this.fns.values()) for (const k of Object.keys(t) as (keyof FnCounts)[]) t[k] += c[k];
    return t;
  }
}
