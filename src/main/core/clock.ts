// An injectable clock so scheduling logic can be tested with fake time.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  // Wall-clock time: it also dates what users read (container and call times), and keeps counting while a laptop
  // sleeps, where a monotonic reading would fall behind.
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};
