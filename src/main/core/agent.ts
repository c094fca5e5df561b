// The agent: turns a call into a container run. Owns the RAM pool, hot and cold slots, per-function stats and shutdown.
import { EventEmitter } from 'node:events';
import type { CallUsage, ContainerInfo, RamSample, WaitReason } from '../../shared/models';
import { CallLog } from './call-log';
import { cancelledWaiting, concurrencyBound, failureOf, shuttingDown, waitBound } from './call-failure';
import { CallRun, type CallHandle, type CallStart } from './call-handle';
import type { CallOptions, CallOutcome, RunResult } from './call-types';
import { emptyTimings } from './call-types';
import { CallStats, type FnCounts } from './call-stats';
import { type Clock, systemClock } from './clock';
import { ConcurrencyGate } from './concurrency-gate';
import { runCold } from './cold-runner';
import { LABEL, type Owner, ownerLabels } from './container-labels';
import { ContainerTracker } from './container-tracker';
import { type ContainerDriver, DEFAULT_HARDENING, type Hardening, type PullProgress } from './driver';
import { HotPool } from './hot-pool';
import { type RunSignals, runHot } from './hot-runner';
import { ImageIds } from './image-ids';
import { ResourcePool } from './resource-pool';
import { StreamModeChooser } from './stream-mode';
import { WaitBound } from './wait-bound';
import { isoTime } from '../../shared/iso-time';
import { CallCancel, type CancelSignal, type Canceller } from './call-cancel';

export interface AgentOptions {
  driver: ContainerDriver;
  poolMb: number;
  owner: Owner;
  clock?: Clock;
  /** How long a call may wait for a container (memory and launch) before it is answered 503. */
  waitBoundMs?: number;
  hardening?: Hardening;
  /** How long an http-stream function may take to become ready (default 5 s). */
  initTimeoutMs?: number;
  /** http-stream sockets through a host directory (direct) or a relay container; auto asks the engine. */
  httpStreamMode?: 'auto' | 'direct' | 'relay';
}

export interface AgentStats {
  pool: { total_mb: number; used_mb: number; waiting: number };
  calls: FnCounts;
  functions: Record<string, FnCounts>;
  containers: Record<ContainerInfo['state'], number>;
}

export interface SubmitContext {
  /**
   * Cancels the call when it aborts (e.g. the client went away), and is aborted by the call's own cancel: one
   * controller serves both, where linking the caller's to one of the agent's made a second signal for every call.
   */
  abort?: Canceller;
  /** Where the call's output goes while it runs. */
  log?: CallLog;
  /**
   * Hand over a streaming format's reply body as it arrives (`reply` resolves with a stream the caller must read).
   * Without it the body is read whole: nobody reading a stream would stall the function's reply.
   */
  streamReply?: boolean;
  /** Told what the call waits for, each time that changes while it waits for memory or a container. */
  onWait?: (reason: WaitReason) => void;
}

export interface CallEvent {
  call_id: string;
  fn_id: string;
  state: 'queued' | 'running' | CallOutcome['status'];
}

