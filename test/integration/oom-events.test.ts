// The engine's oom events, which the driver consults when an exit 137 it did not cause shows no OOM flag: a real
// OOM kill is found (also when asked after the exit), and a plain `docker kill` is not taken for one.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { oomReported } from '../../src/main/core/oom-events';
import { BUSYBOX_OOM_IMAGE, BUSYBOX_SLEEP_IMAGE } from '../support/test-images';

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
