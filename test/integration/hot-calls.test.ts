// Hot containers on real Docker (json and http formats): reuse, scale-out, LIFO, idle timeout, eviction, pool
// exhaustion, cancellation, timeouts, OOM and exit codes, malformed replies, missing images, log isolation, Close.
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/main/core/agent';
import { CallLog } from '../../src/main/core/call-log';
import type { CallOptions, CallOutcome } from '../../src/main/core/call-types';
import { callOptions, useAgents } from '../support/agent-fixture';
import { HOLD, releaseHeld } from '../support/held-calls';
import { NODE_HTTP_IMAGE, NODE_JSON_IMAGE } from '../support/test-images-hot';

const agentWith = useAgents();

const json = (body: string, over: Partial<CallOptions> = {}) =>
  callOptions({
    image: NODE_JSON_IMAGE,
    format: 'json',
    memory: 64,
    body: Buffer.from(body),
    headers: { 'Content-Type': ['text/plain'] },
    ...over,
  });
const http = (body: string, over: Partial<CallOptions> = {}) =>
  callOptions({
    image: NODE_HTTP_IMAGE,
    format: 'http',
    memory: 64,
    body: Buffer.from(body),
    headers: { 'X-Test': ['yes'] },
    ...over,
  });
const text = (b: Buffer) => b.toString('utf8');
const idleOf = async (agent: Agent) => agent.containers.list().filter((c) => c.state === 'idle');
const busyOf = (agent: Agent) => agent.containers.list().filter((c) => c.state === 'busy');

describe.each([
  ['json', json],
  ['http', http],
] as const)('hot %s calls', (format, make) => {
  it('reuses one container for sequential calls and reports start kinds', async () => {
    const { agent } = agentWith();
    const outs = [];
    for (const body of ['a', 'b', 'c']) outs.push(await agent.submit(make(body)).outcome);
    expect(outs.map((o) => text(o.body))).toEqual(['echo:a', 'echo:b', 'echo:c']);
    expect(outs.map((o) => o.start_kind)).toEqual(['hot_new', 'hot_reused', 'hot_reused']);
    expect(new Set(outs.map((o) => o.container_id)).size).toBe(1);
    expect(outs[0].timings.launch_ms).toBeGreaterThan(0);
    expect(outs[1].timings.launch_ms).toBe(0);
  });

  it('passes the status the function answers', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(make('status:201')).outcome;
    expect(out).toMatchObject({ status: 'success', http_status: 201 });
  });

  it('answers 502 for a malformed or excess reply and replaces the container', async () => {
    const { agent } = agentWith();
    const first = await agent.submit(make('x')).outcome;
    const bad = await agent.submit(make('garbage')).outcome;
    expect(bad).toMatchObject({ status: 'error', http_status: 502 });
    expect(bad.error).toContain(`invalid ${format} reply`);
    const extra = await agent.submit(make('extra')).outcome;
    expect(extra.http_status).toBe(502);
    const after = await agent.submit(make('y')).outcome;
    expect(after).toMatchObject({ status: 'success', start_kind: 'hot_new' });
    expect(after.container_id).not.toBe(first.container_id);
  });

  it('reports exit codes and out of memory', async () => {
    const { agent } = agentWith();
    const log = new CallLog();
    const crash = await agent.submit(make('crash'), { log }).outcome;
    expect(crash).toMatchObject({ status: 'error', http_status: 502, error: 'function exited with code 3' });
    expect(log.text()).toContain('crashing');
    const oom = await agent.submit(make('oom', { memory: 64 })).outcome;
    expect(oom.http_status).toBe(502);
    expect(oom.error).toContain('out of memory');
  });

  it('kills a call past its timeout (504) and the container with it', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(make('sleep:20000', { timeout: 1 })).outcome;
    expect(out).toMatchObject({ status: 'timeout', http_status: 504 });
    await agent.containers.settled();
    expect(agent.containers.list()).toEqual([]);
    expect(agent.pool.usedMb).toBe(0);
  });
});

