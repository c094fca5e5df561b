// Fn's http-stream format on real Docker (direct mode: the socket directory is shared with the engine): an
// unmodified image built with the real @fnproject/fdk, and a hand-written function for protocol edge cases.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { CallLog } from '../../src/main/core/call-log';
import type { CallOptions } from '../../src/main/core/call-types';
import { callOptions, useAgents } from '../support/agent-fixture';
import { FDK_NODE_IMAGE, NODE_STREAM_IMAGE } from '../support/test-images-hot';

const agentFor = useAgents();

const fdk = (body: string, over: Partial<CallOptions> = {}) =>
  callOptions({
    image: FDK_NODE_IMAGE,
    format: 'http-stream',
    memory: 128,
    body: Buffer.from(body),
    headers: { 'Content-Type': ['text/plain'], 'X-Custom': ['abc'] },
    ...over,
  });
const edge = (mode: string, over: Partial<CallOptions> = {}) =>
  callOptions({
    image: NODE_STREAM_IMAGE,
    format: 'http-stream',
    memory: 64,
    body: Buffer.from('x'),
    config: { MODE: mode },
    ...over,
  });
const text = (b: Buffer) => b.toString('utf8');
// The FDK sends a returned string as JSON (its default content type), so the JSON text arrives encoded once more.
const fdkJson = (b: Buffer) => JSON.parse(JSON.parse(text(b)));

describe.each(['direct', 'relay'] as const)('http-stream with the real Node FDK (%s mode)', (mode) => {
  const agentWith = (opts: { initTimeoutMs?: number } = {}) => agentFor({ ...opts, httpStreamMode: mode });
  it('echoes the body with its content type, reusing the container', async () => {
    const { agent } = agentWith();
    const first = await agent.submit(fdk('hello fdk')).outcome;
    expect(first).toMatchObject({ status: 'success', http_status: 200, start_kind: 'hot_new' });
    expect(text(first.body)).toBe('hello fdk');
    expect(first.headers['content-type']).toEqual(['text/plain']);
    const second = await agent.submit(fdk('again')).outcome;
    expect(second).toMatchObject({ start_kind: 'hot_reused', container_id: first.container_id });
  });

  it('passes headers, config and the FN_* variables', async () => {
    const { agent } = agentWith();
    const headers = fdkJson((await agent.submit(fdk('headers')).outcome).body);
    expect(headers['X-Custom'] ?? headers['x-custom']).toEqual(['abc']);
    const env = fdkJson((await agent.submit(fdk('env', { config: { GREETING: 'hi' } })).outcome).body);
    expect(env).toMatchObject({
      GREETING: 'hi',
      FN_FORMAT: 'http-stream',
      FN_LISTENER: 'unix:/tmp/iofs/lsnr.sock',
    });
  });

  it('answers 502 for a thrown error and keeps the container', async () => {
    const { agent } = agentWith();
    const ok = await agent.submit(fdk('x')).outcome;
    const thrown = await agent.submit(fdk('throw')).outcome;
    expect(thrown).toMatchObject({ status: 'error', http_status: 502 });
    const after = await agent.submit(fdk('y')).outcome;
    expect(after).toMatchObject({
      status: 'success',
      start_kind: 'hot_reused',
      container_id: ok.container_id,
    });
  });

  it('kills a slow function at its timeout (504)', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(fdk('sleep:20000', { timeout: 1 })).outcome;
    expect(out).toMatchObject({ status: 'timeout', http_status: 504 });
    await agent.containers.settled();
    expect(agent.containers.list()).toEqual([]);
  });

  it('reports a process exit with its code and an OOM as out of memory', async () => {
    const { agent } = agentWith();
    const exit = await agent.submit(fdk('exit')).outcome;
    expect(exit).toMatchObject({ status: 'error', http_status: 502, error: 'function exited with code 3' });
    const oom = await agent.submit(fdk('oom', { memory: 64 })).outcome;
    expect(oom.http_status).toBe(502);
    expect(oom.error).toContain('out of memory');
  });

  it('asks for log frames until a call is seen to write nothing, and once the function has written output', async () => {
    const { agent } = agentWith();
    const asks: string[] = [];
    const frameAsked = async () => {
      const out = await agent.submit(fdk('headers')).outcome;
      const asked = fdkJson(out.body)['Fn-Studio-Log-Frame'] as string[];
      expect({ container: out.container_id, values: asked.length }).toEqual({
        container: out.container_id,
        values: 1,
      });
      asks.push(asked[0]);
      return { container: out.container_id, asked: asked[0] };
    };
    // The first call asks, with its id as the value, and so does the next: until its frame has come through, what the
    // first call wrote may still be on its way.
    const first = await frameAsked();
    expect(first.asked).not.toBe('');
    const second = await frameAsked();
    expect(second).toEqual({ container: first.container, asked: expect.not.stringMatching(/^$/) });
    // A function that has written nothing is asked with no value, once the frame asked for has come through (it
    // travels apart from the reply, so under load a few more calls may ask while it is on its way).
    await expect.poll(async () => (await frameAsked()).asked, { timeout: 30_000 }).toBe('');
    const log = new CallLog();
    const logged = await agent.submit(fdk('log:1'), { log }).outcome;
    expect(logged.container_id).toBe(first.container);
    // The container knows its function writes once the line has come through (to the call's log, or the container's
    // when it came later than the call's tail); from then on every call asks.
    const wrote = () =>
      [...log.allLines(), ...(agent.hot.containerLog(first.container!) ?? '').split('\n')].some((l) =>
        l.startsWith('line 1 of'),
      );
    await expect.poll(wrote, { timeout: 30_000 }).toBe(true);
    const after = await frameAsked();
    expect(after.container).toBe(first.container);
    expect(after.asked).not.toBe('');
    // What the container wrote, as the engine keeps it (its log file is written apart from the attached stream): a
    // frame on stdout and on stderr for each call that asked, none for the others. The engine copies the two streams
    // apart, so one's frame can come before the other's frame of an earlier call: they are compared in order of id.
    const frames = async () =>
      (
        (await new Docker().getContainer(first.container!).logs({ stdout: true, stderr: true }))
          .toString()
          .match(/FN_STUDIO_CALL=\S*/g) ?? []
      ).sort();
    const expected = asks
      .filter((a) => a !== '')
      .flatMap((a) => [`FN_STUDIO_CALL=${a}`, `FN_STUDIO_CALL=${a}`])
      .sort();
    expect(asks.filter((a) => a === '').length).toBeGreaterThan(0);
    await expect.poll(frames, { timeout: 30_000 }).toEqual(expected);
  });

  it('keeps each call its own log lines (FDK log framing)', async () => {
    const { agent } = agentWith();
    const runs = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const c = fdk('log:3');
        const log = new CallLog();
        const out = await agent.submit(c, { log }).outcome;
        return { id: c.id, out, log };
      }),
    );
    const own = (r: (typeof runs)[number]) => r.log.allLines().filter((l) => l.startsWith('line '));
    await expect
      .poll(() => runs.every((r) => own(r).length >= 3), { timeout: 60_000 })
      .toBe(true)
      .catch(() => undefined);
    for (const r of runs) {
      expect({ call: r.id, container: r.out.container_id, lines: own(r) }).toEqual({
        call: r.id,
        container: r.out.container_id,
        lines: [1, 2, 3].map((i) => `line ${i} of ${r.id}`),
      });
    }
  });
});

