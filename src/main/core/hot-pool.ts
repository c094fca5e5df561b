// Hot containers of every function: launch (with eviction of other functions' idle containers when memory is
// short), idle timeout, retirement, and the slot queues they are handed out through, which share the memory. Debug
// mode's rules (one container, never reaped or evicted) are kept in debug-queues.ts, min-warm's in warm-targets.ts.
import { debugAddress } from '../../shared/fn-debug';
import { DebugQueues } from './debug-queues';
import type { ContainerEndReason, ContainerInfo } from '../../shared/models';
import type { CallOptions } from './call-types';
import { callEnv, nanoCpusOf } from './call-types';
import type { Clock } from './clock';
import type { ContainerTracker } from './container-tracker';
import type { ContainerDriver, ContainerSpec, Hardening } from './driver';
import { HotContainer, type HotTransport } from './hot-container';
import { streamSetup, untilReady } from './http-stream-setup';
import { httpStreamEnv } from './protocols/http-stream';
import { RELAY_MEMORY_MB } from './protocols/stream-relay';
import { logFrameEnv } from './log-router';
import { hotKey } from './hot-key';
import { type ImageMove, ImageMoved } from './image-ids';
import { httpProtocol } from './protocols/http-protocol';
import { jsonProtocol } from './protocols/json-protocol';
import type { HotProtocol } from './protocols/protocol';
import type { MemoryToken, ResourcePool, WaiterTag } from './resource-pool';
import { type Launch, type SharedPool, SlotQueue, smooth } from './slot-queue';
import { containerFigures, figuresChanged, type UsageSample } from './usage-sample';
import { WarmTargets } from './warm-targets';
import { isoTime } from '../../shared/iso-time';

/**
 * How many start times longer than a function's own waiting calls another function's call must have waited for
 * memory before that function's container makes room for it: rarely under an even load, where keeping containers
 * that have calls waiting serves everyone sooner, but a bound on how long a busy function can keep the others out.
 */
const FAIR_SHARE_STARTS = 2;

export interface HotPoolDeps {
  driver: ContainerDriver;
  pool: ResourcePool;
  clock: Clock;
  containers: ContainerTracker;
  labels: (call: CallOptions) => Record<string, string>;
  hardening: Hardening;
  /** How long an http-stream function may take to create its socket (Fn: 5 s). */
  initTimeoutMs?: number;
  /** Whether http-stream sockets are shared through a host directory or through a relay container. */
  /** How an http-stream container of this image is reached. */
  streamMode: (image: string) => Promise<'direct' | 'relay'>;
  /** Told when a container has been removed (its between-call log is complete). */
  onRemoved?: (c: HotContainer) => void;
}

const STDIO_PROTOCOLS: Record<string, HotProtocol> = { json: jsonProtocol, http: httpProtocol };

export function isHotFormat(format: string): boolean {
  return format in STDIO_PROTOCOLS || format === 'http-stream';
}

export class HotPool {
  private readonly queues = new Map<string, SlotQueue>();
  /** The image name and ID each queue's containers run. */
  private readonly imageOf = new WeakMap<SlotQueue, { image: string; id: string }>();
  /** Queues whose image name moved to another ID: they hand out nothing more. */
  private readonly replaced = new WeakSet<SlotQueue>();
  /** Queues and containers in debug mode. */
  private readonly debug = new DebugQueues();
  /** Replaced queues with launches still in flight (Close waits for those too). */
  private readonly draining = new Set<SlotQueue>();
  private readonly idleTimers = new Map<HotContainer, { cancel(): void }>();
  private readonly launchMs = new WeakMap<HotContainer, number>();
  /** Every container from its launch until it is removed, by id (for its between-call log). */
  private readonly live = new Map<string, HotContainer>();
  /** Smoothed start time over every function's launches, ms: the estimate for a function not launched yet. */
  private startMs: number | undefined;
  /** The call each queue was made for (its function and configuration). */
  private readonly callOf = new WeakMap<SlotQueue, CallOptions>();
  /** The hot key each container was launched under. */
  private readonly keyOf = new WeakMap<HotContainer, string>();
  /** Per function: the containers kept warm (min-warm). */
  private readonly warm: WarmTargets;
  private closing = false;

