// The container detail slice and the panel's facts, with a fake API: masked by default, reveal asks again, an
// unknown container shows the host's message, and facts read in words.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import type { ContainerDetail } from '../../src/shared/container-detail';
import { ApiError } from '../../src/shared/errors';
import { MASKED_VALUE } from '../../src/shared/secret-config';
import {
  envRows,
  hardeningFacts,
  labelRows,
  limitFacts,
  runFacts,
} from '../../src/renderer/src/store/container-facts';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const detail = (reveal: boolean): ContainerDetail => ({
  id: 'c1'.padEnd(64, '0'),
  fn_id: 'f1',
  image: 'img:1',
  format: 'json',
  state: 'idle',
  calls_served: 1,
  memory_mb: 64,
  kind: 'hot',
  started_at: '2026-11-28T10:00:00.000Z',
  setup: {
    image_id: 'sha256:abc',
    env: { REGION: 'eu', API_TOKEN: reveal ? 'tok' : MASKED_VALUE, EMPTY_SECRET: '', FN_FN_ID: 'f1' },
    labels: { 'io.fnstudio.fn-id': 'f1', 'io.fnstudio': '1' },
    network: 'none',
    user: null,
    limits: { memory_mb: 64, memory_swap_mb: 64, pids: 256, cpus: null },
    mounts: [],
    hardening: { cap_drop: ['ALL'], no_new_privileges: true, read_only_rootfs: true, init: true },
  },
  secret_keys: ['API_TOKEN', 'EMPTY_SECRET'],
  revealed: reveal,
});

function fake() {
  const api = {
    getContainer: vi.fn(async (p: { container_id: string; reveal?: boolean }) => detail(p.reveal ?? false)),
    on: vi.fn(() => () => undefined),
  };
  return { api, store: createStudioStore(api as unknown as StudioClient) };
}

describe('container detail slice', () => {
  it('opens masked, reveals on request (asking the host again), and closes', async () => {
    const { api, store } = fake();
    const id = 'c1'.padEnd(64, '0');
    await store.getState().showContainer(id);
    expect(api.getContainer).toHaveBeenLastCalledWith({ container_id: id, reveal: false });
    expect(store.getState().openContainer).toMatchObject({ containerId: id, reveal: false, error: null });
    expect(store.getState().openContainer?.detail?.setup.env.API_TOKEN).toBe(MASKED_VALUE);

    const revealing = store.getState().showContainer(id, true);
    // The masked detail stays on screen while the revealed one loads.
    expect(store.getState().openContainer?.detail?.revealed).toBe(false);
    await revealing;
    expect(api.getContainer).toHaveBeenLastCalledWith({ container_id: id, reveal: true });
    expect(store.getState().openContainer?.detail?.setup.env.API_TOKEN).toBe('tok');

    store.getState().closeContainer();
    expect(store.getState().openContainer).toBeNull();
  });

  it("shows the host's message for a container it no longer knows", async () => {
    const { api, store } = fake();
    api.getContainer.mockRejectedValueOnce(new ApiError('not_found', 'no container abc: not one of …'));
    await store.getState().showContainer('abc');
    expect(store.getState().openContainer).toMatchObject({
      detail: null,
      error: 'no container abc: not one of …',
    });
  });

  it('a slower earlier load does not replace a later one', async () => {
    const { api, store } = fake();
    let finishFirst!: () => void;
    api.getContainer.mockImplementationOnce(
      (p) => new Promise((resolve) => (finishFirst = () => resolve(detail(p.reveal ?? false)))),
    );
    const first = store.getState().showContainer('one');
    await store.getState().showContainer('two');
    finishFirst();
    await first;
    expect(store.getState().openContainer?.containerId).toBe('two');
  });
});

describe('container facts', () => {
  it('say the setup in words, mark secrets, and list labels by name', () => {
    const d = detail(false);
    expect(runFacts(d)).toEqual([
      { label: 'Image', value: 'img:1' },
      { label: 'Image ID', value: 'sha256:abc' },
      { label: 'Network', value: 'none' },
      { label: 'User', value: "the image's own" },
    ]);
    expect(runFacts({ ...d, debug_address: '127.0.0.1:32768' }).at(-1)).toEqual({
      label: 'Debugger',
      value: 'attach to 127.0.0.1:32768',
    });
    // On a remote engine the port is on that machine's loopback: the fact says where, and how to forward it.
    expect(
      runFacts({ ...d, debug_address: '127.0.0.1:32768', debug_engine_host: 'build-box' }).at(-1)?.value,
    ).toBe(
      "attach to 127.0.0.1:32768 on build-box, the engine's machine: forward it first (ssh -L 32768:127.0.0.1:32768 build-box)",
    );
    expect(limitFacts(d).map((f) => f.value)).toEqual(['64 MB', 'none', 'at most 256', 'no limit']);
    expect(hardeningFacts(d).map((f) => f.value)).toEqual(['ALL', 'yes', 'yes', 'yes']);
    expect(envRows(d)).toEqual([
      { name: 'REGION', value: 'eu', secret: false, masked: false },
      { name: 'API_TOKEN', value: MASKED_VALUE, secret: true, masked: true },
      // An empty secret hides nothing: not shown as masked.
      { name: 'EMPTY_SECRET', value: '', secret: true, masked: false },
      { name: 'FN_FN_ID', value: 'f1', secret: false, masked: false },
    ]);
    expect(envRows(detail(true))[1]).toEqual({
      name: 'API_TOKEN',
      value: 'tok',
      secret: true,
      masked: false,
    });
    expect(labelRows(d).map(([k]) => k)).toEqual(['io.fnstudio', 'io.fnstudio.fn-id']);
  });
});
