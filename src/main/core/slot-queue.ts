// One queue per hot key: idle containers reused most-recent-first, waiting calls served in order, and a launch only
// when waiting calls outnumber what is already coming: containers starting or returning, and the calls busy
// containers will finish before a new container could start (no herd, no launch storm under a steady stream).
// When memory is short, a launch costs another function its container: calls of a function that has one (busy,
// returning or starting) wait for it instead, until one has been held back a whole start time.
import type { WaitReason } from '../../shared/models';
import { shuttingDown } from './call-failure';
import { systemClock, type Clock } from './clock';
import type { HotContainer } from './hot-container';

/** Weight of the newest sample in the smoothed call and launch times. */
const SMOOTHING = 0.3;
export const smooth = (prev: number | undefined, sample: number): number =>
  prev === undefined ? sample : prev + SMOOTHING * (sample - prev);

interface Waiter {
  resolve: (c: HotContainer) => void;
  reject: (err: unknown) => void;
  /** When the call started waiting. */
  since: number;
  watcher?: WaitWatcher;
  /** The reason last told to the watcher. */
  reason?: WaitReason;
}

/** A waiting call's view of its wait: told what it waits for whenever that changes. Also names the call, so the
 *  call a container was launched for can be told from one that only took it. */
export interface WaitWatcher {
  reason(r: WaitReason): void;
}

/** How a new container came to be: for which call, and when its launch was asked, got memory and was ready. */
export interface LaunchRecord {
  for?: WaitWatcher;
  askedAt: number;
  reservedAt: number;
  readyAt: number;
}

/** What a queue must know of the memory it shares with the other functions' queues. */
export interface SharedPool {
  /** A launch now would have to evict another function's container or wait behind other launches for memory. */
  memoryShort(): boolean;
  /** A start time learnt from any function, for a queue that has not timed a launch of its own. */
  launchEstimate(): number | undefined;
  /**
   * Asked of a container back from a call while calls wait here (the oldest since `since`): retires it for another
   * function's launch that has waited for memory much longer, so a busy function cannot starve the others. True if
   * it did.
   */
  surrender(c: HotContainer, since: number): boolean;
}

/** A queue with the memory to itself. */
const ALONE: SharedPool = {
  memoryShort: () => false,
  launchEstimate: () => undefined,
  surrender: () => false,
};

export interface Launch {
  /** Cancels a launch still waiting for memory; a container already starting is kept. */
  abort(): void;
  done: Promise<HotContainer>;
  /** When its memory was granted and the start proper began; unset while it waits for memory. */
  reservedAt?: number;
  /** Told when the memory is granted. */
  onReserved?: () => void;
}

export class SlotQueue {
  /** A stack: the most recently used container is on top. */
  private readonly idle: HotContainer[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly launches = new Set<Launch>();
  /** The call each launch in flight was asked for. */
  private readonly causes = new Map<Launch, Waiter>();
  /** New containers not handed out yet, and how their launch went (read once, by the call that takes it). */
  private readonly launched = new WeakMap<HotContainer, LaunchRecord>();
  /** Containers finishing their last call's output: capacity about to return, so no launch is needed for it. */
  private returning = 0;
  /** Launches this queue gave up on: their failure is nobody's error. */
  private readonly abandoned = new WeakSet<Launch>();
  /** Launches of containers kept warm: asked for by no call, so never given up when no call waits. */
  private readonly warmLaunches = new WeakSet<Launch>();
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
    /** Starts a container for calls waiting since `since` (the oldest call it is for). */
    private readonly launch: (since: number) => Launch,
    private readonly onIdle: (c: HotContainer) => void,
    /** Where a container goes that nobody can use any more (it arrived after close). */
    private readonly onOrphan: (c: HotContainer) => void,
    private readonly clock: Clock = systemClock,
    /** How long a new container took to start, without its wait for memory (which says nothing of launches). */
    private readonly startTimeOf?: (c: HotContainer) => number,
    private readonly shared: SharedPool = ALONE,
    /** The most containers this queue runs at once (starting, busy, returning or idle); more calls wait. */
    private readonly maxContainers = Infinity,
  ) {}

