// The RAM slice through the whole store with a fake client: the snapshot's samples, then 1 Hz `ram` events.
import { describe, expect, it, vi } from 'vitest';
import type { EventName, StudioClient, StudioEvents } from '../../src/shared/api-contract';
import type { HostStatus, RamSample } from '../../src/shared/models';
import { MAX_RAM_SAMPLES } from '../../src/renderer/src/store/ram-slice';
import { selectLastRamSample } from '../../src/renderer/src/features/ram/ram-selectors';
import { explainWaiting } from '../../src/renderer/src/features/ram/ram-explain';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const status: HostStatus = {
  version: '0.1.0',
  docker: { reachable: true, endpoint: 'unix:///var/run/docker.sock' },
  api_url: 'http://127.0.0.1:8080',
};
const sample = (sec: number, over: Partial<RamSample> = {}): RamSample => ({
  at: new Date(Date.UTC(2026, 10, 28, 10, 0, sec)).toISOString(),
  total_mb: 256,
  used_mb: 0,
  busy_mb: 0,
  idle_mb: 0,
  waiting: 0,
  ...over,
});

function fakeClient(ram: RamSample[]) {
  const listeners = new Map<EventName, Set<(payload: unknown, seq?: number) => void>>();
  const api = {
    getLiveState: vi.fn(async () => ({ seq: 5, status, containers: [], ram, calls: [] })),
    listApps: vi.fn(async () => []),
    listFns: vi.fn(async () => []),
    on: vi.fn(<E extends EventName>(event: E, listener: (payload: StudioEvents[E], seq?: number) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown, seq?: number) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown, seq?: number) => void);
    }),
  };
  const emit = <E extends EventName>(event: E, payload: StudioEvents[E], seq?: number) => {
    for (const l of listeners.get(event) ?? []) l(payload, seq);
  };
  return { client: api as unknown as StudioClient, emit };
}

describe('renderer store: RAM samples', () => {
  it('starts from the snapshot, appends newer events, and ignores ones the snapshot already had', async () => {
    const { client, emit } = fakeClient([sample(0), sample(1, { used_mb: 128, busy_mb: 128 })]);
    const store = createStudioStore(client);
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().ramSamples).toHaveLength(2));

    emit('ram', sample(1, { waiting: 9 }), 4); // older than the snapshot
    emit('ram', sample(2, { used_mb: 256, busy_mb: 256, waiting: 2 }), 6);
    const s = store.getState();
    expect(s.ramSamples.map((r) => r.waiting)).toEqual([0, 0, 2]);
    expect(selectLastRamSample(s)?.used_mb).toBe(256);

    const holders = [128, 128].map((memory_mb, i) => ({
      id: `c${i}`,
      fn_id: 'fn-a',
      image: 'img:1',
      format: 'json' as const,
      state: 'busy' as const,
      calls_served: 0,
      memory_mb,
      started_at: sample(2).at,
    }));
    emit('containers', holders, 7);
    expect(explainWaiting(selectLastRamSample(store.getState()), store.getState().containers)).toContain(
      '2 calls waiting: 256 of 256 MB held by 2 containers of 128 MB',
    );
  });

  it('keeps only the last 5 minutes of 1 Hz samples', () => {
    const store = createStudioStore(fakeClient([]).client);
    for (let i = 0; i < MAX_RAM_SAMPLES + 20; i++)
      store.getState().addRamSample(sample(i % 60, { used_mb: i }));
    const samples = store.getState().ramSamples;
    expect(samples).toHaveLength(MAX_RAM_SAMPLES);
    expect(samples[0].used_mb).toBe(20);
    expect(selectLastRamSample(store.getState())?.used_mb).toBe(MAX_RAM_SAMPLES + 19);
  });
});
