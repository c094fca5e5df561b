// Cold calls through the agent on real Docker: stdin/stdout/stderr, the request in the environment, exit codes, OOM,
// timeout, cancel, missing image, Close.
import { afterAll, describe, expect, it } from 'vitest';
import { CallLog } from '../../src/main/core/call-log';
import { callOptions, makeAgent } from '../support/agent-fixture';
import {
  BUSYBOX_FAIL_IMAGE,
  BUSYBOX_IMAGE,
  BUSYBOX_OOM_IMAGE,
  BUSYBOX_SLEEP_IMAGE,
} from '../support/test-images';
import { ThrowawayImages } from '../support/throwaway-images';

const { agent, ourContainers } = makeAgent();
const images = new ThrowawayImages();

afterAll(async () => {
  await agent.close();
  await images.removeAll();
});

describe('cold calls (format default) on real Docker', () => {
  it('runs the body through stdin, answers stdout, logs stderr, and removes the container', async () => {
    const log = new CallLog();
    const out = await agent.submit(callOptions({ image: BUSYBOX_IMAGE, body: Buffer.from('world') }), {
      log,
    }).outcome;
    expect(out.status).toBe('success');
    expect(out.http_status).toBe(200);
    expect(out.body.toString()).toBe('hello world\n');
    expect(log.allLines()).toContain('log: got 5 bytes');
    expect(out.start_kind).toBe('cold');
    expect(out.container_id).toMatch(/^[0-9a-f]{64}$/);
    expect(out.timings.launch_ms).toBeGreaterThan(0);
    await agent.containers.settled();
    expect(await ourContainers()).toEqual([]);
  });

  it('gives the container the request in its environment (FN_CALL_ID, FN_METHOD, FN_REQUEST_URL, FN_DEADLINE, FN_HEADER_*)', async () => {
    // A busybox function printing its environment, one NAME=value a line.
    const tag = ThrowawayImages.uniqueTag('cold-env');
    const imageId = await images.build(tag, `FROM ${BUSYBOX_IMAGE}\nCMD ["/bin/busybox", "env"]\n`);
    const call = callOptions({
      image: tag,
      method: 'PUT',
      url: 'http://127.0.0.1:8080/invoke/fn1?x=1',
      timeout: 20,
      headers: { 'Content-Type': ['text/plain'], 'X-Multi-Value': ['a', 'b'], 'X.Dotted': ['d'] },
      config: { GREETING: 'hi' },
    });
    const sent = Date.now();
    const out = await agent.submit(call).outcome;
    expect(out).toMatchObject({ status: 'success', image_id: imageId });
    const env = Object.fromEntries(
      out.body
        .toString()
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(env).toMatchObject({
      FN_CALL_ID: call.id,
      FN_METHOD: 'PUT',
      FN_REQUEST_URL: 'http://127.0.0.1:8080/invoke/fn1?x=1',
      FN_HEADER_CONTENT_TYPE: 'text/plain',
      FN_HEADER_X_MULTI_VALUE: 'a, b',
      FN_HEADER_X_DOTTED: 'd',
      FN_FORMAT: 'default',
      FN_TYPE: 'sync',
      GREETING: 'hi',
    });
    // RFC 3339 UTC, about the call's timeout from when it started.
    expect(env.FN_DEADLINE).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const deadline = Date.parse(env.FN_DEADLINE);
    expect(deadline).toBeGreaterThanOrEqual(Math.floor(sent / 1000) * 1000 + 20_000 - 1000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 20_000);
  });

  it('reports a non-zero exit as 502 with the code, keeping the stderr log', async () => {
    const log = new CallLog();
    const out = await agent.submit(callOptions({ image: BUSYBOX_FAIL_IMAGE }), { log }).outcome;
    expect(out.status).toBe('error');
    expect(out.http_status).toBe(502);
    expect(out.error).toBe('function exited with code 3');
    expect(log.text()).toContain('about to fail');
  });

  it('reports out of memory (OOMKilled), not a bare exit code', async () => {
    const out = await agent.submit(callOptions({ image: BUSYBOX_OOM_IMAGE, memory: 16 })).outcome;
    expect(out.status).toBe('error');
    expect(out.http_status).toBe(502);
    expect(out.error).toContain('out of memory');
  });

  it('kills a call that runs past its timeout and answers 504', async () => {
    const started = Date.now();
    const out = await agent.submit(callOptions({ image: BUSYBOX_SLEEP_IMAGE, timeout: 1 })).outcome;
    expect(out.status).toBe('timeout');
    expect(out.http_status).toBe(504);
    expect(Date.now() - started).toBeLessThan(10_000);
    await agent.containers.settled();
    expect(await ourContainers()).toEqual([]);
  });

  it('cancels a running call by killing its container', async () => {
    const abort = new AbortController();
    const run = agent.submit(callOptions({ image: BUSYBOX_SLEEP_IMAGE }), { abort: abort }).outcome;
    setTimeout(() => abort.abort(), 700);
    const out = await run;
    expect(out.status).toBe('cancelled');
    // Memory returns to the pool once the killed container is gone.
    await agent.containers.settled();
    expect(agent.pool.usedMb).toBe(0);
  });

  it('names a missing image in a clear 502', async () => {
    const out = await agent.submit(callOptions({ image: 'fn-studio-test/does-not-exist:1' })).outcome;
    expect(out.status).toBe('error');
    expect(out.http_status).toBe(502);
    expect(out.error).toContain('fn-studio-test/does-not-exist:1');
  });

  it('refuses calls after Close and leaves no container of its own', async () => {
    const { agent: other, ourContainers: theirs } = makeAgent();
    const call = other.submit(callOptions({ image: BUSYBOX_SLEEP_IMAGE, timeout: 2 }));
    expect(await call.started).not.toBeNull();
    const running = call.outcome;
    const closing = other.close();
    const refused = await other.submit(callOptions({ image: BUSYBOX_IMAGE })).outcome;
    expect(refused.http_status).toBe(503);
    expect((await running).status).toBe('timeout');
    await closing;
    expect(await theirs()).toEqual([]);
  });
});
