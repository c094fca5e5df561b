// A function's image rebuilt under the same tag on real Docker, while one of its hot containers is idle and another
// busy: the idle one retires at once, the busy one after its call (which finishes on the old image), a container of
// the new image starts at once and the next call runs the new code on it, no container of the old image is left, and
// each call records the image ID it ran on.
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/main/core/call-types';
import { LABEL } from '../../src/main/core/container-labels';
import type { ContainerInfo } from '../../src/shared/models';
import { callOptions, useAgents } from '../support/agent-fixture';
import { HOLD, releaseHeld } from '../support/held-calls';
import { NODE_JSON_IMAGE } from '../support/test-images-hot';
import { BUSYBOX_IMAGE } from '../support/test-images';
import { ThrowawayImages } from '../support/throwaway-images';

const docker = new Docker();
const images = new ThrowawayImages(docker);
const agentWith = useAgents();
// Runs after useAgents' own afterEach has closed the agents: no container uses the images any more.
afterAll(() => images.removeAll());

/** The json test function, with the build's number in its environment (its `env` call answers process.env). */
const jsonBuild = (n: number) => `FROM ${NODE_JSON_IMAGE}\nENV BUILD=${n}\n`;
const build = (call: { body: Buffer }) => JSON.parse(call.body.toString()).BUILD as string;

describe('an image rebuilt under the same tag (real Docker)', () => {
  it('retires the idle container at once and the busy one after its call; the next call runs the new code', async () => {
    const tag = ThrowawayImages.uniqueTag('rebuild');
    const v1 = await images.build(tag, jsonBuild(1));
    const { agent, instanceId } = agentWith();
    const ended: ContainerInfo[] = [];
    agent.on('containerEnded', (c) => ended.push(c));
    const endOf = (id: string) => ended.find((c) => c.id === id)?.end_reason;
    const make = (body: string): CallOptions =>
      callOptions({ image: tag, format: 'json', memory: 64, body: Buffer.from(body) });

    // One container held busy by a call, a second one idle after serving the old build.
    const held = agent.submit(make(HOLD));
    const busyId = (await held.started)!.container_id;
    const old = await agent.submit(make('env')).outcome;
    expect(old).toMatchObject({ status: 'success', image_id: v1 });
    expect(build(old)).toBe('1');
    const idleId = old.container_id!;
    expect(idleId).not.toBe(busyId);

    const v2 = await images.build(tag, jsonBuild(2));
    expect(v2).not.toBe(v1);
    // Seen from the engine's image event, with no call needed: the idle container goes at once.
    await expect.poll(() => endOf(idleId)).toBe('image_rebuilt');
    expect(agent.containers.list().find((c) => c.id === busyId)?.state).toBe('busy');

    // The function was in use: a container of the new image starts at once, for the call that comes next.
    const newOne = () => agent.containers.list().find((c) => c.id !== busyId);
    await expect.poll(() => newOne()?.state).toBe('idle');
    const readyId = newOne()!.id;
    expect(readyId).not.toBe(idleId);
    const next = await agent.submit(make('env')).outcome;
    expect(next).toMatchObject({
      status: 'success',
      start_kind: 'hot_reused',
      image_id: v2,
      container_id: readyId,
    });
    expect(build(next)).toBe('2');

    // The busy call finishes on the old image; then its container goes too, never handed out again.
    await releaseHeld(busyId);
    expect(await held.outcome).toMatchObject({ status: 'success', container_id: busyId, image_id: v1 });
    await expect.poll(() => endOf(busyId)).toBe('image_rebuilt');
    const again = await agent.submit(make('env')).outcome;
    expect(again).toMatchObject({ start_kind: 'hot_reused', container_id: next.container_id, image_id: v2 });

    await agent.containers.settled();
    const ours = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL.instance}=${instanceId}`] },
    });
    expect(ours.map((c) => c.ImageID)).toEqual([v2]);
    expect(agent.pool.usedMb).toBe(64);
  });

  it('runs a cold call on the rebuilt image too, and records its ID', async () => {
    const tag = ThrowawayImages.uniqueTag('rebuild-cold');
    const busyboxBuild = (n: number) => `FROM ${BUSYBOX_IMAGE}\nCMD ["/bin/echo", "build ${n}"]\n`;
    const v1 = await images.build(tag, busyboxBuild(1));
    const { agent } = agentWith();
    const first = await agent.submit(callOptions({ image: tag })).outcome;
    expect(first).toMatchObject({ status: 'success', start_kind: 'cold', image_id: v1 });
    expect(first.body.toString()).toBe('build 1\n');
    const v2 = await images.build(tag, busyboxBuild(2));
    // The cache follows the engine's event; a cold call dispatched after it sees the new ID.
    await expect.poll(() => agent.images.cached(tag)).toBe(v2);
    const second = await agent.submit(callOptions({ image: tag })).outcome;
    expect(second).toMatchObject({ status: 'success', image_id: v2 });
    expect(second.body.toString()).toBe('build 2\n');
  });
});
