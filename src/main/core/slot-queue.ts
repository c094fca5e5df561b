// One queue per hot key: idle containers reused most-recent-first, waiting calls served in order, and a launch only
// when waiting calls outnumber the containers already starting (no herd).
import type { HotContainer } from './hot-container';

interface Waiter {
  resolve: (c: HotContainer) => void;
  reject: (err: unknown) => void;
}

export interface Launch {
  /** Cancels a launch still waiting for memory; a container already starting is kept. */
  abort(): void;
  done: Promise<HotContainer>;
}

export class SlotQueue {
  /** A stack: the most recently used container is on top. */
  private readonly idle: HotContainer[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly launches = new Set<Launch>();
  /** Containers finishing their last call's output: capacity about to return, so no launch is needed for it. */
  private returning = 0;
  /** Launches this queue gave up on: their failure is nobody's error. */
  private readonly abandoned = new WeakSet<Launch>();
  private closed = false;

  constructor(
    readonly key: string,
    private readonly launch: () => Launch,
    private readonly onIdle: (c: HotContainer) => void,
    /** Where a container goes that nobody can use any more (it arrived after close). */
    private readonly onOrphan: (c: HotContainer) => void,
  ) {}

  get idleCount(): number {
    return this.idle.length;
  }
  get waiting(): number {
    return this.waiters.length;
  }
  get starting(): number {
    return this.launches.size;
  }
  idleContainers(): readonly HotContainer[] {
    return this.idle;
  }

  /** Resolves with a container that has no call in flight; rejects with the launch error or the signal's reason. */
  acquire(signal: AbortSignal): Promise<HotContainer> {
    while (this.idle.length) {
      const c = this.idle.pop() as HotContainer;
      if (c.alive) return Promise.resolve(c);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (c) => {
          signal.removeEventListener('abort', onAbort);
          resolve(c);
        },
        reject: (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal.reason);
        this.trimLaunches();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.maybeLaunch(waiter);
    });
  }

  private maybeLaunch(cause: Waiter): void {
    if (this.closed || this.waiters.length <= this.launches.size + this.returning) return;
    const launch = this.launch();
    this.launches.add(launch);
    launch.done.then(
      (c) => {
        this.launches.delete(launch);
        this.offer(c);
      },
      (err) => {
        this.launches.delete(launch);
        // The launch error reaches the call that caused it, if it still waits; others may launch again.
        const i = this.abandoned.has(launch) ? -1 : this.waiters.indexOf(cause);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          cause.reject(err);
        }
        if (this.waiters.length) this.maybeLaunch(this.waiters[0]);
      },
    );
  }

  /** Aborts launches nobody waits for any more (only those still waiting for memory stop). */
  private trimLaunches(): void {
    const extra = this.launches.size - this.waiters.length;
    for (const l of [...this.launches].slice(0, Math.max(0, extra))) {
      this.abandoned.add(l);
      l.abort();
    }
  }

  /** Gives a container back once `ready` resolves, counting it as capacity meanwhile. */
  offerWhen(c: HotContainer, ready: Promise<void>): void {
    this.returning++;
    void ready.then(() => {
      this.returning--;
      this.offer(c);
      // A waiter that arrived meanwhile may still need a container of its own.
      if (this.waiters.length) this.maybeLaunch(this.waiters[0]);
    });
  }

  /** A container that finished a call cleanly, or a new one: to the first waiter, else on top of the idle stack. */
  offer(c: HotContainer): void {
    if (!c.alive) return;
    if (this.closed) return this.onOrphan(c);
    const next = this.waiters.shift();
    if (next) return next.resolve(c);
    this.idle.push(c);
    this.onIdle(c);
  }

  /** Takes an idle container out (idle timeout, eviction, close); false if it is not idle here. */
  take(c: HotContainer): boolean {
    const i = this.idle.indexOf(c);
    if (i < 0) return false;
    this.idle.splice(i, 1);
    return true;
  }

  /** Resolves when no launch is in flight. */
  async launchesSettled(): Promise<void> {
    while (this.launches.size) await Promise.allSettled([...this.launches].map((l) => l.done));
  }

  close(): HotContainer[] {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('shutting down'));
    return this.idle.splice(0);
  }
}