  constructor(private readonly d: HotPoolDeps) {
    this.warm = new WarmTargets(
      d.clock,
      (key) => this.queues.get(key),
      (q) => this.callOf.get(q)?.fn_id,
    );
  }

  /** The queue of the call's hot key, whose containers run the image `imageId` (what the call's image names now). */
  queueFor(call: CallOptions, imageId: string): SlotQueue {
    const key = hotKey(call, imageId);
    let q = this.queues.get(key);
    if (!q) {
      const queue: SlotQueue = new SlotQueue(
        key,
        (since) => this.launch(call, imageId, { key, since }),
        (c) => this.becameIdle(c, call, queue),
        // A container back after its queue closed: its image was replaced, or the host is shutting down.
        (c) => this.retire(c, this.replaced.has(queue) ? 'image_rebuilt' : 'shutdown'),
        this.d.clock,
        (c) => this.launchTime(c),
        this.shared(key, call),
        // Debug mode runs one container: the one the developer's debugger is attached to.
        DebugQueues.capFor(call),
      );
      this.queues.set(key, queue);
      this.debug.add(queue, call);
      this.imageOf.set(queue, { image: call.image, id: imageId });
      this.callOf.set(queue, call);
      q = queue;
    }
    return q;
  }

  /**
   * A name now points to another image: the containers of the old one retire, idle ones at once and busy ones when
   * their call ends, and calls waiting for one of them are dispatched again (to the new image).
   */
  imageMoved(move: ImageMove): void {
    const keepUp: CallOptions[] = [];
    for (const [key, q] of this.queues) {
      const img = this.imageOf.get(q);
      if (img?.image !== move.image || img.id !== move.from) continue;
      const call = this.callOf.get(q);
      if (call && this.keepsUp(q, call)) keepUp.push(call);
      this.queues.delete(key);
      this.replaced.add(q);
      this.draining.add(q);
      for (const c of q.close(new ImageMoved(move))) this.retire(c, 'image_rebuilt');
      void q.launchesSettled().then(() => this.draining.delete(q));
    }
    // A function in use stays ready: the first call after a rebuild (a save under watch) finds the new code started.
    for (const call of keepUp) {
      const q = this.queueFor(call, move.to);
      if (!this.closing && q.liveCount === 0 && !this.d.pool.wouldWait(call.memory)) q.prestart(1);
    }
  }

  /**
   * Whether a queue whose image moved gets one container of the new image started at once: it had containers and no
   * call waiting (a waiting call launches its own, and is told it paid the start), it keeps none warm (those are
   * kept on the new image anyway), and it is not in debug mode (one container at a time, on one port).
   */
  private keepsUp(q: SlotQueue, call: CallOptions): boolean {
    return q.liveCount > 0 && q.waiting === 0 && this.warm.countIn(q) === 0 && !call.debug;
  }

  /** How long the container took to launch, for the call it was launched for. */
  launchTime(c: HotContainer): number {
    return this.launchMs.get(c) ?? 0;
  }

  /** What one function's queue sees of the memory all functions share. */
  private shared(key: string, call: CallOptions): SharedPool {
    const { pool, clock } = this.d;
    const mb = call.memory;
    return {
      memoryShort: () => pool.wouldWait(mb),
      launchEstimate: () => this.startMs,
      surrender: (c, since) => {
        // A container kept warm stays with its function (the queue's count leaves out `c`, on its way back).
        const own = this.queues.get(key);
        if (own && own.liveCount < this.warm.countIn(own)) return false;
        const head = pool.headWaiter;
        // A debug container keeps its debugger session: it is not given up for other functions.
        if (call.debug || !head || head.tag?.key === key || this.startMs === undefined) return false;
        // Only for a call that has waited much longer than those waiting here, and that this container's memory
        // lets in: otherwise keeping the container serves everyone sooner.
        const headSince = head.tag?.since ?? clock.now();
        if (since - headSince < FAIR_SHARE_STARTS * this.startMs || pool.freeMb + c.token.mb < head.mb)
          return false;
        this.retire(c, 'evicted');
        return true;
      },
    };
  }

