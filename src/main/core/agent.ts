// The agent: turns a call into a container run. Owns the RAM pool, the container tracker and shutdown.
import { EventEmitter } from 'node:events';
import { ApiError } from '../../shared/errors';
import type { ContainerInfo } from '../../shared/models';
import { CallLog } from './call-log';
import type { CallOptions, CallOutcome } from './call-types';
import { emptyTimings } from './call-types';
import { type Clock, systemClock } from './clock';
import { runCold } from './cold-runner';
import { LABEL, type Owner, ownerLabels } from './container-labels';
import { ContainerTracker } from './container-tracker';
import { type ContainerDriver, DEFAULT_HARDENING, type Hardening } from './driver';
import { ResourcePool } from './resource-pool';

export interface AgentOptions {
  driver: ContainerDriver;
  poolMb: number;
  owner: Owner;
  clock?: Clock;
  /** How long a call may wait for memory before it is answered 503. */
  waitBoundMs?: number;
  hardening?: Hardening;
}

export interface AgentStats {
  pool: { total_mb: number; used_mb: number; waiting: number };
  calls: { running: number; completed: number; failed: number; timed_out: number; cancelled: number };
}

export interface SubmitContext {
  signal?: AbortSignal;
  log?: CallLog;
}

export class Agent extends EventEmitter<{ container: [ContainerInfo]; containerRemoved: [string] }> {
  readonly pool: ResourcePool;
  readonly containers = new ContainerTracker();
  private readonly clock: Clock;
  private readonly labels: Record<string, string>;
  private closing = false;
  private readonly inFlight = new Set<Promise<CallOutcome>>();
  private readonly counts = { completed: 0, failed: 0, timed_out: 0, cancelled: 0 };

  constructor(private readonly opts: AgentOptions) {
    super();
    this.pool = new ResourcePool(opts.poolMb);
    this.clock = opts.clock ?? systemClock;
    this.labels = ownerLabels(opts.owner);
    this.containers.on('changed', (c) => this.emit('container', c));
    this.containers.on('removed', (id) => this.emit('containerRemoved', id));
  }

  /** Runs a call to its end. Never rejects: every failure is an outcome with a status and a message. */
  submit(call: CallOptions, ctx: SubmitContext = {}): Promise<CallOutcome> {
    const run = this.run(call, ctx.signal ?? new AbortController().signal, ctx.log ?? new CallLog());
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private async run(call: CallOptions, signal: AbortSignal, log: CallLog): Promise<CallOutcome> {
    const timings = emptyTimings();
    const done = (partial: Omit<CallOutcome, 'completed_at' | 'timings'>): CallOutcome => {
      const outcome = { ...partial, completed_at: new Date().toISOString(), timings };
      this.count(outcome);
      return outcome;
    };
    const fail = (status: CallOutcome['status'], http_status: number | undefined, error: string) =>
      done({ status, http_status, error, body: Buffer.alloc(0), headers: {} });

    if (this.closing) return fail('error', 503, 'Fn Studio is shutting down; the call was not run');
    if (call.format !== 'default') {
      return fail('error', 501, `format "${call.format}" is not supported yet; use format "default"`);
    }

    const waitStart = this.clock.now();
    const bound = new AbortController();
    const boundTimer = this.clock.setTimeout(() => bound.abort(), this.opts.waitBoundMs ?? 60_000);
    const onCancel = () => bound.abort();
    signal.addEventListener('abort', onCancel, { once: true });
    let token;
    try {
      token = await this.pool.reserve(call.memory, bound.signal);
    } catch (err) {
      if (err instanceof ApiError) return fail('error', err.status, err.message);
      if (signal.aborted) return fail('cancelled', undefined, 'cancelled while waiting for memory');
      const seconds = Math.round((this.opts.waitBoundMs ?? 60_000) / 1000);
      return fail('error', 503, `no capacity: ${call.memory} MB did not become free within ${seconds} s`);
    } finally {
      boundTimer.cancel();
      signal.removeEventListener('abort', onCancel);
      timings.resource_wait_ms = this.clock.now() - waitStart;
    }
    try {
      const deps = {
        driver: this.opts.driver,
        clock: this.clock,
        labels: { ...this.labels, [LABEL.fnId]: call.fn_id },
        hardening: this.opts.hardening ?? DEFAULT_HARDENING,
        containers: this.containers,
      };
      return done(await runCold(deps, call, log, signal, timings));
    } finally {
      token.release();
    }
  }

  private count(o: CallOutcome): void {
    if (o.status === 'success') this.counts.completed++;
    else if (o.status === 'timeout') this.counts.timed_out++;
    else if (o.status === 'cancelled') this.counts.cancelled++;
    else this.counts.failed++;
  }

  stats(): AgentStats {
    return {
      pool: { total_mb: this.pool.totalMb, used_mb: this.pool.usedMb, waiting: this.pool.waiting },
      calls: { running: this.inFlight.size, ...this.counts },
    };
  }

  /** Refuses new calls, lets running ones finish or time out, then removes every container this agent started. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await this.containers.settled();
    const left = await this.opts.driver
      .listByLabel(`${LABEL.instance}=${this.opts.owner.instanceId}`)
      .catch(() => []);
    await Promise.all(left.map((c) => this.opts.driver.forceRemove(c.id).catch(() => undefined)));
  }
}
