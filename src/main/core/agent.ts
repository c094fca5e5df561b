// The agent: turns a call into a container run. Owns the RAM pool, hot and cold slots, per-function stats and shutdown.
import { EventEmitter } from 'node:events';
import type { ContainerInfo, RamSample } from '../../shared/models';
import { CallLog } from './call-log';
import type { CallOptions, CallOutcome } from './call-types';
import { emptyTimings } from './call-types';
import { CallStats, type FnCounts } from './call-stats';
import { type Clock, systemClock } from './clock';
import { runCold } from './cold-runner';
import { LABEL, type Owner, ownerLabels } from './container-labels';
import { ContainerTracker } from './container-tracker';
import { type ContainerDriver, DEFAULT_HARDENING, type Hardening, type PullProgress } from './driver';
import { HotPool, isHotFormat } from './hot-pool';
import { runHot } from './hot-runner';
import { ResourcePool } from './resource-pool';
import type { ResponseSink } from './protocols/http-stream';
import { CancelledError, mapWaitError, WaitBoundError } from './wait-errors';

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
  signal?: AbortSignal;
  log?: CallLog;
  /** Told when the call gets its container and starts running. */
  onStart?: (info: { container_id: string; start_kind: CallOutcome['start_kind'] }) => void;
  /** Takes a successful http-stream reply as it starts, to stream it on; the outcome still arrives at the end. */
  onResponse?: ResponseSink;
}

