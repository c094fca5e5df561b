// CallService over a fake agent and the real store: a call's record goes queued → running → ended with its
// error_kind, is live while it runs and stored once it ended, and again with what it cost when that arrives; cancel;
// what a record keeps of the bodies.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { failed } from '../../src/main/core/call-failure';
import { BodyTap } from '../../src/main/host/body-tap';
import { CallService } from '../../src/main/host/call-service';
import { CLIENT_GONE } from '../../src/main/host/http-types';
import type { Invocation } from '../../src/main/host/invocation';
import type { CallUsage, Fn } from '../../src/shared/models';
import { openCallPath, type CallPath } from '../support/call-path-fixture';
import { FAKE_IMAGE_ID, FakeAgent, success } from '../support/fake-agent';
import { HOST, type RegistryFixture } from '../support/registry-fixture';
import { callUsage } from '../support/call-usage-fixture';

let path: CallPath;
let f: RegistryFixture;
let agent: FakeAgent;
let calls: CallService;
beforeEach(() => {
  path = openCallPath({ keepBytes: 4 });
  ({ f, agent, calls } = path);
});
afterEach(() => {
  vi.useRealTimers();
  return path.close();
});

const invocation = (fn: Fn, body = 'hello', over: Partial<Invocation> = {}): Promise<Invocation> =>
  f.gate
    .fromRequest(
      {
        method: 'POST',
        url: `/invoke/${fn.id}`,
        headers: { host: HOST, 'x-twice': ['1', '2'] },
        body: Buffer.from(body),
        abort: new AbortController(),
      },
      { fnId: fn.id },
    )
    .then((inv) => Object.assign(inv, over));

