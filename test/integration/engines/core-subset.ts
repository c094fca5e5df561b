// The core calls every Docker API engine must serve, defined once for any engine: a cold call, a hot json call whose
// log lines land in its own log, an http-stream call through the real FDK (direct where the engine shares this
// machine's files, else through the relay), an OOM reported as one, a timeout, and a shutdown that leaves nothing.
// A test file per engine calls `defineCoreSubset` with that engine; every test's name starts with the engine's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLog } from '../../../src/main/core/call-log';
import type { CallOptions } from '../../../src/main/core/call-types';
import { LABEL } from '../../../src/main/core/container-labels';
import type { EngineKind } from '../../../src/main/core/engine-kind';
import { callOptions, makeAgent } from '../../support/agent-fixture';
import { BUSYBOX_IMAGE, BUSYBOX_OOM_IMAGE } from '../../support/test-images';
import { FDK_NODE_IMAGE, NODE_JSON_IMAGE } from '../../support/test-images-hot';

/** The test images the subset runs: an engine's setup makes them available there. */
export const CORE_SUBSET_IMAGES = [BUSYBOX_IMAGE, BUSYBOX_OOM_IMAGE, NODE_JSON_IMAGE, FDK_NODE_IMAGE];

export interface EngineUnderTest {
  /** How failures name it, e.g. "Podman". */
  name: string;
  /** What the driver must detect it as. */
  kind: EngineKind;
  /** Whether it can mount this machine's directories: http-stream then runs direct, else through the relay. */
  sharesFilesystem: boolean;
  /**
   * Starts the engine (or finds it running) with CORE_SUBSET_IMAGES on it; resolves with its DOCKER_HOST-style
   * address and what undoes the start.
   */
  setup(): Promise<{ dockerHost: string; teardown(): Promise<void> }>;
}

export function defineCoreSubset(engine: EngineUnderTest): void {
  describe(`core calls on ${engine.name}`, () => {
    let teardown: (() => Promise<void>) | undefined;
    let a: ReturnType<typeof makeAgent>;
    const agent = () => a.agent;

    beforeAll(async () => {
      const started = await engine.setup();
      teardown = started.teardown;
      // Direct or relay as the engine allows (auto): what is checked is that the driver chooses right.
      a = makeAgent({ dockerHost: started.dockerHost, httpStreamMode: 'auto' });
    });

    afterAll(async () => {
      await a?.agent.close();
      await teardown?.();
    });

    const json = (body: string, over: Partial<CallOptions> = {}) =>
      callOptions({
        image: NODE_JSON_IMAGE,
        format: 'json',
        fn_id: 'json-fn',
        memory: 64,
        body: Buffer.from(body),
        headers: { 'Content-Type': ['text/plain'] },
        ...over,
      });

    it(`${engine.name}: is detected as ${engine.kind}, sharing files: ${engine.sharesFilesystem}`, async () => {
      const info = await a.driver.ping();
      expect(info.kind).toBe(engine.kind);
      expect(info.sharesFilesystem).toBe(engine.sharesFilesystem);
      expect(info.memTotalBytes).toBeGreaterThan(0);
    });

    it(`${engine.name}: a cold call gets its body on stdin, answers stdout and logs stderr`, async () => {
      const log = new CallLog();
      const out = await agent().submit(callOptions({ image: BUSYBOX_IMAGE, body: Buffer.from('world') }), {
        log,
      }).outcome;
      expect(out).toMatchObject({ status: 'success', http_status: 200, start_kind: 'cold' });
      // Nothing but the body reached stdin (an engine that took the attach request's own body as input would add it).
      expect(out.body.toString()).toBe('hello world\n');
      expect(log.allLines()).toContain('log: got 5 bytes');
    });

    it(`${engine.name}: hot json calls reuse a container, each call's log lines in its own log`, async () => {
      const logs = [new CallLog(), new CallLog()];
      const calls = [json('log:3'), json('log:2')];
      const first = await agent().submit(calls[0], { log: logs[0] }).outcome;
      const second = await agent().submit(calls[1], { log: logs[1] }).outcome;
      expect(first).toMatchObject({
        status: 'success',
        start_kind: 'hot_new',
        body: Buffer.from('logged:3'),
      });
      expect(second).toMatchObject({
        status: 'success',
        start_kind: 'hot_reused',
        container_id: first.container_id,
      });
      const ids = calls.map((c) => c.id);
      // A call's output travels apart from its reply (on some engines on a pipe of its own): it may come after it.
      await expect
        .poll(() => logs[0].allLines(), { timeout: 30_000 })
        .toEqual([1, 2, 3].map((i) => `line ${i} of ${ids[0]}`));
      await expect
        .poll(() => logs[1].allLines(), { timeout: 30_000 })
        .toEqual([1, 2].map((i) => `line ${i} of ${ids[1]}`));
    });

    it(`${engine.name}: an http-stream call through the real FDK (${engine.sharesFilesystem ? 'direct' : 'relay'})`, async () => {
      const fdk = (body: string) =>
        callOptions({
          image: FDK_NODE_IMAGE,
          format: 'http-stream',
          fn_id: 'fdk-fn',
          memory: 128,
          body: Buffer.from(body),
          headers: { 'Content-Type': ['text/plain'] },
        });
      const first = await agent().submit(fdk('hello fdk')).outcome;
      expect(first).toMatchObject({ status: 'success', http_status: 200, start_kind: 'hot_new' });
      expect(first.body.toString()).toBe('hello fdk');
      const second = await agent().submit(fdk('again')).outcome;
      expect(second).toMatchObject({ start_kind: 'hot_reused', container_id: first.container_id });
      expect(second.body.toString()).toBe('again');
    });

    it(`${engine.name}: out of memory is reported as such, cold and hot`, async () => {
      const cold = await agent().submit(callOptions({ image: BUSYBOX_OOM_IMAGE, memory: 16 })).outcome;
      expect(cold).toMatchObject({ status: 'error', http_status: 502, error_kind: 'oom' });
      expect(cold.error).toContain('out of memory');
      const hot = await agent().submit(json('oom', { fn_id: 'json-oom' })).outcome;
      expect(hot).toMatchObject({ status: 'error', http_status: 502, error_kind: 'oom' });
    });

    it(`${engine.name}: a call past its timeout is answered 504 and its container killed`, async () => {
      const out = await agent().submit(json('sleep:20000', { fn_id: 'json-slow', timeout: 1 })).outcome;
      expect(out).toMatchObject({ status: 'timeout', http_status: 504, error_kind: 'timeout' });
      await agent().containers.settled();
      expect(
        agent()
          .containers.list()
          .filter((c) => c.fn_id === 'json-slow'),
      ).toEqual([]);
    });

    it(`${engine.name}: shutdown leaves no container and no volume of the agent behind`, async () => {
      // Something running at shutdown: an idle hot container and a call in flight.
      await agent().submit(json('x', { fn_id: 'json-idle' })).outcome;
      const inFlight = agent().submit(json('sleep:300', { fn_id: 'json-busy' })).outcome;
      await agent().close();
      expect((await inFlight).status).toBe('success');
      const mine = `${LABEL.instance}=${a.instanceId}`;
      expect(await a.driver.listByLabel(mine)).toEqual([]);
      expect(await a.driver.listVolumesByLabel(mine)).toEqual([]);
    });
  });
}