type Partial = Omit<CallOutcome, 'completed_at' | 'timings'>;

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
  readonly containers = new ContainerTracker();
  readonly hot: HotPool;
  private readonly clock: Clock;
  private readonly labels: Record<string, string>;
  private closing = false;
  private readonly inFlight = new Set<Promise<CallOutcome>>();
  private readonly stats_ = new CallStats();
  private readonly cancels = new Map<string, AbortController>();

  private readonly driver: ContainerDriver;
  /** Every image pull reports progress through the agent's event feed. */
  private readonly onPull = (p: PullProgress) => this.emit('pull', p);

  constructor(private readonly opts: AgentOptions) {
    super();
    this.driver = opts.driver;
    this.pool = new ResourcePool(opts.poolMb);
    this.clock = opts.clock ?? systemClock;
    this.labels = ownerLabels(opts.owner);
    this.containers.on('changed', (c) => this.emit('container', c));
    this.containers.on('removed', (id) => this.emit('containerRemoved', id));
    this.containers.on('ended', (info) => this.emit('containerEnded', info));
    this.hot = new HotPool({
      driver: this.driver,
      onPull: this.onPull,
      pool: this.pool,
      clock: this.clock,
      containers: this.containers,
      labels: (call) => this.labelsFor(call),
      hardening: opts.hardening ?? DEFAULT_HARDENING,
      initTimeoutMs: opts.initTimeoutMs,
      streamMode: () => this.streamMode(),
      onRemoved: (c) =>
        this.emit('containerLog', {
          container_id: c.info.id,
          fn_id: c.info.fn_id,
          text: c.containerLog.text(),
        }),
    });
  }

  /** Changes the bound on the wait for capacity; calls that start waiting from now on get it. */
  setWaitBound(ms: number): void {
    this.opts.waitBoundMs = ms;
  }

  private labelsFor(call: CallOptions): Record<string, string> {
    return { ...this.labels, [LABEL.fnId]: call.fn_id };
  }

  /** Runs a call to its end. Never rejects: every failure is an outcome with a status and a message. */
  submit(call: CallOptions, ctx: SubmitContext = {}): Promise<CallOutcome> {
    // Cancel(id) aborts this controller; the caller's own signal feeds it too.
    const cancel = new AbortController();
    if (ctx.signal?.aborted) cancel.abort();
    ctx.signal?.addEventListener('abort', () => cancel.abort(), { once: true });
    this.cancels.set(call.id, cancel);
    const run = this.run(call, cancel.signal, ctx.log ?? new CallLog(), {
      onStart: ctx.onStart,
      onResponse: ctx.onResponse,
    });
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      this.cancels.delete(call.id);
    });
    return run;
  }

  private async run(
    call: CallOptions,
    signal: AbortSignal,
    log: CallLog,
    hooks: Pick<SubmitContext, 'onStart' | 'onResponse'>,
  ): Promise<CallOutcome> {
    const timings = emptyTimings();
    let started = false;
    const fail = (
      status: CallOutcome['status'],
      http_status: number | undefined,
      error: string,
    ): Partial => ({
      status,
      http_status,
      error,
      body: Buffer.alloc(0),
      headers: {},
    });
    const done = (partial: Partial): CallOutcome => {
      const outcome = { ...partial, completed_at: new Date().toISOString(), timings };
      this.stats_.end(call.fn_id, outcome.status, started);
      this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: outcome.status });
      return outcome;
    };
    this.stats_.queue(call.fn_id);
    this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: 'queued' });
    if (this.closing) return done(fail('error', 503, 'Fn Studio is shutting down; the call was not run'));
    if (call.memory > this.pool.totalMb) {
      return done(
        fail(
          'error',
          400,
          `the function needs ${call.memory} MB but the whole memory pool is ${this.pool.totalMb} MB`,
        ),
      );
    }
    if (call.format !== 'default' && !isHotFormat(call.format)) {
      return done(
        fail(
          'error',
          501,
          `format "${call.format}" is not supported yet; use format "default", "http" or "json"`,
        ),
      );
    }
    // The wait for capacity has its own bound; the execution timeout starts only at dispatch.
    const waitMs = this.opts.waitBoundMs ?? 60_000;
    const bound = new AbortController();
    const boundTimer = this.clock.setTimeout(
      () => bound.abort(new WaitBoundError(call.memory, waitMs)),
      waitMs,
    );
    const onCancel = () => bound.abort(new CancelledError());
    signal.addEventListener('abort', onCancel, { once: true });
    if (signal.aborted) onCancel();
    const waitSignal = bound.signal;
    const running = () => {
      started = true;
      this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: 'running' });
      boundTimer.cancel();
      this.stats_.start(call.fn_id);
    };
    try {
      const deps = {
        clock: this.clock,
        ...hooks,
        running,
        mapWaitError: (e: unknown) => mapWaitError(e, fail),
      };
      if (call.format === 'default') {
        return done(
          await runCold(
            {
              ...deps,
              driver: this.driver,
              onPull: this.onPull,
              labels: this.labelsFor(call),
              hardening: this.opts.hardening ?? DEFAULT_HARDENING,
              containers: this.containers,
              reserve: (mb, s) => this.hot.reserveMemory(mb, s),
            },
            call,
            log,
            { wait: waitSignal, run: signal },
            timings,
          ),
        );
      }
      return done(
        await runHot({ ...deps, hot: this.hot }, call, log, { wait: waitSignal, run: signal }, timings),
      );
    } finally {
      boundTimer.cancel();
      signal.removeEventListener('abort', onCancel);
    }
  }

  private resolvedStreamMode?: Promise<'direct' | 'relay'>;

  /** Direct where the engine can mount this machine's directories, else the relay; a setting overrides. */
  private streamMode(): Promise<'direct' | 'relay'> {
    const forced = this.opts.httpStreamMode;
    if (forced && forced !== 'auto') return Promise.resolve(forced);
    this.resolvedStreamMode ??= this.driver.ping().then(
      (e) => (e.sharesFilesystem ? 'direct' : 'relay'),
      () => {
        this.resolvedStreamMode = undefined;
        return 'direct';
      },
    );
    return this.resolvedStreamMode;
  }

  /** Cancels a waiting or running call by id: a waiting call ends at once, a running one has its container killed. */
  cancel(callId: string): boolean {
    const c = this.cancels.get(callId);
    if (!c || c.signal.aborted) return false;
    c.abort();
    return true;
  }

  ramSample(): RamSample {
    let busy = 0;
    let idle = 0;
    for (const c of this.containers.list()) {
      if (c.state === 'busy') busy += c.memory_mb;
      else if (c.state === 'idle') idle += c.memory_mb;
    }
    return {
      at: new Date().toISOString(),
      total_mb: this.pool.totalMb,
      used_mb: this.pool.usedMb,
      busy_mb: busy,
      idle_mb: idle,
      waiting: this.stats_.total().queued,
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
    await this.containers.settled();
    const left = await this.opts.driver
      .listByLabel(`${LABEL.instance}=${this.opts.owner.instanceId}`)
      .catch(() => []);
    await Promise.all(left.map((c) => this.driver.forceRemove(c.id).catch(() => undefined)));
  }
}