  /** How many more containers the queue may start now. Containers dead in a call no longer count. */
  private room(): number {
    if (this.maxContainers === Infinity) return Infinity;
    let busy = 0;
    for (const c of this.inUse.keys()) if (c.alive) busy++;
    return this.maxContainers - (this.launches.size + this.returning + this.idle.length + busy);
  }

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
  /** Containers of this queue alive or on their way: idle, busy, returning and starting. */
  get liveCount(): number {
    let busy = 0;
    for (const c of this.inUse.keys()) if (c.alive && c.info.state !== 'stopping') busy++;
    return this.idle.length + busy + this.returning + this.launches.size;
  }

  /** An idle container handed out at once (the most recently used: LIFO), or undefined when none is idle. */
  tryAcquire(): HotContainer | undefined {
    while (this.idle.length) {
      const c = this.idle.pop() as HotContainer;
      if (c.alive) return this.handOut(c);
    }
    return undefined;
  }

  /**
   * Resolves with a container that has no call in flight; rejects with the launch error or the signal's reason.
   * `watcher` is told what the call waits for while it waits.
   */
  acquire(signal: AbortSignal, watcher?: WaitWatcher): Promise<HotContainer> {
    const c = this.tryAcquire();
    if (c) return Promise.resolve(c);
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
        watcher,
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

  /** How the container's launch went, for the first call it serves; undefined for a container that served one. */
  launchOf(c: HotContainer): LaunchRecord | undefined {
    const r = this.launched.get(c);
    this.launched.delete(c);
    return r;
  }

  /**
   * What a waiting call waits for: its own launch (memory first, then the start), else any launch in flight, else a
   * busy container of its function.
   */
  private reasonOf(w: Waiter): WaitReason {
    let starting = false;
    let allShort = this.launches.size > 0;
    for (const l of this.launches) {
      const reserved = l.reservedAt !== undefined;
      if (this.causes.get(l) === w) return reserved ? 'launch' : 'memory';
      starting ||= reserved;
      allShort &&= !reserved;
    }
    if (starting) return 'launch';
    return allShort ? 'memory' : 'container';
  }

  private tellReasons(): void {
    for (const w of this.waiters) {
      if (!w.watcher) continue;
      const r = this.reasonOf(w);
      if (r !== w.reason) w.watcher.reason((w.reason = r));
    }
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

  private startEstimate(): number | undefined {
    return this.launchMs ?? this.shared.launchEstimate();
  }

  /** The oldest waiting call has waited as long as a start takes: holding it back did not pay off. */
  private heldTooLong(): boolean {
    const oldest = this.waiters[0];
    const startMs = this.startEstimate();
    return oldest !== undefined && startMs !== undefined && this.clock.now() - oldest.since >= startMs;
  }

  /**
   * Launches one container for each waiting call that nothing coming covers. Calls left waiting on busy containers
   * are looked at again a start time later, and whenever a container or a launch comes back.
   */
  private maybeLaunch(): void {
    if (this.closed) return;
    const served = this.servedByBusy();
    // Short of memory, a container of this function (busy, returning or starting) serves its waiting calls: a
    // launch would evict another function's container or take its place in the line for memory.
    const holdBack = this.inUse.size + this.launches.size + this.returning > 0 && this.shared.memoryShort();
    while (!holdBack && this.room() > 0) {
      const covered = this.launches.size + this.returning + served;
      if (this.waiters.length <= covered) break;
      // The first call not covered is the one this launch is for (the newest arrival when calls come one by one).
      this.startLaunch(this.waiters[covered]);
    }
    const uncovered = this.waiters.length > this.launches.size + this.returning;
    // The estimate was wrong for a call held back a whole start time: launch for it, one launch at a time (each
    // one's return looks again), so a stall never turns into a burst of launches.
    if (uncovered && this.launches.size === 0 && this.heldTooLong() && this.room() > 0)
      this.startLaunch(this.waiters[0]);
    // At its cap, the queue looks again when a container comes back or is gone (forget), not on a timer.
    if (this.waiters.length > this.launches.size + this.returning && this.room() > 0) this.recheckLater();
    this.tellReasons();
  }

  /** Starts `n` containers no call has asked for (kept warm): each goes to a waiting call or the idle stack. */
  prestart(n: number): void {
    if (this.closed) return;
    for (let i = 0; i < n; i++) this.startLaunch(undefined);
  }

  private startLaunch(cause: Waiter | undefined): void {
    const asked = this.clock.now();
    const launch = this.launch(cause?.since ?? asked);
    // Memory granted at once (set during the call above) is no wait, whatever the clock read inside the launch.
    const grantedAtOnce = launch.reservedAt !== undefined;
    this.launches.add(launch);
    if (cause) this.causes.set(launch, cause);
    else this.warmLaunches.add(launch);
    launch.onReserved = () => this.tellReasons();
    launch.done.then(
      (c) => {
        const owner = this.causes.get(launch) ?? cause;
        this.launches.delete(launch);
        this.causes.delete(launch);
        const readyAt = this.clock.now();
        this.launched.set(c, {
          for: owner?.watcher,
          askedAt: asked,
          reservedAt: grantedAtOnce ? asked : (launch.reservedAt ?? asked),
          readyAt,
        });
        this.launchMs = smooth(this.launchMs, this.startTimeOf?.(c) ?? readyAt - asked);
        this.offer(c);
        if (this.waiters.length) this.maybeLaunch();
        this.tellReasons();
      },
      (err) => {
        const owner = this.causes.get(launch) ?? cause;
        this.launches.delete(launch);
        this.causes.delete(launch);
        // The launch error reaches the call it is for, if it still waits; others may launch again.
        const i = this.abandoned.has(launch) || !owner ? -1 : this.waiters.indexOf(owner);
        if (i >= 0 && owner) {
          this.waiters.splice(i, 1);
          owner.reject(err);
        }
        if (this.waiters.length) this.maybeLaunch();
        this.tellReasons();
      },
    );
  }

  private recheckLater(): void {
    const startMs = this.startEstimate();
    // With no start timed yet, the launch in flight looks again when it ends.
    if (this.recheck || startMs === undefined) return;
    this.recheck = this.clock.setTimeout(
      () => {
        this.recheck = null;
        if (this.waiters.length) this.maybeLaunch();
      },
      Math.max(1, startMs),
    );
  }

  /** Aborts launches nobody waits for any more, newest first (only those still waiting for memory stop). */
  private trimLaunches(): void {
    const asked = [...this.launches].filter((l) => !this.warmLaunches.has(l));
    const extra = asked.length - this.waiters.length;
    if (extra <= 0) return;
    for (const l of asked.slice(-extra)) {
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
      const oldest = this.waiters[0];
      if (!oldest || this.closed || !c.alive || !this.shared.surrender(c, oldest.since)) this.offer(c);
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
    if (next) {
      this.creditLaunch(c, next);
      next.resolve(this.handOut(c));
      // A launch asked for this call and still waiting for memory would now start a container nobody needs.
      return this.trimLaunches();
    }
    // Nobody waits: launches still waiting for memory are for calls already served; they must not take memory (or
    // evict anything) for a container nobody needs.
    this.trimLaunches();
    this.idle.push(c);
    this.onIdle(c);
  }

  /**
   * Waiting calls are served in order, but launches may finish out of order: a new container launched for a later
   * call goes to the first waiting call. When that call has a launch of its own still coming, the two calls swap
   * launches: the container counts as launched for the call that takes it, and the later call gets the other one.
   * Otherwise the same burst would be reported as two calls that each waited for someone else's container.
   */
  private creditLaunch(c: HotContainer, taker: Waiter): void {
    const record = this.launched.get(c);
    // A container kept warm was launched for nobody: the call that takes it only waited for it.
    if (!record || record.for === undefined || record.for === taker.watcher) return;
    const owner = this.waiters.find((w) => w.watcher === record.for);
    for (const [l, w] of this.causes) {
      if (w !== taker) continue;
      if (owner) this.causes.set(l, owner);
      record.for = taker.watcher;
      return;
    }
  }

  /** A container is gone (it exited): it no longer counts, and calls waiting may need a new one. */
  forget(c: HotContainer): void {
    this.take(c);
    if (!this.inUse.delete(c)) return;
    if (this.waiters.length) this.maybeLaunch();
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

  /**
   * Hands out nothing more: waiting calls are let go with `reason`, launches still waiting for memory stop, and the
   * idle containers are returned; a container that comes back later goes to onOrphan.
   */
  close(reason: unknown = shuttingDown()): HotContainer[] {
    this.closed = true;
    this.recheck?.cancel();
    this.recheck = null;
    for (const w of this.waiters.splice(0)) w.reject(reason);
    this.trimLaunches();
    for (const l of this.launches)
      if (this.warmLaunches.has(l)) {
        this.abandoned.add(l);
        l.abort();
      }
    return this.idle.splice(0);
  }
}
