// The container detail model: a start spec read as the setup the engine was given (limits, mounts, hardening,
// environment, labels), masked unless revealed; the tracker keeps it for live and recently ended containers; an
// unknown id is a 404 that says why.
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import { containerSetup } from '../../src/main/core/container-setup';
import { ContainerTracker, ENDED_CONTAINERS_KEPT } from '../../src/main/core/container-tracker';
import { type ContainerSpec, DEFAULT_HARDENING } from '../../src/main/core/driver';
import { containerDetailOf, revealParam } from '../../src/main/host/container-details';
import { containerDetail } from '../../src/shared/container-detail';
import { ApiError } from '../../src/shared/errors';
import type { ContainerInfo } from '../../src/shared/models';
import { MASKED_VALUE } from '../../src/shared/secret-config';
import { callOptions } from '../support/call-options';
import { FakeClock, FakeDriver } from '../support/fake-driver';

const spec: ContainerSpec = {
  image: 'img:1',
  env: { REGION: 'eu', API_TOKEN: 'tok-123', FN_FN_ID: 'f1', FN_MEMORY: '64' },
  labels: { 'io.fnstudio': '1', 'io.fnstudio.fn-id': 'f1' },
  memoryMb: 64,
  network: 'none',
  hardening: DEFAULT_HARDENING,
  binds: ['/var/tmp/fn-iofs/abc:/tmp/iofs'],
  volumes: [{ name: 'fn-relay-1', target: '/tmp/iofs' }],
};

const info: ContainerInfo = {
  id: 'c'.repeat(64),
  fn_id: 'f1',
  image: 'img:1',
  format: 'json',
  state: 'idle',
  calls_served: 2,
  memory_mb: 64,
  kind: 'hot',
  started_at: '2026-11-28T10:00:00.000Z',
};

const call = { fn_id: 'f1', image: 'img:1', format: 'json', memory: 64 } as CallOptions;

describe('container setup', () => {
  it('reads limits, mounts, hardening, network, environment and labels from the HostConfig the engine is given', () => {
    const setup = containerSetup({ spec, imageId: 'sha256:abc' });
    expect(setup).toEqual({
      image_id: 'sha256:abc',
      env: spec.env,
      labels: spec.labels,
      network: 'none',
      user: null,
      limits: { memory_mb: 64, memory_swap_mb: 64, pids: 256, cpus: null },
      mounts: [
        { type: 'bind', source: '/var/tmp/fn-iofs/abc', target: '/tmp/iofs', options: null },
        { type: 'volume', source: 'fn-relay-1', target: '/tmp/iofs', options: null },
        { type: 'tmpfs', source: null, target: '/tmp', options: 'rw,exec,size=64m' },
      ],
      hardening: { cap_drop: ['ALL'], no_new_privileges: true, read_only_rootfs: true, init: true },
    });
  });

  it('says what each opt-out leaves off, and reads a bind whose host path holds a colon', () => {
    const setup = containerSetup({
      spec: {
        ...spec,
        binds: ['C:\\fn\\iofs:/tmp/iofs:ro'],
        volumes: undefined,
        user: 'root',
        hardening: {
          capDropAll: false,
          noNewPrivileges: false,
          readOnlyRootfs: false,
          pidsLimit: null,
          init: false,
        },
      },
    });
    expect(setup).toMatchObject({
      image_id: null,
      user: 'root',
      limits: { pids: null, cpus: null },
      mounts: [{ type: 'bind', source: 'C:\\fn\\iofs', target: '/tmp/iofs', options: 'ro' }],
      hardening: { cap_drop: [], no_new_privileges: false, read_only_rootfs: false, init: false },
    });
  });
});

describe('container detail', () => {
  const setup = containerSetup({ spec, imageId: 'sha256:abc' });

  it('masks secret-looking values unless revealed, and names the secret keys either way', () => {
    const masked = containerDetail(info, setup, false);
    expect(masked).toMatchObject({ ...info, revealed: false, secret_keys: ['API_TOKEN'] });
    expect(masked.setup.env).toEqual({
      REGION: 'eu',
      API_TOKEN: MASKED_VALUE,
      FN_FN_ID: 'f1',
      FN_MEMORY: '64',
    });
    expect(JSON.stringify(masked)).not.toContain('tok-123');

    const shown = containerDetail(info, setup, true);
    expect(shown).toMatchObject({ revealed: true, secret_keys: ['API_TOKEN'] });
    expect(shown.setup.env.API_TOKEN).toBe('tok-123');
    // The setup kept is never changed by masking.
    expect(setup.env.API_TOKEN).toBe('tok-123');
  });

  it('the reveal parameter: 1 or true reveals; absent, 0 or false does not; anything else is refused in words', () => {
    expect([null, '', '0', 'false'].map(revealParam)).toEqual([false, false, false, false]);
    expect(['1', 'true'].map(revealParam)).toEqual([true, true]);
    expect(() => revealParam('yes')).toThrow(/reveal must be 1 \(show secret values\) or 0, not "yes"/);
  });
});