describe('http-stream protocol edge cases (hand-written function)', () => {
  const agentWith = agentFor;
  it('sends Fn-Call-Id and an RFC 3339 Fn-Deadline (a caller cannot choose them)', async () => {
    const { agent } = agentWith();
    const c = edge('echo', {
      headers: { 'fn-call-id': ['forged'], 'Fn-Deadline': ['2000-01-01T00:00:00Z'] },
    });
    const log = new CallLog();
    const out = await agent.submit(c, { log }).outcome;
    expect(text(out.body)).toBe('stream:x');
    await expect
      .poll(() => log.text())
      .toMatch(new RegExp(`call ${c.id} deadline \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`));
  });

  it('waits for slow readiness within the init timeout', async () => {
    const { agent } = agentWith({ initTimeoutMs: 5000 });
    const out = await agent.submit(edge('slow-ready:1500')).outcome;
    expect(out.status).toBe('success');
    expect(out.timings.launch_ms).toBeGreaterThanOrEqual(1400);
  });

  it('answers 504 when the function never becomes ready', async () => {
    const { agent } = agentWith({ initTimeoutMs: 1500 });
    const out = await agent.submit(edge('never-ready')).outcome;
    expect(out).toMatchObject({ status: 'timeout', http_status: 504 });
    expect(out.error).toContain('did not become ready');
  });

  it('refuses a listener symlink that points outside its directory', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(edge('escape-link')).outcome;
    expect(out).toMatchObject({ status: 'error', http_status: 502 });
    expect(out.error).toContain('outside its directory');
  });

  it('kills the container on a status outside the contract (500) and on a connection closed mid-response', async () => {
    const { agent } = agentWith();
    const bad = await agent.submit(edge('status-500')).outcome;
    expect(bad).toMatchObject({ status: 'error', http_status: 502 });
    expect(bad.error).toContain('status 500');
    const cut = await agent.submit(edge('close-mid')).outcome;
    expect(cut).toMatchObject({ status: 'error', http_status: 502 });
    await agent.containers.settled();
    expect(agent.containers.list()).toEqual([]);
  });

  it('says a non-http-stream image failed to initialize, with its last log lines', async () => {
    const { agent } = agentWith();
    const out = await agent.submit(
      callOptions({ image: 'fn-studio-test/busybox-fail:1', format: 'http-stream' }),
    ).outcome;
    expect(out).toMatchObject({ status: 'error', http_status: 502 });
    expect(out.error).toContain('failed to initialize: function exited with code 3');
    expect(out.error).toContain('about to fail');
  });
});
