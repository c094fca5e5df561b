// What each function keeps warm (min-warm): how many containers of which hot key, and the pacing of their
// replacement, so a warm container that ended is replaced at once but an image whose containers die as they start is
// not relaunched in a loop. The hot pool asks it which containers are kept warm and lets it top queues up.
import type { Clock } from './clock';
import type { SlotQueue } from './slot-queue';

/**
 * The least time between two rounds of replacing a function's warm containers. Each round in a row whose container
 * ended without serving a call doubles the gap, up to WARM_REFILL_MAX_GAP_MS.
 */
export const WARM_REFILL_GAP_MS = 5000;
const WARM_REFILL_MAX_GAP_MS = 5 * 60_000;

/** What a function keeps warm: containers of one hot key (its sync calls, today's configuration) and how many. */
interface WarmTarget {
  key: string;
  count: number;
}

export class WarmTargets {
  /** Per function. */
  private readonly targets = new Map<string, WarmTarget>();
  /** Per hot key: when its warm containers were last topped up, and a top-up held back by the refill gap. */
  private readonly refills = new Map<string, { at: number; failures: number; timer?: { cancel(): void } }>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    /** The live queue of a hot key, if any. */
    private readonly queueOf: (key: string) => SlotQueue | undefined,
    /** The function a queue's containers belong to. */
    private readonly fnOf: (q: SlotQueue) => string | undefined,
  ) {}

  /** Sets (or with `undefined`, drops) what a function keeps warm; answers the hot key it kept warm before. */
  set(fnId: string, target: WarmTarget | undefined): string | undefined {
    const before = this.targets.get(fnId)?.key;
    if (target && target.count > 0) this.targets.set(fnId, target);
    else this.targets.delete(fnId);
    return before;
  }

  /** How many containers the queue's function keeps warm in it. */
  countIn(q: SlotQueue): number {
    const fnId = this.fnOf(q);
    const t = fnId === undefined ? undefined : this.targets.get(fnId);
    return t?.key === q.key ? t.count : 0;
  }

  /** Whether the queue has no more containers than its function keeps warm (so none of them may go idle-reaped). */
  keepsAll(q: SlotQueue): boolean {
    return q.liveCount <= this.countIn(q);
  }

  /**
   * Starts the warm containers a hot key lacks, at most one round per refill gap; `ended` tells of a container of
   * the key that ended, and whether it had served a call (one that served none makes the next gap longer).
   */
  refill(key: string, ended?: { served: boolean }): void {
    const q = this.queueOf(key);
    if (this.closed || !q || this.countIn(q) === 0) return;
    const r = this.refills.get(key) ?? { at: -Infinity, failures: 0 };
    this.refills.set(key, r);
    if (ended) r.failures = ended.served ? 0 : r.failures + 1;
    if (r.timer) return;
    const gap = Math.min(WARM_REFILL_GAP_MS * 2 ** Math.max(0, r.failures - 1), WARM_REFILL_MAX_GAP_MS);
    const wait = r.at + gap - this.clock.now();
    const topUp = () => {
      r.timer = undefined;
      const live = this.queueOf(key);
      const missing = live && !this.closed ? this.countIn(live) - live.liveCount : 0;
      if (missing <= 0 || !live) return;
      r.at = this.clock.now();
      live.prestart(missing);
    };
    if (wait <= 0) topUp();
    else r.timer = this.clock.setTimeout(topUp, wait);
  }

  /** No more top-ups: the host is shutting down. */
  close(): void {
    this.closed = true;
    for (const r of this.refills.values()) r.timer?.cancel();
  }
}
