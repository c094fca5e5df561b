// The engine's oom events, which the driver consults when an exit 137 it did not cause shows no OOM flag: a real
// OOM kill is found (also when asked after the exit), and a plain `docker kill` is not taken for one. And the
// memory figures, for an OOM with no notice at all: a container stalled at its limit shows it reached the limit,
// one that did not fill its memory does not.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { DockerDriver } from '../../src/main/core/docker-driver';
import { DEFAULT_HARDENING, type RunningContainer } from '../../src/main/core/driver';
import { oomReported } from '../../src/main/core/oom-events';
import { BUSYBOX_FILL_IMAGE, BUSYBOX_OOM_IMAGE, BUSYBOX_SLEEP_IMAGE } from '../support/test-images';

const docker = new Docker();

async function run(image: string, cmd?: string[]) {
  const c = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    HostConfig: { Memory: 16 * 1024 * 1024, MemorySwap: 16 * 1024 * 1024, NetworkMode: 'none' },
  });
  const started = Date.now();
  await c.start();
  return { c, started };
}

describe('oom events', () => {
  it('finds the oom event of a container the OOM killer ended', async () => {
    const { c, started } = await run(BUSYBOX_OOM_IMAGE);
    try {
      expect(((await c.wait()) as { StatusCode: number }).StatusCode).toBe(137);
      expect(await oomReported(docker, c.id, started, 500)).toBe(true);
    } finally {
      await c.remove({ force: true });
    }
  });

  it('does not take a docker kill for an OOM, and answers within the wait it was given', async () => {
    const { c, started } = await run(BUSYBOX_SLEEP_IMAGE, ['sleep', '30']);
    try {
      await c.kill();
      expect(((await c.wait()) as { StatusCode: number }).StatusCode).toBe(137);
      const t = Date.now();
      expect(await oomReported(docker, c.id, started, 300)).toBe(false);
      // The wait is timed by the host: the answer comes soon after it, not after the engine's next event.
      expect(Date.now() - t).toBeLessThan(2_500);
    } finally {
      await c.remove({ force: true });
    }
  });
});

describe('memory figures', () => {
  const driver = new DockerDriver();
  const start = (image: string) =>
    driver.start({
      image,
      env: {},
      labels: {},
      memoryMb: 16,
      network: 'none',
      hardening: DEFAULT_HARDENING,
    });
  /** Resolves with the container's stderr once it contains `text`. */
  const said = (c: RunningContainer, text: string) =>
    new Promise<string>((resolve) => {
      let seen = '';
      c.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(text)) resolve(seen);
      });
    });

  it('show that a container stalled just under its limit reached it (no OOM kill, no notice)', async () => {
    const c = await start(BUSYBOX_FILL_IMAGE);
    try {
      expect(await said(c, 'filled to')).toMatch(/filled to \d+ of 16777216 bytes/);
      expect(await c.reachedMemoryLimit()).toBe(true);
    } finally {
      await c.remove();
    }
  });

  it('do not for a container far from its limit, nor once it has exited', async () => {
    const c = await start(BUSYBOX_SLEEP_IMAGE);
    try {
      await said(c, 'sleeping');
      expect(await c.reachedMemoryLimit()).toBe(false);
      await c.kill();
      await c.wait();
      expect(await c.reachedMemoryLimit()).toBe(false);
    } finally {
      await c.remove();
    }
  });
});