describe('container tracker keeps what each container was started with', () => {
  it('for live and ended containers, found by id or short id, with its state now or as it ended', async () => {
    const tracker = new ContainerTracker(new FakeClock());
    const id = 'a'.repeat(64);
    const live = tracker.add(id, call, 'busy', 'cold', { spec, imageId: 'sha256:abc' });
    expect(tracker.find(id)).toMatchObject({
      info: { id, state: 'busy' },
      started: { spec, imageId: 'sha256:abc' },
    });
    expect(tracker.find(id.slice(0, 12))?.info.id).toBe(id);
    // Shorter than a short id is no id.
    expect(tracker.find(id.slice(0, 6))).toBeUndefined();

    tracker.retire(live, async () => undefined, 'done');
    await tracker.settled();
    expect(tracker.list()).toEqual([]);
    expect(tracker.ended().map((c) => c.id)).toEqual([id]);
    expect(tracker.find(id)).toMatchObject({
      info: { id, end_reason: 'done', ended_at: expect.any(String) },
      started: { spec },
    });
    expect(containerDetailOf(tracker, id, false)).toMatchObject({
      id,
      end_reason: 'done',
      setup: { image_id: 'sha256:abc' },
    });
  });

  it(`forgets the oldest ended container beyond ${ENDED_CONTAINERS_KEPT}: its details are then a 404`, async () => {
    const tracker = new ContainerTracker(new FakeClock());
    const ids = Array.from({ length: ENDED_CONTAINERS_KEPT + 1 }, (_, i) => String(i).padStart(64, '0'));
    for (const id of ids)
      tracker.retire(tracker.add(id, call, 'busy', 'cold', { spec }), async () => undefined, 'done');
    await tracker.settled();
    expect(tracker.ended()).toHaveLength(ENDED_CONTAINERS_KEPT);
    expect(tracker.find(ids[0])).toBeUndefined();
    expect(tracker.find(ids[1])?.started).toBeDefined();
    const err = (() => {
      try {
        return containerDetailOf(tracker, ids[0], false);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404 });
    expect((err as Error).message).toBe(
      `no container ${ids[0]}: not one of this host's live containers, nor of the last ${ENDED_CONTAINERS_KEPT} that ended`,
    );
  });
});

describe('the agent records each container it starts', () => {
  it('a hot container: the spec the driver got, with the config and the FN_* variables', async () => {
    const driver = new FakeDriver();
    const agent = new Agent({
      driver,
      clock: new FakeClock(),
      poolMb: 1000,
      owner: { instanceId: 'i', dataDir: '/d' },
    });
    const outcome = await agent.submit(
      callOptions({
        app_id: 'a1',
        app_name: 'shop',
        fn_id: 'f1',
        fn_name: 'hello',
        image: 'img',
        memory: 100,
        format: 'json',
        config: { REGION: 'eu', API_TOKEN: 'tok' },
        body: Buffer.from('b'),
      }),
    ).outcome;
    const detail = containerDetailOf(agent.containers, outcome.container_id ?? '', false);
    expect(detail.setup.env).toMatchObject({
      REGION: 'eu',
      API_TOKEN: MASKED_VALUE,
      FN_APP_ID: 'a1',
      FN_FN_ID: 'f1',
      FN_APP_NAME: 'shop',
      FN_FN_NAME: 'hello',
      FN_MEMORY: '100',
      FN_TYPE: 'sync',
      FN_FORMAT: 'json',
    });
    expect(detail.setup.labels).toMatchObject({ 'io.fnstudio': '1', 'io.fnstudio.fn-id': 'f1' });
    expect(detail.setup.limits.memory_mb).toBe(100);
    await agent.close();
  });
});
