// The core of what Fn Studio does, run against one engine through `npm run serve` (so the host's own endpoint
// resolution from its environment is under test too): a cold call, a hot json call with its log attributed, an
// http-stream FDK call, an OOM reported as OOM, a timeout, and a shutdown that leaves nothing behind. Every test's
// name carries the engine's, so a failure says which engine it was.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FnInput } from '../../../src/shared/api-contract';
import type { CallRecord } from '../../../src/shared/models';
import { HttpApiClient } from '../../support/http-api-client';
import { startServe, type ServeProcess } from '../../support/serve-process';
import {
  BUSYBOX_IMAGE,
  BUSYBOX_OOM_IMAGE,
  BUSYBOX_SLEEP_IMAGE,
  FDK_NODE_IMAGE,
  NODE_JSON_IMAGE,
} from '../../support/test-images';

/** The images the subset runs: an engine other than the main one needs them loaded first. */
export const SERVE_SUBSET_IMAGES = [
  BUSYBOX_IMAGE,
  BUSYBOX_OOM_IMAGE,
  BUSYBOX_SLEEP_IMAGE,
  FDK_NODE_IMAGE,
  NODE_JSON_IMAGE,
];

export interface ServedEngine {
  /** Named in every test of the subset, so a failure names the engine. */
  name: string;
  /** The engine's address as DOCKER_HOST spells it. */
  dockerHost: string;
  /** What `npm run serve` is started with to use this engine (DOCKER_HOST and what goes with it). */
  env: Record<string, string>;
  /** A client of the same engine for the test's own checks (what is left after shutdown). */
  docker: Docker;
  /** The http-stream mode the host should choose with this environment, and words its reason should contain. */
  streamMode?: { mode: 'direct' | 'relay'; reason: RegExp };
  /** The connection kind GET /version should report (unix, tls, ssh, …). */
  connection?: string;
}

export function defineServeSubset(engine: ServedEngine): void {
  // The address is not in the title: an engine a test starts itself is known only once its beforeAll ran.
  describe(`core subset on ${engine.name}`, () => {
    let s: ServeProcess;
    const api = new HttpApiClient(() => s.baseUrl);
    const fns: Record<string, string> = {};
    let instance = '';

    beforeAll(async () => {
      s = await startServe({ env: engine.env });
      if (!s) throw new Error(`${engine.name}: serve did not start against ${engine.dockerHost}`);
      const app = await api.createApp({ name: 'engines' });
      const fn = async (
        name: string,
        image: string,
        format: FnInput['format'],
        more: Partial<FnInput> = {},
      ) =>
        (fns[name] = (
          await api.createFn({ app_id: app.id, name, image, format, network: 'none', ...more })
        ).id);
      await fn('echo', BUSYBOX_IMAGE, 'default');
      await fn('json', NODE_JSON_IMAGE, 'json');
      await fn('fdk', FDK_NODE_IMAGE, 'http-stream');
      await fn('hog', BUSYBOX_OOM_IMAGE, 'default', { memory: 16 });
      await fn('sleepy', BUSYBOX_SLEEP_IMAGE, 'default', { timeout: 1 });
      instance = (await api.status()).instance_id ?? '';
    }, 300_000);
    afterAll(async () => {
      await s?.stop();
    });

    const invoke = async (fn: string, body: string) => {
      const res = await fetch(`${s.baseUrl}/invoke/${fns[fn]}`, { method: 'POST', body });
      return { status: res.status, text: await res.text(), callId: res.headers.get('fn-call-id') ?? '' };
    };
    const record = (id: string) => api.ok<CallRecord>('GET', `/v2/calls/${id}`);

    it(`${engine.name}: GET /version names the engine`, async () => {
      const v = await api.ok<{
        engine: { reachable: boolean; name?: string; connection?: string; remote?: boolean };
      }>('GET', '/version');
      expect(v.engine, engine.name).toMatchObject({ reachable: true, name: expect.stringMatching(/\S/) });
      if (engine.connection) expect(v.engine.connection, engine.name).toBe(engine.connection);
    });

    it(`${engine.name}: a cold call`, async () => {
      const r = await invoke('echo', 'engines');
      expect(r, engine.name).toMatchObject({ status: 200, text: 'hello engines\n' });
      expect((await record(r.callId)).start_kind, engine.name).toBe('cold');
    });

    it(`${engine.name}: a hot json call, its log attributed to it`, async () => {
      const first = await invoke('json', 'log:2');
      const second = await invoke('json', 'log:2');
      expect([first.status, second.status], engine.name).toEqual([200, 200]);
      expect((await record(second.callId)).start_kind, engine.name).toBe('hot_reused');
      // A call's output travels apart from its reply: its late lines are stored when they come.
      const log = async () => (await api.request('GET', `/v2/calls/${second.callId}/log`)).text;
      await expect.poll(log, { timeout: 30_000 }).toContain(`line 2 of ${second.callId}`);
      expect(await log(), engine.name).not.toContain(first.callId);
    });

    it(`${engine.name}: an http-stream FDK call, in the mode the engine allows`, async () => {
      const r = await invoke('fdk', 'stream me');
      expect(r, engine.name).toMatchObject({ status: 200, text: 'stream me' });
      const v = await api.ok<{ http_stream: { mode: string; reason: string } }>('GET', '/version');
      if (engine.streamMode) {
        expect(v.http_stream.mode, engine.name).toBe(engine.streamMode.mode);
        expect(v.http_stream.reason, engine.name).toMatch(engine.streamMode.reason);
      }
      // A relay's memory is held in the pool with its function's container, and shown with it.
      const container = (await api.listContainers()).find((c) => c.fn_id === fns.fdk);
      expect(container?.relay_memory_mb, engine.name).toBe(v.http_stream.mode === 'relay' ? 64 : undefined);
      // Nothing runs now: the pool holds exactly what the idle containers (and their relays) hold.
      const held = (await api.listContainers()).reduce(
        (n, c) => n + c.memory_mb + (c.relay_memory_mb ?? 0),
        0,
      );
      expect((await api.stats()).pool.used_mb, engine.name).toBe(held);
    });

    it(`${engine.name}: an OOM is reported as OOM`, async () => {
      const r = await invoke('hog', '');
      expect(r.status, engine.name).toBe(502);
      expect(r.text, engine.name).toMatch(/out of memory/);
      expect((await record(r.callId)).error_kind, engine.name).toBe('oom');
    });

    it(`${engine.name}: a call past its timeout answers 504`, async () => {
      const r = await invoke('sleepy', '');
      expect(r.status, engine.name).toBe(504);
      expect((await record(r.callId)).error_kind, engine.name).toBe('timeout');
    });

    it(`${engine.name}: shutdown leaves no container and no volume behind`, async () => {
      expect(await s.stop(), engine.name).toBe(0);
      const label = `io.fnstudio.instance=${instance}`;
      expect(
        await engine.docker.listContainers({ all: true, filters: { label: [label] } }),
        engine.name,
      ).toEqual([]);
      const volumes = (await engine.docker.listVolumes({ filters: { label: [label] } })) as {
        Volumes?: unknown[] | null;
      };
      expect(volumes.Volumes ?? [], engine.name).toEqual([]);
    });
  });
}
