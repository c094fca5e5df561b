// A stand-in for the Agent's surface the host's call services use (submit → CallHandle, cancel, pool, ramSample,
// call and containerRemoved events), driven by the test: it starts and ends each call when told, on the real
// CallRun from core/call-handle.ts, and holds a started call's memory until it ends.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { Agent, CallEvent, SubmitContext } from '../../src/main/core/agent';
import { failed } from '../../src/main/core/call-failure';
import { CallRun, type CallHandle } from '../../src/main/core/call-handle';
import type { CallOptions, RunResult } from '../../src/main/core/call-types';
import { emptyTimings } from '../../src/main/core/call-types';
import type { CallUsage, RamSample } from '../../src/shared/models';

/** The image every fake call runs on. */
export const FAKE_IMAGE_ID = 'sha256:fakeimage';

interface FakeRun {
  call: CallOptions;
  run: CallRun;
  ctx: SubmitContext;
  started: boolean;
}

/** The methods the host calls, checked against the Agent's own signatures. */
type UsedSurface = Pick<Agent, 'submit' | 'cancel' | 'ramSample'>;

export class FakeAgent
  extends EventEmitter<{
    call: [CallEvent];
    containerRemoved: [string];
    /** Not the Agent's: a call was handed to the agent. */
    submitted: [CallOptions];
  }>
  implements UsedSurface
{
  readonly pool: { totalMb: number };
  /** Memory held by calls other than the ones started here (other functions' containers). */
  otherUsedMb = 0;
  readonly runs = new Map<string, FakeRun>();
  readonly submitted: CallOptions[] = [];
  /** When set, each submitted call is started and ended with what it returns, one microtask later. */
  respond?: (call: CallOptions) => RunResult;
  readonly hot = { containerLog: (): string | undefined => undefined };
  readonly containers = { list: (): [] => [] };

  constructor(totalMb = 1024) {
    super();
    this.pool = { totalMb };
  }

  /** This fake where the code under test asks for an Agent. */
  get asAgent(): Agent {
    return this as unknown as Agent;
  }

  submit(call: CallOptions, ctx: SubmitContext = {}): CallHandle {
    const run = new CallRun(
      call.id,
      () => this.end(call.id, failed('cancelled', 'cancelled')),
      ctx.streamReply ?? false,
    );
    this.runs.set(call.id, { call, run, ctx, started: false });
    this.submitted.push(call);
    ctx.abort?.signal.addEventListener('abort', () => run.cancel(), { once: true });
    this.emit('call', { call_id: call.id, fn_id: call.fn_id, state: 'queued' });
    this.emit('submitted', call);
    const respond = this.respond;
    if (respond)
      queueMicrotask(() => {
        this.start(call.id);
        this.end(call.id, respond(call));
      });
    return run;
  }

  /** A container takes the call: its memory is held until the call ends. */
  start(id: string, containerId = `C-${id}`): void {
    const r = this.must(id);
    r.started = true;
    r.run.start({
      container_id: containerId,
      start_kind: 'cold',
      started_at: new Date().toISOString(),
      image_id: FAKE_IMAGE_ID,
    });
    this.emit('call', { call_id: id, fn_id: r.call.fn_id, state: 'running' });
  }

  /** What the call cost, settling when the test says (before `end`, as the runners give it). */
  measure(id: string, usage: Promise<CallUsage | null>): void {
    this.must(id).run.measured(usage);
  }

  /** A streamed reply's head (http-stream): the outcome comes with `end`. */
  replyStarted(
    id: string,
    head: { status: number; headers: Record<string, string[]> },
    body: Readable,
  ): void {
    this.must(id).run.replyStarted(head, body);
  }

  end(id: string, result: RunResult): void {
    const r = this.must(id);
    this.runs.delete(id);
    const outcome = {
      ...result,
      ...(r.started ? { container_id: `C-${id}`, start_kind: 'cold' as const, image_id: FAKE_IMAGE_ID } : {}),
      completed_at: new Date().toISOString(),
      timings: emptyTimings(),
    };
    // As the agent: the call event first, then the handle settles.
    this.emit('call', { call_id: id, fn_id: r.call.fn_id, state: outcome.status });
    r.run.end(outcome);
  }

  cancel(id: string): boolean {
    return this.runs.get(id)?.run.cancel() ?? false;
  }

  get usedMb(): number {
    let mb = this.otherUsedMb;
    for (const r of this.runs.values()) if (r.started) mb += r.call.memory;
    return mb;
  }

  ramSample(): RamSample {
    return {
      at: new Date().toISOString(),
      total_mb: this.pool.totalMb,
      used_mb: this.usedMb,
      busy_mb: this.usedMb,
      idle_mb: 0,
      waiting: [...this.runs.values()].filter((r) => !r.started).length,
    };
  }

  /** The handle of a call not yet ended. */
  handle(id: string): CallHandle {
    return this.must(id).run;
  }

  /** Resolves with the next call handed to the agent. */
  nextSubmit(): Promise<CallOptions> {
    return new Promise((resolve) => this.once('submitted', resolve));
  }

  private must(id: string): FakeRun {
    const r = this.runs.get(id);
    if (!r) throw new Error(`no call ${id} in the fake agent`);
    return r;
  }
}

/** A successful result with these headers and body. */
export const success = (body = 'ok', headers: Record<string, string[]> = {}, status = 200): RunResult => ({
  status: 'success',
  http_status: status,
  error_kind: null,
  body: Buffer.from(body),
  headers,
});
