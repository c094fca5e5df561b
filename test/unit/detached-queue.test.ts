// The detached queue over a fake agent and the real store: a call is committed queued, then running before it
// runs, then ended with its body dropped; a deleted function or a shrunken pool ends a queued call; cancel; the
// rule that detached calls start only while at least half the pool is free; recovery after a crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failed } from '../../src/main/core/call-failure';
import { CallService } from '../../src/main/host/call-service';
import { DetachedQueue, INTERRUPTED } from '../../src/main/host/detached-queue';
import type { CallRecord, Fn } from '../../src/shared/models';
import { openCallPath, type CallPath } from '../support/call-path-fixture';
import { FakeAgent, success } from '../support/fake-agent';
import { HOST, type RegistryFixture } from '../support/registry-fixture';

let path: CallPath;
let f: RegistryFixture;
let agent: FakeAgent;
let calls: CallService;
let queue: DetachedQueue;
beforeEach(() => {
  path = openCallPath({ poolMb: 1000 });
  ({ f, agent, calls, queue } = path);
});
afterEach(() => path.close());

/** Enqueues a detached call to `fn` as the HTTP API does; returns its record. */
async function enqueue(fn: Fn, body = 'payload'): Promise<CallRecord> {
  const inv = await f.gate.fromRequest(
    {
      method: 'POST',
      url: `/invoke/${fn.id}`,
      headers: { host: HOST, 'fn-invoke-type': 'detached' },
      body: Buffer.from(body),
      abort: new AbortController(),
    },
    { fnId: fn.id },
  );
  const record = calls.newRecord(inv);
  queue.enqueue(record, inv.body);
  return record;
}

/** The queue looks at its calls on the next turn of the event loop after an enqueue (after the 202 is sent). */
const afterPump = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A sync call of `fn` holding its memory in the fake pool until `agent.end`. */
async function occupy(fn: Fn): Promise<string> {
  const inv = await f.gate.fromRequest(
    {
      method: 'POST',
      url: '/',
      headers: { host: HOST },
      body: Buffer.alloc(0),
      abort: new AbortController(),
    },
    { fnId: fn.id },
  );
  calls.start(inv);
  agent.start(inv.id);
  return inv.id;
}

const stored = (id: string) => f.store.calls.get(id);

describe('DetachedQueue', () => {
  it('commits a call queued with its body, running before it runs, and ended with its body dropped', async () => {
    const submitted = agent.nextSubmit();
    const r = await enqueue(f.fns.json);
    expect(stored(r.id)?.status).toBe('queued');
    expect(f.store.calls.body(r.id)?.toString()).toBe('payload');
    expect(queue.length).toBe(1);

    const call = await submitted;
    expect(call).toMatchObject({ id: r.id, type: 'detached' });
    expect(call.body.toString()).toBe('payload');
    // On disk as running before the agent has it: after a crash it is found running, never run twice.
    expect(stored(r.id)?.status).toBe('running');
    expect(queue.length).toBe(0);

    agent.start(r.id);
    const handle = agent.handle(r.id);
    agent.end(r.id, failed('exit', 'function exited with code 3'));
    await handle.outcome;
    expect(stored(r.id)).toMatchObject({ status: 'error', error_kind: 'exit', http_status: 502 });
    expect(f.store.calls.body(r.id)).toBeUndefined();
  });

  it('ends a queued call whose function was deleted as fn_deleted, without running it', async () => {
    const r = await enqueue(f.fns.json);
    f.registry.deleteFn(f.fns.json.id);
    await afterPump();
    expect(stored(r.id)).toMatchObject({
      status: 'error',
      http_status: 404,
      error_kind: 'fn_deleted',
      error: 'the function was deleted before the call ran',
    });
    expect(f.store.calls.body(r.id)).toBeUndefined();
    expect(agent.submitted).toEqual([]);
    expect(queue.length).toBe(0);
  });

  it('ends a queued call whose function no longer fits the shrunken pool as no_capacity', async () => {
    const r = await enqueue(f.fns.json);
    f.poolMb = 64;
    await afterPump();
    expect(stored(r.id)).toMatchObject({
      status: 'error',
      http_status: 503,
      error_kind: 'no_capacity',
      error: 'memory 128 MB is more than the whole pool (64 MB)',
    });
    expect(agent.submitted).toEqual([]);
  });

  it('cancels a queued call: it ends cancelled, is never run, and its body is dropped', async () => {
    agent.otherUsedMb = 1000;
    const r = await enqueue(f.fns.json);
    await afterPump();
    expect(stored(r.id)?.status).toBe('queued');
    calls.cancel(r.id);
    expect(stored(r.id)).toMatchObject({
      status: 'cancelled',
      error_kind: 'cancelled',
      error: 'cancelled while queued',
    });
    expect(f.store.calls.body(r.id)).toBeUndefined();
    expect(queue.length).toBe(0);
    agent.otherUsedMb = 0;
    agent.emit('containerRemoved', 'C0');
    expect(agent.submitted).toEqual([]);
    expect(() => calls.cancel(r.id)).toThrow('has already ended (cancelled)');
  });

  it('starts a call only while at least half the pool is free', async () => {
    // 384 + 128 MB of sync calls hold 512 of 1000 MB: less than half is free.
    const big = f.registry.createFn({
      app_id: f.app.id,
      name: 'big',
      image: 'img:1',
      format: 'json',
      memory: 384,
    });
    const first = await occupy(big);
    const second = await occupy(f.fns.http);
    const r = await enqueue(f.fns.json);
    await afterPump();
    expect(agent.submitted.map((c) => c.id)).toEqual([first, second]);
    expect(stored(r.id)?.status).toBe('queued');

    // The 128 MB call ends: 616 MB free, more than half; the queue takes the call when it hears of the end.
    const submitted = agent.nextSubmit();
    agent.end(second, success());
    expect((await submitted).id).toBe(r.id);
    expect(stored(r.id)?.status).toBe('running');
  });

  it('starts a call with exactly half the pool free', async () => {
    agent.otherUsedMb = 500;
    const submitted = agent.nextSubmit();
    const r = await enqueue(f.fns.json);
    expect((await submitted).id).toBe(r.id);
  });

  it('recovers after a crash: a running call ends interrupted, a queued one runs again', async () => {
    agent.otherUsedMb = 1000;
    const running = await enqueue(f.fns.json, 'was running');
    const queued = await enqueue(f.fns.json, 'was queued');
    await queue.close();
    f.store.calls.commit({ ...stored(running.id)!, status: 'running' });

    agent.otherUsedMb = 0;
    const submitted = agent.nextSubmit();
    // The new queue is the one the fixture closes after the test.
    queue = path.queue = new DetachedQueue({
      store: f.store.calls,
      calls,
      gate: f.gate,
      agent: agent.asAgent,
      events: path.events,
    });
    expect(queue.recover()).toEqual({ interrupted: 1, queued: 1 });
    expect(stored(running.id)).toMatchObject({
      status: 'error',
      error_kind: 'interrupted',
      error: INTERRUPTED,
    });
    expect(f.store.calls.body(running.id)).toBeUndefined();
    const call = await submitted;
    expect(call.id).toBe(queued.id);
    expect(call.body.toString()).toBe('was queued');
  });
});
