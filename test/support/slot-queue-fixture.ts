// A slot queue on a manual clock whose launches the test finishes by hand, for unit tests of its decisions.
import type { HotContainer } from '../../src/main/core/hot-container';
import { SlotQueue, type Launch } from '../../src/main/core/slot-queue';
import { FakeClock } from './fake-driver';

/** A launch the queue started: `resolve` hands it its container; the queue's own marks (reservedAt…) are on it. */
export type ManualLaunch = Launch & { resolve: (c: HotContainer) => void };

/** cap: the most containers the queue runs at once (unlimited when absent). */
export function slotQueueFixture(opts: { cap?: number } = {}) {
  const clock = new FakeClock();
  const launches: ManualLaunch[] = [];
  const queue = new SlotQueue(
    'k',
    () => {
      let resolve!: (c: HotContainer) => void;
      const done = new Promise<HotContainer>((r) => (resolve = r));
      const launch: ManualLaunch = { abort() {}, done, resolve };
      launches.push(launch);
      return launch;
    },
    () => {},
    () => {},
    clock,
    undefined,
    undefined,
    opts.cap,
  );
  /** A stand-in container; set `alive` false to have it die. */
  const container = (name: string) => ({ name, alive: true }) as unknown as HotContainer & { alive: boolean };
  return { clock, launches, queue, container, never: new AbortController().signal };
}
