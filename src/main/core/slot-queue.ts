// One queue per hot key: idle containers reused most-recent-first, waiting calls served in order, and a launch only
// when waiting calls outnumber what is already coming: containers starting or returning, and the calls busy
// containers will finish before a new container could start (no herd, no launch storm under a steady stream).
import { systemClock, type Clock } from './clock';
import type { HotContainer } from './hot-container';

/** Weight of the newest sample in the smoothed call and launch times. */
const SMOOTHING = 0.3;
const smooth = (prev: number | undefined, sample: number): number =>
  prev === undefined ? sample : prev + SMOOTHING * (sample - prev);

interface Waiter {
  resolve: (c: HotContainer) => void;
  reject: (err: unknown) => void;
  /** When the call started waiting. */
  since: number;
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
  /** Containers handed to a call and not back yet, with when they were handed out. */
  private readonly inUse = new Map<HotContainer, number>();
  /** Smoothed time from hand-out to return of a container (one call), ms; unknown until a call came back. */
  private callMs: number | undefined;
  /** Smoothed time a launch takes to start a container, ms. */
  private launchMs: number | undefined;
  /** A later look at waiters a launch was held back for: the busy containers might have died meanwhile. */
  private recheck: { cancel(): void } | null = null;

  constructor(
    readonly key: string,
    private readonly launch: () => Launch,
    private readonly onIdle: (c: HotContainer) => void,
    /** Where a container goes that nobody can use any more (it arrived after close). */
    private readonly onOrphan: (c: HotContainer) => void,
    private readonly clock: Clock = systemClock,
    /** How long a new container took to start, without its wait for memory (which says nothing of launches). */
    private readonly startTimeOf?: (c: HotContainer) => number,
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
      if (c.alive) return Promise.resolve(this.handOut(c));
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
        since: this.clock.now(),
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
      this.maybeLaunch();
    });
  }

  private handOut(c: HotContainer): HotContainer {
    this.inUse.set(c, this.clock.now());
    return c;
  }

  private cameBack(c: HotContainer): void {
    const since = this.inUse.get(c);
    if (since === undefined) return;
    this.inUse.delete(c);
    this.callMs = smooth(this.callMs, this.clock.now() - since);
  }

  /**
   * How many waiting calls the busy containers will serve before a launch asked for now could: a launch would not
   * serve them sooner. Zero until both a call and a launch have been timed (the first burst launches as Fn does).
   */
  private servedByBusy(): number {
    const { callMs, launchMs } = this;
    if (!callMs || !launchMs) return 0;
    const now = this.clock.now();
    let busy = 0;
    for (const [c, since] of this.inUse) {
      if (!c.alive)
        this.inUse.delete(c); // died in a call: it will never come back
      // A call running a start time past the usual (hung, or heading for its timeout) frees nothing soon.
      else if (now - since <= 2 * callMs + launchMs) busy++;
    }
    return Math.floor(busy * (launchMs / callMs));
  }

  /** The oldest waiting call has waited as long as a start takes: holding it back did not pay off. */
  private heldTooLong(): boolean {
    const oldest = this.waiters[0];
    return (
      oldest !== undefined && this.launchMs !== undefined && this.clock.now() - oldest.since >= this.launchMs
    );
  }

  /**
   * Launches one container for each waiting call that nothing coming covers. Calls left waiting on busy containers
   * are looked at again a start time later, and whenever a container or a launch comes back.
   */
  private maybeLaunch(): void {
    if (this.closed) return;
    const served = this.servedByBusy();
    for (;;) {
      const covered = this.launches.size + this.returning + served;
      if (this.waiters.length <= covered) break;
      // The first call not covered is the one this launch is for (the newest arrival when calls come one by one).
      this.startLaunch(this.waiters[covered]);
    }
    const uncovered = this.waiters.length > this.launches.size + this.returning;
    // The estimate was wrong for a call held back a whole start time: launch for it, one launch at a time (each
    // one's return looks again), so a stall never turns into a burst of launches.
    if (uncovered && this.launches.size === 0 && this.heldTooLong()) this.startLaunch(this.waiters[0]);
    if (this.waiters.length > this.launches.size + this.returning) this.recheckLater();
  }

  private startLaunch(cause: Waiter): void {
    const launch = this.launch();
    const asked = this.clock.now();
    this.launches.add(launch);
    launch.done.then(
      (c) => {
        this.launches.delete(launch);
        this.launchMs = smooth(this.launchMs, this.startTimeOf?.(c) ?? this.clock.now() - asked);
        this.offer(c);
        if (this.waiters.length) this.maybeLaunch();
      },
      (err) => {
        this.launches.delete(launch);
        // The launch error reaches the call that caused it, if it still waits; others may launch again.
        const i = this.abandoned.has(launch) ? -1 : this.waiters.indexOf(cause);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          cause.reject(err);
        }
        if (this.waiters.length) this.maybeLaunch();
      },
    );
  }

  private recheckLater(): void {
    if (this.recheck) return;
    this.recheck = this.clock.setTimeout(
      () => {
        this.recheck = null;
        if (this.waiters.length) this.maybeLaunch();
      },
      Math.max(1, this.launchMs ?? 1),
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
    this.cameBack(c);
    this.returning++;
    void ready.then(() => {
      this.returning--;
      this.offer(c);
      // A waiter that arrived meanwhile may still need a container of its own.
      if (this.waiters.length) this.maybeLaunch();
    });
  }

  /** A container that finished a call cleanly, or a new one: to the first waiter, else on top of the idle stack. */
  offer(c: HotContainer): void {
    this.cameBack(c);
    if (!c.alive) return;
    if (this.closed) return this.onOrphan(c);
    const next = this.waiters.shift();
    if (next) return next.resolve(this.handOut(c));
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
    this.recheck?.cancel();
    this.recheck = null;
    for (const w of this.waiters.splice(0)) w.reject(new Error('shutting down'));
    return this.idle.splice(0);
  }
}