export class Agent extends EventEmitter<{
  container: [ContainerInfo];
  containerRemoved: [string];
  /** A container is gone: its last state, with `ended_at` and `end_reason`. */
  containerEnded: [ContainerInfo];
  /** A hot container's output between calls, once the container is gone. */
  containerLog: [{ container_id: string; fn_id: string; text: string }];
  call: [CallEvent];
  pull: [PullProgress];
}> {
  readonly pool: ResourcePool;
  readonly containers: ContainerTracker;
  readonly hot: HotPool;
  /** How http-stream containers are reached (direct or relay), and why. */
  readonly streamModes: StreamModeChooser;
  /** What each image name points to, for dispatch. */
  readonly images: ImageIds;
  private readonly clock: Clock;
  private readonly labels: Record<string, string>;
  private closing = false;
  private readonly inFlight = new Set<Promise<CallOutcome>>();
  private readonly stats_ = new CallStats();
  /** Calls submitted and not ended, by id (for cancel). */
  private readonly runs = new Map<string, CallRun>();
  /** What each waiting call waits for now, by id. */
  private readonly waits = new Map<string, WaitReason>();
  /** Each function's cap on calls running at once. */
  readonly concurrency = new ConcurrencyGate();
  /** Per function: the call its warm containers are started for, and how many (kept again when its image moves). */
  private readonly warmFor = new Map<string, { call: CallOptions; count: number }>();

  private readonly driver: ContainerDriver;
  /** Every image pull reports progress through the agent's event feed. */
  private readonly onPull = (p: PullProgress) => this.emit('pull', p);

  constructor(private readonly opts: AgentOptions) {
    super();
    this.driver = opts.driver;
    this.pool = new ResourcePool(opts.poolMb);
    this.streamModes = new StreamModeChooser(this.driver, opts.httpStreamMode);
    this.clock = opts.clock ?? systemClock;
    this.containers = new ContainerTracker(this.clock);
    this.labels = ownerLabels(opts.owner);
    this.containers.on('changed', (c) => this.emit('container', c));
    this.containers.on('removed', (id) => this.emit('containerRemoved', id));
    this.containers.on('ended', (info) => this.emit('containerEnded', info));
    this.hot = new HotPool({
      driver: this.driver,
      pool: this.pool,
      clock: this.clock,
      containers: this.containers,
      labels: (call) => this.labelsFor(call),
      hardening: opts.hardening ?? DEFAULT_HARDENING,
      initTimeoutMs: opts.initTimeoutMs,
      streamMode: (image) => this.streamModes.choose(image),
      onRemoved: (c) =>
        this.emit('containerLog', {
          container_id: c.info.id,
          fn_id: c.info.fn_id,
          text: c.containerLog.text(),
        }),
    });
    this.images = new ImageIds({
      driver: this.driver,
      clock: this.clock,
      onPull: this.onPull,
      onMove: (move) => {
        this.hot.imageMoved(move);
        // Warm containers of the old image retired with it: keep them on the image the name points to now.
        for (const w of this.warmFor.values())
          if (w.call.image === move.image) void this.keepWarm(w.call, w.count).catch(() => undefined);
      },
    });
  }

  /**
   * Keeps `count` containers of the call's function started for its sync calls, on the image its name points to now
   * and again whenever the name moves; never reaped by the idle timeout nor evicted for other functions. 0 (or a cold
   * format) keeps none. Rejects when the image cannot be had.
   */
  async keepWarm(call: CallOptions, count: number): Promise<void> {
    if (count <= 0 || call.format === 'default' || this.closing) {
      this.warmFor.delete(call.fn_id);
      this.hot.setWarm(call.fn_id, undefined);
      return;
    }
    const warm = { call: { ...call, type: 'sync' as const }, count };
    this.warmFor.set(call.fn_id, warm);
    const imageId = await this.images.resolve(call.image);
    // Told something newer meanwhile, or closing: that wins.
    if (this.warmFor.get(call.fn_id) !== warm || this.closing) return;
    this.hot.setWarm(call.fn_id, { call: warm.call, imageId, count });
  }

  /** Keeps none of the function's containers warm any more (it was removed). */
  stopWarm(fnId: string): void {
    this.warmFor.delete(fnId);
    this.hot.setWarm(fnId, undefined);
  }

  /** Changes the bound on the wait for capacity; calls that start waiting from now on get it. */
  setWaitBound(ms: number): void {
    this.opts.waitBoundMs = ms;
  }

  private labelsFor(call: CallOptions): Record<string, string> {
    return { ...this.labels, [LABEL.fnId]: call.fn_id };
  }

  /** Starts a call; the handle tells when it got a container, its reply as it arrives, and how it ended. */
  submit(call: CallOptions, ctx: SubmitContext = {}): CallHandle {
    // Cancel(id) and the caller (its client going away) both abort this controller.
    const cancel = ctx.abort ?? new CallCancel();
    const run = new CallRun(call.id, () => cancel.abort(), ctx.streamReply ?? false);
    this.runs.set(call.id, run);
    const done = this.run(call, run, cancel.signal, ctx.log ?? new CallLog(), ctx.onWait);
    this.inFlight.add(done);
    void done.then((outcome) => {
      this.inFlight.delete(done);
      this.runs.delete(call.id);
      run.end(outcome);
    });
    return run;
  }

  private async run(
    call: CallOptions,
    handle: CallRun,
    signal: CancelSignal,
    log: CallLog,
    onWait?: (reason: WaitReason) => void,
  ): Promise<CallOutcome> {
    const timings = emptyTimings();
    let started = false;
    const done = (r: RunResult): CallOutcome => {
      this.waits.delete(call.id);
      // Each result is made for this call alone: completed in place rather than spread into a copy.
      const outcome = Object.assign(r, { completed_at: isoTime(this.clock.now()), timings });
      this.stats_.end(call.fn_id, outcome.status, started);
      this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: outcome.status });
      return outcome;
    };
    this.stats_.queue(call.fn_id);
    this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: 'queued' });
    if (this.closing) return done(failureOf(shuttingDown()));
    // The wait for capacity has its own bound; the execution timeout starts only at dispatch.
    // Debug mode runs one container, whose start a debugger may hold (init timeout) and whose call may sit at a
    // breakpoint (call timeout): a call waits that out on top of the bound.
    const debugMs = call.debug ? ((call.debug.init_timeout ?? 0) + call.timeout) * 1000 : 0;
    const waitMs = (this.opts.waitBoundMs ?? 60_000) + debugMs;
    const bound = new WaitBound(this.clock, waitMs, signal, () => waitBound(call, waitMs), cancelledWaiting);
    const running = (start: CallStart) => {
      started = true;
      this.waits.delete(call.id);
      bound.end();
      this.stats_.start(call.fn_id);
      this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: 'running' });
      handle.start(start);
    };
    const measured = (usage: Promise<CallUsage | null>) => handle.measured(usage);
    const signals = new CallSignals(bound, signal);
    const waiting = (reason: WaitReason) => {
      this.waits.set(call.id, reason);
      onWait?.(reason);
    };
    let leave: (() => void) | undefined;
    try {
      const gateAt = this.clock.now();
      // At once when under the cap: no extra turn before dispatch, and no wait at the gate (even if the clock ticks).
      leave = this.concurrency.tryEnter(call.fn_id, call.max_concurrency);
      const gated = leave === undefined;
      try {
        leave ??= await this.concurrency.enter(call.fn_id, call.max_concurrency, bound.signal, () =>
          waiting('concurrency'),
        );
      } catch (err) {
        timings.container_wait_ms = this.clock.now() - gateAt;
        const bounded = bound.signal.reason === err && !signal.aborted;
        const failure = failureOf(bounded ? concurrencyBound(call.max_concurrency ?? 0, waitMs) : err);
        return done({ ...failure, waited_for: 'concurrency' });
      }
      const gateMs = gated ? this.clock.now() - gateAt : 0;
      const result =
        call.format === 'default'
          ? await runCold(
              {
                clock: this.clock,
                running,
                measured,
                driver: this.driver,
                images: this.images,
                labels: this.labelsFor(call),
                hardening: this.opts.hardening ?? DEFAULT_HARDENING,
                containers: this.containers,
                reserve: (mb, s) => {
                  const { pool } = this;
                  if (pool.wouldWait(mb)) waiting('memory');
                  return this.hot.reserveMemory(mb, s);
                },
              },
              call,
              log,
              signals,
              timings,
            )
          : await runHot(
              { clock: this.clock, running, waiting, measured, hot: this.hot, images: this.images },
              call,
              handle,
              log,
              signals,
              timings,
            );
      return done(afterGate(result, timings, gateMs));
    } finally {
      leave?.();
      bound.end();
    }
  }

  /** Cancels a waiting or running call by id: a waiting call ends at once, a running one has its container killed. */
  cancel(callId: string): boolean {
    return this.runs.get(callId)?.cancel() ?? false;
  }

  ramSample(): RamSample {
    let busy = 0;
    let idle = 0;
    let memory = 0;
    for (const r of this.waits.values()) if (r === 'memory') memory++;
    for (const c of this.containers.list()) {
      // A relay container's memory is held with its function's container, and shown with it.
      const mb = c.memory_mb + (c.relay_memory_mb ?? 0);
      if (c.state === 'busy') busy += mb;
      else if (c.state === 'idle') idle += mb;
    }
    return {
      at: new Date(this.clock.now()).toISOString(),
      total_mb: this.pool.totalMb,
      used_mb: this.pool.usedMb,
      busy_mb: busy,
      idle_mb: idle,
      waiting: memory,
      waiting_container: this.waits.size - memory,
    };
  }

  stats(): AgentStats {
    const containers = { starting: 0, idle: 0, busy: 0, paused: 0, stopping: 0 };
    for (const c of this.containers.list()) containers[c.state]++;
    return {
      pool: { total_mb: this.pool.totalMb, used_mb: this.pool.usedMb, waiting: this.pool.waiting },
      calls: this.stats_.total(),
      functions: this.stats_.byFunction(),
      containers,
    };
  }

  /** Refuses new calls, lets running ones finish or time out, then removes every container this agent started. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await this.hot.close();
    this.images.close();
    await this.containers.settled();
    const left = await this.opts.driver
      .listByLabel(`${LABEL.instance}=${this.opts.owner.instanceId}`)
      .catch(() => []);
    await Promise.all(left.map((c) => this.driver.forceRemove(c.id).catch(() => undefined)));
  }
}

/**
 * Adds the wait at the function's concurrency cap to the call's container wait (it waited for a call of its function
 * to end), and names it what the call waited for when it was the longest wait.
 */
function afterGate(r: RunResult, timings: CallOutcome['timings'], gateMs: number): RunResult {
  if (gateMs <= 0) return r;
  const longest = Math.max(timings.resource_wait_ms, timings.launch_ms, timings.container_wait_ms ?? 0);
  timings.container_wait_ms = (timings.container_wait_ms ?? 0) + gateMs;
  return gateMs >= longest ? { ...r, waited_for: 'concurrency' } : r;
}

/**
 * A call's signals. The wait's is made only if the call waits (a getter: reading it is what makes it). A class, not
 * an object literal: a literal with a getter is built through the runtime, slowly, once per call.
 */
class CallSignals implements RunSignals {
  constructor(
    private readonly bound: WaitBound,
    readonly run: CancelSignal,
  ) {}

  get wait(): AbortSignal {
    return this.bound.signal;
  }
}
