// The core calls on Podman's Docker-compatible API (rootful, on this machine: it shares its files, so http-stream runs
// direct), besides the main engine the other integration tests use; and what Podman answers otherwise, read right.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../src/main/core/container-labels';
import { DockerDriver } from '../../src/main/core/docker-driver';
import { callOptions, makeAgent } from '../support/agent-fixture';
import { FDK_NODE_IMAGE } from '../support/test-images-hot';
import { DEFAULT_HARDENING } from '../../src/main/core/driver';
import { copyImages } from '../support/engine-images';
import { type PodmanService, startPodmanService } from '../support/podman-service';
import { BUSYBOX_SLEEP_IMAGE } from '../support/test-images';
import { CORE_SUBSET_IMAGES, defineCoreSubset } from './engines/core-subset';

// Outside CI a machine without podman skips these (npm test says so); in CI they run, and fail without it.
const podmanHere = spawnSync('sh', ['-c', 'command -v podman'], { stdio: 'ignore' }).status === 0;

describe.runIf(podmanHere || Boolean(process.env.CI))('Podman engine', () => {
  let podman: PodmanService | undefined;

  beforeAll(async () => {
    podman = await startPodmanService();
    await copyImages(podman.docker, [...CORE_SUBSET_IMAGES, BUSYBOX_SLEEP_IMAGE]);
  });

  afterAll(async () => {
    await podman?.stop();
  });

  defineCoreSubset({
    name: 'Podman',
    kind: 'podman',
    sharesFilesystem: true,
    setup: async () => ({ dockerHost: podman!.host, teardown: async () => undefined }),
  });

  describe('Podman differences, read the Docker way', () => {
    it('Podman: http-stream through the relay too (as with podman machine, whose files are not shared)', async () => {
      const { agent, driver, instanceId } = makeAgent({ dockerHost: podman!.host, httpStreamMode: 'relay' });
      try {
        const call = callOptions({
          image: FDK_NODE_IMAGE,
          format: 'http-stream',
          memory: 128,
          body: Buffer.from('relayed'),
          headers: { 'Content-Type': ['text/plain'] },
        });
        const out = await agent.submit(call).outcome;
        expect(out).toMatchObject({ status: 'success', http_status: 200 });
        expect(out.body.toString()).toBe('relayed');
      } finally {
        await agent.close();
      }
      expect(await driver.listVolumesByLabel(`${LABEL.instance}=${instanceId}`)).toEqual([]);
    });

    it('Podman: a call whose container is removed from outside is an error, never a success', async () => {
      // Podman's wait answers a 404, or 0 (seen for auto-removed containers): the inspect after it tells it is gone.
      const { agent } = makeAgent({ dockerHost: podman!.host });
      try {
        const call = agent.submit(callOptions({ image: BUSYBOX_SLEEP_IMAGE, timeout: 60 })).outcome;
        await expect.poll(() => agent.containers.list().filter((c) => c.state === 'busy')).toHaveLength(1);
        await podman!.docker.getContainer(agent.containers.list()[0].id).remove({ force: true });
        expect(await call).toMatchObject({ status: 'error', http_status: 502, error_kind: 'exit' });
      } finally {
        await agent.close();
      }
    });

    it('Podman: a SIGKILL another client sent is an exit 137, not out of memory', async () => {
      const driver = new DockerDriver(podman!.host);
      const c = await driver.start({
        image: BUSYBOX_SLEEP_IMAGE,
        env: {},
        labels: {},
        memoryMb: 16,
        network: 'none',
        hardening: DEFAULT_HARDENING,
      });
      try {
        // As `podman kill` would: through the engine, not through this driver.
        await podman!.docker.getContainer(c.id).kill();
        expect(await c.wait()).toEqual({ exitCode: 137, oomKilled: false });
      } finally {
        await c.remove();
      }
    });
  });
});