  /**
   * Reserves memory, first evicting idle containers (least recently used first) when that alone covers the
   * shortfall. `tag` says whom for (a cold call: nobody's key, waiting from now).
   */
  reserveMemory(
    mb: number,
    signal: AbortSignal,
    tag: WaiterTag = { since: this.d.clock.now() },
  ): Promise<MemoryToken> {
    const { pool } = this.d;
    if (pool.waiting === 0) this.evictFor(mb - pool.freeMb, tag.key);
    return pool.reserve(mb, signal, tag);
  }

  /** Evicts idle containers for a launch of `forKey` (undefined: a cold call), never that function's own: a
   *  function that needs another container has no use for killing one it has. */
  private evictFor(shortMb: number, forKey: string | undefined): void {
    if (shortMb <= 0) return;
    // Only containers whose function has no call waiting (an idle one never has: a waiting call takes it).
    // Containers kept warm are not evicted: only a function's idle containers beyond its min-warm, oldest first.
    const idle = [...this.queues.values()]
      .filter((q) => q.waiting === 0 && q.key !== forKey && !this.debug.has(q))
      .flatMap((q) =>
        q
          .idleContainers()
          .slice(0, Math.max(0, q.liveCount - this.warm.countIn(q)))
          .map((c) => ({ q, c })),
      );
    idle.sort((a, b) => a.c.lastUsed - b.c.lastUsed);
    let freed = 0;
    const victims: typeof idle = [];
    for (const v of idle) {
      if (freed >= shortMb) break;
      victims.push(v);
      freed += v.c.token.mb;
    }
    if (freed < shortMb) return; // evicting would not make room: keep them warm
    for (const v of victims) if (v.q.take(v.c)) this.retire(v.c, 'evicted');
  }

  private launch(call: CallOptions, imageId: string, tag: WaiterTag): Launch {
    const abort = new AbortController();
    // `done` is set below: the launch tells of its memory grant through the object the queue holds.
    const launch = {
      abort: () => launch.reservedAt === undefined && abort.abort(new Error('launch no longer needed')),
    } as Launch;
    const { pool, clock } = this.d;
    const askedAt = clock.now();
    const waitsForMemory = pool.wouldWait(call.memory);
    // Memory granted at once is no wait: the launch counts as started now, before the promise that grants it
    // settles, so nobody is told for that moment that the call waits for memory.
    if (!waitsForMemory) launch.reservedAt = askedAt;
    launch.done = (async () => {
      // One container at a time holds the function's debugger (and its fixed host port, if it has one).
      if (call.debug) await this.debug.turn(call.fn_id, () => this.live.values(), abort.signal);
      const mode = call.format === 'http-stream' ? await this.d.streamMode(imageId) : undefined;
      // A relay container comes with the function's and holds memory too: the pool counts both.
      const relayMb = mode === 'relay' ? RELAY_MEMORY_MB : 0;
      const token = await this.reserveMemory(call.memory + relayMb, abort.signal, tag);
      // Launch time counts from here: the wait for memory is resource wait, not launch.
      const started = launch.reservedAt ?? clock.now();
      if (waitsForMemory) {
        launch.reservedAt = started;
        launch.onReserved?.();
      }
      const stream = mode ? await streamSetup(this.d, call, mode) : undefined;
      // Once a HotContainer exists, retire() owns its cleanup (container, directory or relay, memory).
      let owned = false;
      try {
        // By ID: the container runs the very image its queue stands for, even if the name has moved meanwhile.
        const spec: ContainerSpec = {
          image: imageId,
          env: { ...callEnv(call), ...call.debug?.env, ...logFrameEnv(), ...(stream ? httpStreamEnv() : {}) },
          labels: this.d.labels(call),
          memoryMb: call.memory,
          nanoCpus: nanoCpusOf(call),
          network: call.network,
          hardening: this.d.hardening,
          // stdio formats talk over stdin; an http-stream function gets end-of-file there, as in Fn (an image
          // that is not an FDK function then exits and fails to initialize instead of idling until the timeout).
          keepStdinOpen: !stream,
          ...stream?.mount,
          publish: call.debug && { port: call.debug.port, hostPort: call.debug.host_port },
        };
        const running = await this.d.driver.start(spec);
        const info = this.d.containers.add(
          running.id,
          call,
          'starting',
          'hot',
          { spec, imageId },
          relayMb || undefined,
        );
        if (running.publishedPort !== undefined)
          this.update(info, {
            debug_address: debugAddress(running.publishedPort),
            debug_engine_host: this.d.driver.remoteHost,
          });
        const transport: HotTransport = stream
          ? { kind: 'socket', socketPath: '', cleanup: stream.cleanup }
          : { kind: 'stdio', protocol: STDIO_PROTOCOLS[call.format] };
        if (stream) running.stdin.end();
        const c = new HotContainer(running, transport, token, info, this.d.clock, (sample) =>
          this.showFigures(info, sample),
        );
        this.live.set(c.info.id, c);
        this.debug.started(c, call);
        this.keyOf.set(c, tag.key as string);
        owned = true;
        if (stream && transport.kind === 'socket') {
          try {
            transport.socketPath = await untilReady(c, stream.ready, call, this.d);
          } catch (err) {
            this.retire(c, 'failed_to_start'); // removes the container, its socket directory or relay, and returns the memory
            throw err;
          }
        }
        const ms = this.d.clock.now() - started;
        this.launchMs.set(c, ms);
        this.startMs = smooth(this.startMs, ms);
        void c.exited.then((exit) => this.died(c, exit));
        return c;
      } catch (err) {
        if (!owned) {
          token.release();
          await stream?.cleanup().catch(() => undefined);
        }
        throw err;
      }
    })();
    return launch;
  }

