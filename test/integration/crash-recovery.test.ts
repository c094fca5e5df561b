// The durable async queue under kill -9: 50 detached calls, the host killed mid-way and restarted on the same data
// dir. Every call ends with exactly one terminal record; none is lost and none runs twice, counted by a server
// outside the containers that each run reports its call id to.
import Docker from 'dockerode';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApiClient } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';

const TERMINAL = ['success', 'error', 'timeout', 'cancelled'];

let recorder: Server;
const runs = new Map<string, number>();
let recordUrl: string;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  // Containers reach this machine through the default bridge's gateway address.
  // A fresh engine can list the bridge's subnet without its gateway: then the gateway is the subnet's first host.
  const bridge = await new Docker().getNetwork('bridge').inspect();
  const ipam = bridge.IPAM?.Config?.[0];
  const gateway = ipam?.Gateway ?? ipam?.Subnet?.replace(/\.0\/\d+$/, '.1');
  if (!gateway || !/^\d+\.\d+\.\d+\.\d+$/.test(gateway))
    throw new Error(`the default bridge network has no gateway address (${JSON.stringify(ipam)})`);
  recorder = createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
    runs.set(id, (runs.get(id) ?? 0) + 1);
    res.end('ok');
  });
  await new Promise<void>((r) => recorder.listen(0, gateway, r));
  recordUrl = `http://${gateway}:${(recorder.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await serve?.stop();
  recorder?.close();
});

const api = new HttpApiClient(() => serve?.baseUrl ?? '');

describe('detached calls survive kill -9 of the host', () => {
  it('ends each of 50 calls exactly once: queued ones run after the restart, running ones are marked interrupted', async () => {
    serve = await startServe();
    const dataDir = serve.dataDir;
    // Four 128 MB calls fit while half of a 1 GiB pool stays free: several run at once, most wait in the queue.
    await api.updateSettings({ pool_mb: 1024 });
    const app = await api.createApp({ name: 'crash' });
    const fn = await api.createFn({
      app_id: app.id,
      name: 'recorder',
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 128,
      network: 'bridge',
      config: { RECORD_URL: recordUrl },
    });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${serve.baseUrl}/invoke/${fn.id}`, {
        method: 'POST',
        headers: { 'Fn-Invoke-Type': 'detached' },
        body: 'record:300',
      });
      expect(res.status).toBe(202);
      const { call_id } = (await res.json()) as { call_id: string };
      expect(res.headers.get('fn-call-id')).toBe(call_id);
      ids.push(call_id);
    }
    // Kill once some calls have run and some are still queued.
    await expect.poll(() => runs.size, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(8);
    const killedPid = serve.child.pid;
    serve.child.kill('SIGKILL');
    await serve.stop();
    const docker = new Docker();
    const orphans = () =>
      docker.listContainers({ all: true, filters: { label: [`io.fnstudio.owner-pid=${killedPid}`] } });
    // The killed host's containers outlive it...
    expect((await orphans()).length).toBeGreaterThan(0);
    const ranBeforeKill = runs.size;
    expect(ranBeforeKill).toBeLessThan(50);

    serve = await startServe({ dataDir });
    // ...until the next host on this engine sweeps those whose owner is gone.
    await expect.poll(async () => (await orphans()).length).toBe(0);
    const fnId = fn.id;
    await expect
      .poll(
        async () => (await api.allCalls({ fn_id: fnId })).filter((c) => TERMINAL.includes(c.status)).length,
        {
          timeout: 120_000,
          interval: 250,
        },
      )
      .toBe(50);

    const calls = await api.allCalls({ fn_id: fnId });
    expect(calls.map((c) => c.id).sort()).toEqual([...ids].sort()); // exactly one record per call, none extra
    for (const c of calls) {
      const ran = runs.get(c.id) ?? 0;
      expect({ id: c.id, ranAtMostOnce: ran <= 1 }).toEqual({ id: c.id, ranAtMostOnce: true });
      if (c.status === 'success') expect({ id: c.id, ran }).toEqual({ id: c.id, ran: 1 });
      else
        expect({ id: c.id, status: c.status, error: c.error, error_kind: c.error_kind }).toEqual({
          id: c.id,
          status: 'error',
          error: 'interrupted: host stopped',
          error_kind: 'interrupted',
        });
    }
    const interrupted = calls.filter((c) => c.error === 'interrupted: host stopped');
    // Some were mid-run at the kill; the rest (queued then) ran after the restart.
    expect(interrupted.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === 'success').length).toBeGreaterThan(50 - ranBeforeKill - 1);
    for (const c of calls.filter((x) => x.status === 'success')) expect(c.type).toBe('detached');
  }, 240_000);
});
