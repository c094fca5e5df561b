// Two agents on one engine never touch each other's containers; the start-up sweep removes only containers whose
// owner is gone.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { LABEL, ownerLabels, sweepOrphans } from '../../src/main/core/container-labels';
import { DockerDriver } from '../../src/main/core/docker-driver';
import { callOptions, makeAgent } from '../support/agent-fixture';
import { BUSYBOX_SLEEP_IMAGE } from '../support/test-images';

const docker = new Docker();

async function parked(labels: Record<string, string>): Promise<string> {
  const c = await docker.createContainer({
    Image: BUSYBOX_SLEEP_IMAGE,
    Labels: labels,
    HostConfig: { NetworkMode: 'none', Init: true },
  });
  await c.start();
  return c.id;
}
const exists = async (id: string) =>
  docker
    .getContainer(id)
    .inspect()
    .then(
      () => true,
      () => false,
    );

describe('container ownership', () => {
  it('closing one agent leaves the other agent running calls untouched', async () => {
    const a = makeAgent();
    const b = makeAgent();
    const running = b.agent.submit(callOptions({ image: BUSYBOX_SLEEP_IMAGE, timeout: 3 })).outcome;
    await expect.poll(async () => (await b.ourContainers()).length).toBe(1);
    await a.agent.close();
    expect(await b.ourContainers()).toHaveLength(1);
    expect((await running).status).toBe('timeout');
    await b.agent.close();
    expect(await b.ourContainers()).toEqual([]);
  });

  it("the sweep removes containers of a dead owner and keeps a live owner's", async () => {
    const live = ownerLabels({ instanceId: 'live-owner', dataDir: '/tmp/x' });
    const dead = { ...live, [LABEL.instance]: 'dead-owner', [LABEL.pid]: '999999999' };
    const rebooted = { ...live, [LABEL.instance]: 'rebooted-owner', [LABEL.bootId]: 'an-earlier-boot' };
    const otherMachine = { ...dead, [LABEL.instance]: 'remote-owner', [LABEL.host]: 'some-other-machine' };
    const ids = {
      live: await parked(live),
      dead: await parked(dead),
      rebooted: await parked(rebooted),
      remote: await parked(otherMachine),
    };
    const deadVolume = `fnstudio-test-dead-${Date.now()}`;
    await docker.createVolume({ Name: deadVolume, Labels: dead });
    try {
      const removed = await sweepOrphans(new DockerDriver());
      expect(removed).toBeGreaterThanOrEqual(2);
      expect(await exists(ids.dead)).toBe(false);
      expect(await exists(ids.rebooted)).toBe(false);
      expect(await exists(ids.live)).toBe(true);
      expect(await exists(ids.remote)).toBe(true);
      expect(
        await docker
          .getVolume(deadVolume)
          .inspect()
          .then(
            () => true,
            () => false,
          ),
      ).toBe(false);
    } finally {
      await Promise.all(
        Object.values(ids).map((id) =>
          docker
            .getContainer(id)
            .remove({ force: true })
            .catch(() => undefined),
        ),
      );
    }
  });
});