  /**
   * Keeps `count` containers of the call's hot key started (`imageId`: what its image name points to now), never
   * reaped by the idle timeout nor evicted for other functions; `undefined` or 0 keeps none. Containers of the
   * function's previous warm key get their idle timeout back.
   */
  setWarm(fnId: string, target: { call: CallOptions; imageId: string; count: number } | undefined): void {
    const q = target && target.count > 0 ? this.queueFor(target.call, target.imageId) : undefined;
    const beforeKey = this.warm.set(fnId, q && target ? { key: q.key, count: target.count } : undefined);
    const old = beforeKey === undefined ? undefined : this.queues.get(beforeKey);
    if (old && old !== q) this.rearmIdle(old);
    if (q) {
      this.rearmIdle(q);
      this.warm.refill(q.key);
    }
  }

  /** Idle containers get the idle timeout (or lose it) as the number kept warm changed. */
  private rearmIdle(q: SlotQueue): void {
    const call = this.callOf.get(q);
    if (!call) return;
    for (const c of [...q.idleContainers()]) {
      const timed = this.idleTimers.has(c);
      if (timed === this.warm.keepsAll(q)) this.becameIdle(c, call, q);
    }
  }

  markBusy(c: HotContainer): void {
    this.cancelIdleTimer(c);
    this.update(c.info, {
      state: 'busy',
      calls_served: c.callsServed + 1,
      last_used_at: isoTime(this.d.clock.now()),
      idle_deadline: undefined,
      kept_warm: undefined,
    });
  }

  private becameIdle(c: HotContainer, call: CallOptions, q: SlotQueue): void {
    this.cancelIdleTimer(c);
    if (this.debug.has(q)) return this.debugIdle(c, q);
    if (this.warm.keepsAll(q)) {
      // One of the function's warm containers: no idle timeout.
      this.update(c.info, {
        state: 'idle',
        calls_served: c.callsServed,
        idle_deadline: undefined,
        kept_warm: true,
      });
    } else {
      const deadline = isoTime(this.d.clock.now() + call.idle_timeout * 1000);
      this.update(c.info, {
        state: 'idle',
        calls_served: c.callsServed,
        idle_deadline: deadline,
        kept_warm: undefined,
      });
      this.idleTimers.set(
        c,
        this.d.clock.setTimeout(() => {
          this.idleTimers.delete(c);
          // The function's other containers went meanwhile: this one is now one of those kept warm.
          if (this.warm.keepsAll(q)) this.update(c.info, { idle_deadline: undefined, kept_warm: true });
          else if (q.take(c)) this.retire(c, 'idle_timeout');
        }, call.idle_timeout * 1000),
      );
    }
    // A launch elsewhere waits for memory: this idle container may be what it needs.
    const { pool } = this.d;
    const head = pool.headWaiter;
    if (head) this.evictFor(head.mb - pool.freeMb, head.tag?.key);
  }

