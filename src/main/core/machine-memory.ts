// This machine's cgroup memory limit, which caps the pool when the engine is local (containers share that budget).
import { readFileSync } from 'node:fs';

export function cgroupMemoryLimitBytes(): number | undefined {
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (text === 'max') return undefined;
      const n = Number(text);
      // cgroup v1 reports "no limit" as a huge number near 2^63.
      if (Number.isFinite(n) && n > 0 && n < 2 ** 60) return n;
    } catch {
      // not on Linux, or no cgroup file: no cap
    }
  }
  return undefined;
}
