// Hot test function for Fn's `json` format that stalls at its memory limit: at its first call it fills its memory to
// just under the container's limit (within 1 MiB, never past it) and never answers. Nothing kills it and no OOM
// notice comes, so only the call's timeout ends it.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, run as-is by node in the image
const { readFileSync, writeSync } = require('node:fs');

// The container's memory use and limit from its cgroup (v2, then v1); undefined where neither can be read.
function cgroupMemory() {
  const read = (file) => {
    try {
      return Number(readFileSync(file, 'utf8').trim());
    } catch {
      return NaN;
    }
  };
  for (const [usage, limit] of [
    ['/sys/fs/cgroup/memory.current', '/sys/fs/cgroup/memory.max'],
    ['/sys/fs/cgroup/memory/memory.usage_in_bytes', '/sys/fs/cgroup/memory/memory.limit_in_bytes'],
  ]) {
    const m = { usage: read(usage), limit: read(limit) };
    if (Number.isFinite(m.usage) && Number.isFinite(m.limit)) return m;
  }
  return undefined;
}

// Held for the rest of the process's life.
const held = [];
const memory = () =>
  cgroupMemory() ?? { usage: process.memoryUsage().rss, limit: Number(process.env.FN_MEMORY) * 1024 * 1024 };

/** Fills memory in steps of 256 KiB (pages really written) while a step still leaves 768 KiB below the limit. */
function fillToLimit() {
  const step = 256 * 1024;
  let m = memory();
  while (m.usage + step <= m.limit - 768 * 1024) {
    held.push(Buffer.alloc(step).fill(1));
    m = memory();
  }
  writeSync(2, `filled to ${m.usage} of ${m.limit} bytes\n`);
}

let filled = false;
process.stdin.on('data', () => {
  if (filled) return;
  filled = true;
  fillToLimit();
});