  /** A debug container waits for the next call however long it takes, unless its settings changed meanwhile. */
  private debugIdle(c: HotContainer, q: SlotQueue): void {
    if (this.debug.idleRetires(q)) {
      if (q.take(c)) this.retire(c, 'config_changed');
      return;
    }
    this.update(c.info, { state: 'idle', calls_served: c.callsServed, idle_deadline: undefined });
  }

  private died(c: HotContainer, exit: { oomKilled: boolean }): void {
    // Its queue stops counting it (a debug queue may then start the next one).
    for (const q of [...this.queues.values(), ...this.draining, ...this.debug.stale]) q.forget(c);
    this.debug.prune();
    // A call that failed may have retired it first; running out of memory is the truer reason.
    if (exit.oomKilled) c.info.end_reason = 'oom';
    this.retire(c, exit.oomKilled ? 'oom' : 'exited');
  }

  /** Kills and removes the container, then returns its memory; safe to call more than once. */
  retire(c: HotContainer, reason: ContainerEndReason): void {
    this.cancelIdleTimer(c);
    if (c.info.state === 'stopping') return;
    this.d.containers.retire(
      c.info,
      async () => {
        try {
          await c.kill();
          // A killed container holds no memory: a launch waiting for it need not wait for the removal as well.
          c.token.release();
          await c.remove();
        } finally {
          c.token.release();
          this.live.delete(c.info.id);
          this.d.onRemoved?.(c);
          // A warm container that ended (it died, or a call failed on it) is replaced.
          const key = this.keyOf.get(c);
          if (key !== undefined) this.warm.refill(key, { served: c.callsServed > 0 });
        }
      },
      reason,
    );
  }

  /** The container's memory and CPU now, for the live view (only when they changed). */
  private showFigures(info: ContainerInfo, sample: UsageSample): void {
    const figures = containerFigures(sample);
    if (info.state !== 'stopping' && figuresChanged(info, figures)) this.update(info, figures);
  }

  private cancelIdleTimer(c: HotContainer): void {
    this.idleTimers.get(c)?.cancel();
    this.idleTimers.delete(c);
  }

  private update(info: ContainerInfo, patch: Partial<ContainerInfo>): void {
    this.d.containers.update(info, patch);
  }

  /** What a live container has written between calls so far; undefined when no such container lives. */
  containerLog(id: string): string | undefined {
    return this.live.get(id)?.containerLog.text();
  }

  /**
   * Retires the idle containers of one function (its configuration changed or it was removed), warm ones too: the
   * function's warm containers are kept again once it is told how many, under its new configuration.
   */
  retireIdleOf(fnId: string): number {
    this.warm.set(fnId, undefined);
    let n = 0;
    // Idle timeouts retire other functions' old containers; a debug one has none, so its queue goes stale.
    this.debug.retireQueuesOf(fnId, this.queues);
    for (const q of [...this.queues.values(), ...this.debug.stale])
      for (const c of [...q.idleContainers()])
        if (c.info.fn_id === fnId && q.take(c)) {
          this.debug.stale.delete(q);
          this.retire(c, 'config_changed');
          n++;
        }
    return n;
  }

  /** Stops handing out containers, retires every idle one, and waits for launches still in flight (retired too). */
  async close(): Promise<void> {
    this.closing = true;
    this.warm.close();
    const stale = [...this.debug.stale];
    for (const q of [...this.queues.values(), ...stale])
      for (const c of q.close()) this.retire(c, 'shutdown');
    await Promise.all([...this.queues.values(), ...this.draining, ...stale].map((q) => q.launchesSettled()));
  }

  counts(): { idle: number; starting: number; waiting: number } {
    let idle = 0;
    let starting = 0;
    let waiting = 0;
    for (const q of [...this.queues.values(), ...this.draining]) {
      idle += q.idleCount;
      starting += q.starting;
      waiting += q.waiting;
    }
    return { idle, starting, waiting };
  }
}
