// Which hot queues and containers are in debug mode: one container per queue, never reaped or evicted; queues whose
// function's settings changed (stale) retire their container once no call waits for it; and the turn a new debug
// container waits for, so one container at a time holds a function's debugger (and its fixed host port).
import type { CallOptions } from './call-types';
import type { HotContainer } from './hot-container';
import type { SlotQueue } from './slot-queue';

export class DebugQueues {
  /** Debug queues, with their function's id. */
  private readonly fnOf = new WeakMap<SlotQueue, string>();
  /** Containers started in debug mode. */
  private readonly containers = new WeakSet<HotContainer>();
  /** Debug queues whose function's settings changed: no new call reaches them, their container retires when free. */
  readonly stale = new Set<SlotQueue>();

  /** The most containers a queue for this call may run. */
  static capFor(call: CallOptions): number {
    return call.debug ? 1 : Infinity;
  }

  add(queue: SlotQueue, call: CallOptions): void {
    if (call.debug) this.fnOf.set(queue, call.fn_id);
  }

  has(queue: SlotQueue): boolean {
    return this.fnOf.has(queue);
  }

  started(c: HotContainer, call: CallOptions): void {
    if (call.debug) this.containers.add(c);
  }

  /** Takes the function's debug queues out of `queues` (its settings changed): they are stale from now on. */
  retireQueuesOf(fnId: string, queues: Map<string, SlotQueue>): void {
    for (const [key, q] of queues)
      if (this.fnOf.get(q) === fnId) {
        queues.delete(key);
        this.stale.add(q);
      }
  }

  /** A container of a debug queue became idle: true when it must retire (its queue is stale), which ends the queue. */
  idleRetires(q: SlotQueue): boolean {
    return this.stale.delete(q);
  }

  /** Forgets stale queues with nothing left: no container, no call, no launch. */
  prune(): void {
    for (const q of this.stale)
      if (q.waiting === 0 && q.starting === 0 && q.idleCount === 0) this.stale.delete(q);
  }

  /**
   * Resolves once no earlier debug container of the function is running (one of settings it no longer has, or of an
   * image it no longer names, finishing its call).
   */
  async turn(fnId: string, live: () => Iterable<HotContainer>, signal: AbortSignal): Promise<void> {
    for (;;) {
      const earlier = [...live()].filter((c) => c.alive && c.info.fn_id === fnId && this.containers.has(c));
      if (!earlier.length) return;
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason as Error);
        signal.addEventListener('abort', onAbort, { once: true });
        void Promise.all(earlier.map((c) => c.exited)).then(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }
}