describe('hot containers on real Docker', () => {
  it('passes config and the FN_* variables as the environment', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(json('env', { config: { GREETING: 'hi' }, fn_name: 'envfn' })).outcome;
    const env = JSON.parse(text(out.body));
    expect(env).toMatchObject({
      GREETING: 'hi',
      FN_FN_NAME: 'envfn',
      FN_FORMAT: 'json',
      FN_MEMORY: '64',
      FN_TYPE: 'sync',
    });
  });

  it('scales out under concurrency, one call per container at a time', async () => {
    const { agent } = agentWith();
    // Held calls cannot end, so each must have a container of its own, however long the launches take.
    const calls = Array.from({ length: 4 }, () => agent.submit(json(HOLD)).outcome);
    await expect.poll(() => busyOf(agent).length, { timeout: 60_000 }).toBe(4);
    await Promise.all(busyOf(agent).map((c) => releaseHeld(c.id)));
    const outs = await Promise.all(calls);
    expect(outs.every((o) => o.status === 'success')).toBe(true);
    expect(new Set(outs.map((o) => o.container_id)).size).toBe(4);
  });

  it('reuses the most recently used idle container first (LIFO)', async () => {
    const { agent } = agentWith();
    const held = agent.submit(json(HOLD)).outcome;
    await expect.poll(() => busyOf(agent).length, { timeout: 60_000 }).toBe(1);
    const [first] = busyOf(agent);
    // The first container is held, so this call gets a second one, which goes idle first.
    const other = await agent.submit(json('who')).outcome;
    expect(other.container_id).not.toBe(first.id);
    await releaseHeld(first.id);
    expect((await held).container_id).toBe(first.id);
    const next = await agent.submit(json('who')).outcome;
    expect(next.container_id).toBe(first.id);
  });

  it('removes a container after its idle timeout and frees its memory', async () => {
    const { agent } = agentWith();
    await agent.submit(json('x', { idle_timeout: 1 })).outcome;
    expect(await idleOf(agent)).toHaveLength(1);
    expect(agent.pool.usedMb).toBe(64);
    await expect.poll(() => agent.containers.list().length).toBe(0);
    expect(agent.pool.usedMb).toBe(0);
  });

  it('evicts idle containers of other functions, oldest first, when a launch needs their memory', async () => {
    const { agent } = agentWith({ poolMb: 256 });
    // Two held calls make two containers; releasing one, then the other, decides which was used least recently.
    const calls = [0, 1].map(() => agent.submit(json(HOLD, { fn_id: 'a', memory: 128 })).outcome);
    await expect.poll(() => busyOf(agent).length).toBe(2);
    const [first, second] = busyOf(agent);
    await releaseHeld(first.id);
    const early = await Promise.race(calls);
    await releaseHeld(second.id);
    const late = (await Promise.all(calls)).find((c) => c.container_id !== early.container_id)!;
    expect(late.container_id).not.toBe(early.container_id);
    expect(agent.pool.usedMb).toBe(256);
    const b = await agent.submit(json('b', { fn_id: 'b', memory: 100 })).outcome;
    expect(b.status).toBe('success');
    // 100 MB needed one of the two: the one used least recently went.
    await agent.containers.settled();
    const left = agent.containers.list().filter((c) => c.fn_id === 'a');
    expect(left.map((c) => c.id)).toEqual([late.container_id]);
  });

  it('does not evict when that would not make room, and bounds the wait (503)', async () => {
    // The bound covers the first calls' own launches too: long enough for launches on a busy machine.
    const { agent } = agentWith({ poolMb: 256, waitBoundMs: 10_000 });
    // The held call keeps a's container busy for as long as the test needs, however slow the machine.
    const busy = agent.submit(json(HOLD, { fn_id: 'a', memory: 128 })).outcome;
    await expect.poll(() => busyOf(agent).length).toBe(1);
    const [held] = busyOf(agent);
    await agent.submit(json('x', { fn_id: 'c', memory: 128 })).outcome;
    const starved = await agent.submit(json('b', { fn_id: 'b', memory: 200 })).outcome;
    expect(starved).toMatchObject({ status: 'error', http_status: 503 });
    expect((await idleOf(agent)).map((c) => c.fn_id)).toEqual(['c']);
    await releaseHeld(held.id);
    expect((await busy).status).toBe('success');
  });

  it('makes a call wait while the pool is exhausted and runs it once memory frees', async () => {
    const { agent } = agentWith({ poolMb: 128 });
    const first = agent.submit(json(HOLD, { fn_id: 'a', memory: 128 })).outcome;
    await expect.poll(() => busyOf(agent).length).toBe(1);
    const [held] = busyOf(agent);
    const second = agent.submit(json('y', { fn_id: 'b', memory: 128 })).outcome;
    await expect.poll(() => agent.pool.waiting).toBe(1);
    await releaseHeld(held.id);
    const out = await second;
    expect(out.status).toBe('success');
    expect(out.timings.resource_wait_ms).toBeGreaterThan(0);
    expect((await first).status).toBe('success');
  });

  it('cancels a waiting call at once and a running one by killing its container', async () => {
    const { agent } = agentWith({ poolMb: 64 });
    const ac1 = new AbortController();
    const running = agent.submit(json('sleep:20000', { fn_id: 'a' }), { abort: ac1 }).outcome;
    await expect.poll(() => agent.containers.list().some((c) => c.state === 'busy')).toBe(true);
    const ac2 = new AbortController();
    const waiting = agent.submit(json('x', { fn_id: 'b' }), { abort: ac2 }).outcome;
    ac2.abort();
    expect((await waiting).status).toBe('cancelled');
    ac1.abort();
    expect((await running).status).toBe('cancelled');
    await agent.containers.settled();
    expect(agent.pool.usedMb).toBe(0);
  });

  it('names a missing image in a clear 502', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(json('x', { image: 'fn-studio-test/nope-hot:1' })).outcome;
    expect(out).toMatchObject({ status: 'error', http_status: 502 });
    expect(out.error).toContain('fn-studio-test/nope-hot:1');
  });

  it.each([
    ['framed (FN_LOGFRAME), 80 at once', {}, 80],
    ['unframed (swappable writer only), one after another', { NO_FRAMES: '1' }, 1],
  ] as const)('keeps every log line in its own call: %s', async (_name, config, concurrency) => {
    const { agent } = agentWith();
    type Run = { id: string; out: CallOutcome; log: CallLog };
    const own = (r: Run) => r.log.allLines().filter((l) => l.startsWith('line '));
    // Without frames a call's output is told from the next call's by dispatch and a tail only: a line that travels
    // later than its tail is the container's, never another call's. So the next call starts once the previous call's
    // lines have come through (to its log, or to the container's), and none may land in another call.
    const inContainer = (r: Run) =>
      (agent.hot.containerLog(r.out.container_id ?? '') ?? '')
        .split('\n')
        .filter((l) => l.endsWith(` of ${r.id}`));
    const framed = concurrency > 1;
    let previous: Promise<Run> | undefined;
    const runs = Array.from({ length: 80 }, () => {
      const run = async (): Promise<Run> => {
        const c = json('log:5', { config: { ...config } });
        const log = new CallLog();
        const r = { id: c.id, out: await agent.submit(c, { log }).outcome, log };
        if (!framed)
          await expect.poll(() => own(r).length + inContainer(r).length, { timeout: 60_000 }).toBe(5);
        return r;
      };
      if (framed || !previous) return (previous = run());
      return (previous = previous.then(run));
    });
    const done = await Promise.all(runs);
    // Framed: late lines of a call still reach its own log (they travel apart from the reply).
    if (framed)
      await expect.poll(() => done.every((r) => own(r).length >= 5), { timeout: 60_000 }).toBe(true);
    for (const r of done) {
      expect(r.out.status).toBe('success');
      const elsewhere = done
        .filter((o) => o !== r && o.log.allLines().some((l) => l.endsWith(` of ${r.id}`)))
        .map((o) => o.id);
      const lines = framed ? own(r).length : own(r).length + inContainer(r).length;
      expect({ call: r.id, lines, elsewhere }).toEqual({ call: r.id, lines: 5, elsewhere: [] });
      expect(own(r).filter((l) => !l.endsWith(` of ${r.id}`))).toEqual([]);
    }
  });
});