describe('CallService.start (sync)', () => {
  it('keeps the record live as it goes queued → running → success, and stores it once it ended', async () => {
    const inv = await invocation(f.fns.json);
    const handle = calls.start(inv);
    expect(handle.id).toBe(inv.id);
    expect(agent.submitted.map((c) => c.id)).toEqual([inv.id]);
    expect(agent.submitted[0].headers['x-twice']).toEqual(['1', '2']);
    expect(calls.get(inv.id)).toMatchObject({ status: 'queued', type: 'sync', fn_id: f.fns.json.id });
    expect(calls.liveRecords().map((r) => r.id)).toEqual([inv.id]);
    // Sync records reach the store only when they end.
    expect(f.store.calls.get(inv.id)).toBeUndefined();

    agent.start(inv.id);
    expect(await handle.started).toMatchObject({ container_id: `C-${inv.id}`, start_kind: 'cold' });
    // The image it runs on is known from its start.
    expect(calls.get(inv.id)).toMatchObject({
      status: 'running',
      container_id: `C-${inv.id}`,
      image_id: FAKE_IMAGE_ID,
    });
    expect(f.store.calls.get(inv.id)).toBeUndefined();

    agent.end(inv.id, success('a reply', { 'Set-Cookie': ['a=1', 'b=2'] }));
    const outcome = await handle.outcome;
    expect(outcome.error_kind).toBeNull();
    const stored = f.store.calls.get(inv.id);
    expect(stored).toMatchObject({
      status: 'success',
      http_status: 200,
      error_kind: null,
      image_id: FAKE_IMAGE_ID,
      response: {
        status: 200,
        headers: { 'Set-Cookie': ['a=1', 'b=2'] },
        body: 'a re',
        body_truncated: true,
      },
      request: { headers: { 'x-twice': ['1', '2'] }, body: 'hell', body_truncated: true },
    });
    expect(stored?.completed_at).toBeDefined();
    expect(calls.liveRecords()).toEqual([]);
    expect(calls.get(inv.id).status).toBe('success');
  });

  it('stores the record again when what the call cost arrives after its end (null: the engine gave none)', async () => {
    const usage = callUsage({ memory_peak_mb: 41, cpu_ms: 12 });
    for (const figures of [usage, null]) {
      const inv = await invocation(f.fns.json);
      const handle = calls.start(inv);
      agent.start(inv.id);
      let arrive!: (u: CallUsage | null) => void;
      agent.measure(inv.id, new Promise((resolve) => (arrive = resolve)));
      agent.end(inv.id, success());
      await handle.outcome;
      expect(calls.get(inv.id)).toMatchObject({ status: 'success' });
      expect(calls.get(inv.id)).not.toHaveProperty('usage');
      arrive(figures);
      await expect.poll(() => f.store.calls.get(inv.id)?.usage).toEqual(figures);
      expect(calls.get(inv.id).usage).toEqual(figures);
    }
  });

  it('holds only the record, not the call, while what the call cost is still coming', async () => {
    // What waits for the cost must not hold the call whole (invocation, handle, reply streams, HTTP exchange), nor its
    // outcome: under load that was about a second of calls kept alive.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let arrive!: (u: CallUsage | null) => void;
    const watched = await (async () => {
      const inv = await invocation(f.fns.json);
      const handle = calls.start(inv);
      agent.start(inv.id);
      agent.measure(inv.id, new Promise((resolve) => (arrive = resolve)));
      agent.end(inv.id, success());
      const outcome = await handle.outcome;
      return {
        id: inv.id,
        handle: new WeakRef(handle),
        inv: new WeakRef(inv),
        outcome: new WeakRef(outcome),
      };
    })();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(watched.handle.deref()).toBeUndefined();
    expect(watched.inv.deref()).toBeUndefined();
    expect(watched.outcome.deref()).toBeUndefined();
    const usage = callUsage();
    arrive(usage);
    await expect.poll(() => f.store.calls.get(watched.id)?.usage).toEqual(usage);
  });

  it('keeps no figures for a call that was not measured', async () => {
    const inv = await invocation(f.fns.json);
    const handle = calls.start(inv);
    agent.start(inv.id);
    agent.end(inv.id, success());
    expect(await handle.usage).toBeUndefined();
    expect(f.store.calls.get(inv.id)).not.toHaveProperty('usage');
  });

  it('ends a failed call with its error_kind, status and HTTP status from the outcome', async () => {
    const inv = await invocation(f.fns.json);
    const handle = calls.start(inv);
    agent.start(inv.id);
    agent.end(inv.id, failed('timeout', 'timed out after 30 s'));
    expect(await handle.reply).toBeNull();
    await handle.outcome;
    expect(f.store.calls.get(inv.id)).toMatchObject({
      status: 'timeout',
      http_status: 504,
      error: 'timed out after 30 s',
      error_kind: 'timeout',
      // What the client got, its body's start kept like any body's.
      response: { status: 504, body: '{"me', body_truncated: true },
    });
    expect(calls.serverBusy).toBe(0);
  });

  describe('keeps what the client of a failed call got', () => {
    let wide: CallPath;
    beforeEach(() => {
      wide = openCallPath({ keepBytes: 1024 });
    });
    afterEach(() => wide.close());
    const invocationOn = (p: CallPath, fn: Fn, over: Partial<Invocation> = {}) =>
      p.f.gate
        .fromRequest(
          {
            method: 'POST',
            url: `/invoke/${fn.id}`,
            headers: { host: HOST },
            body: Buffer.from('x'),
            abort: new AbortController(),
          },
          { fnId: fn.id },
        )
        .then((inv) => Object.assign(inv, over));

    it('a failure: its status, the JSON error body and Fn-Call-Id, as the invoke answered it', async () => {
      const inv = await invocationOn(wide, wide.f.fns.json);
      const handle = wide.calls.start(inv);
      wide.agent.start(inv.id);
      wide.agent.end(inv.id, failed('bad_reply', 'invalid json reply: expected a JSON object'));
      await handle.outcome;
      expect(wide.f.store.calls.get(inv.id)).toMatchObject({
        http_status: 502,
        error_kind: 'bad_reply',
        response: {
          status: 502,
          headers: { 'Content-Type': ['application/json; charset=utf-8'], 'Fn-Call-Id': [inv.id] },
          body: '{"message":"invalid json reply: expected a JSON object"}',
          body_truncated: false,
        },
      });
    });

    it('a 503: with its Retry-After', async () => {
      const inv = await invocationOn(wide, wide.f.fns.json);
      const handle = wide.calls.start(inv);
      wide.agent.end(inv.id, failed('no_capacity', 'no capacity'));
      await handle.outcome;
      expect(wide.f.store.calls.get(inv.id)?.response).toMatchObject({
        status: 503,
        headers: { 'Retry-After': ['5'] },
      });
    });

    it('a cancelled call: answered 409 while its HTTP status stays absent', async () => {
      const inv = await invocationOn(wide, wide.f.fns.json);
      const handle = wide.calls.start(inv);
      wide.agent.start(inv.id);
      wide.calls.cancel(inv.id);
      await handle.outcome;
      const record = wide.f.store.calls.get(inv.id);
      expect(record).toMatchObject({ status: 'cancelled', error_kind: 'cancelled' });
      expect(record?.http_status).toBeUndefined();
      expect(record?.response).toMatchObject({ status: 409, body: '{"message":"cancelled"}' });
    });

    it('nothing for a client that went away, nor for a detached call (its client got its 202)', async () => {
      const abort = new AbortController();
      const gone = await invocationOn(wide, wide.f.fns.json, { abort });
      const handle = wide.calls.start(gone);
      abort.abort(CLIENT_GONE);
      await handle.outcome;
      expect(wide.f.store.calls.get(gone.id)?.response).toBeUndefined();

      const detached = await invocationOn(wide, wide.f.fns.json, { type: 'detached' });
      const ended = wide.calls.runDetached(wide.calls.newRecord(detached), detached, () => undefined);
      wide.agent.start(detached.id);
      wide.agent.end(detached.id, failed('exit', 'function exited with code 3'));
      await ended;
      expect(wide.f.store.calls.get(detached.id)).toMatchObject({ http_status: 502, error_kind: 'exit' });
      expect(wide.f.store.calls.get(detached.id)?.response).toBeUndefined();
    });
  });

  it('counts a call that never ran for lack of capacity as server busy', async () => {
    const inv = await invocation(f.fns.json);
    const handle = calls.start(inv);
    agent.end(inv.id, failed('no_capacity', 'no capacity'));
    expect(await handle.started).toBeNull();
    await handle.outcome;
    expect(f.store.calls.get(inv.id)).toMatchObject({
      status: 'error',
      http_status: 503,
      error_kind: 'no_capacity',
    });
    expect(f.store.calls.get(inv.id)?.container_id).toBeUndefined();
    expect(calls.serverBusy).toBe(1);
  });

  it('cancels a running call through the agent; once it ended, cancel is 409', async () => {
    const inv = await invocation(f.fns.json);
    const handle = calls.start(inv);
    agent.start(inv.id);
    calls.cancel(inv.id);
    expect((await handle.outcome).error_kind).toBe('cancelled');
    expect(f.store.calls.get(inv.id)).toMatchObject({ status: 'cancelled', error_kind: 'cancelled' });
    expect(() => calls.cancel(inv.id)).toThrow(`call ${inv.id} has already ended (cancelled)`);
    expect(() => calls.get('NOPE')).toThrow('call NOPE not found');
  });

  it('cancels a call whose caller went away', async () => {
    const abort = new AbortController();
    const inv = await invocation(f.fns.json, 'x', { abort });
    const handle = calls.start(inv);
    abort.abort(CLIENT_GONE);
    expect((await handle.outcome).error_kind).toBe('cancelled');
  });

  it('keeps the start of a streamed request body and its whole size', async () => {
    const tap = new BodyTap(1024, 4);
    const inv = await invocation(f.fns['http-stream'], '', { bodyStream: tap });
    const handle = calls.start(inv);
    tap.end(Buffer.from('streamed body'));
    await tap.readAll();
    agent.end(inv.id, success());
    await handle.outcome;
    expect(f.store.calls.get(inv.id)?.request).toMatchObject({ body: 'stre', body_truncated: true });
  });
});

describe('CallService.runDetached', () => {
  it('adds the time spent in the queue to queue_ms and commits the end before its end work', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const inv = await invocation(f.fns.json, 'x', { type: 'detached' });
    const record = calls.newRecord(inv);
    vi.setSystemTime(new Date('2026-01-01T00:00:01.500Z'));
    let statusAtEnd: string | undefined;
    const outcome = calls.runDetached(record, inv, () => {
      statusAtEnd = f.store.calls.get(inv.id)?.status;
    });
    agent.start(inv.id);
    agent.end(inv.id, success());
    expect((await outcome).status).toBe('success');
    expect(statusAtEnd).toBe('success');
    expect(f.store.calls.get(inv.id)?.timings.queue_ms).toBe(1500);
  });
});
