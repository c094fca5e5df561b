// `npm run soak [-- --minutes N]`: the fault-injection mixed run over and over for N minutes (default 10; not part
// of `npm test`), each round checking every invariant; prints each round and the totals at the end.
import { spawnSync } from 'node:child_process';
import { provision } from './provision.mjs';

const i = process.argv.indexOf('--minutes');
const minutes = i >= 0 ? Number(process.argv[i + 1]) : 10;
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('fn-studio soak: --minutes needs a positive number');
  process.exit(2);
}
try {
  await provision();
} catch (err) {
  console.error(`fn-studio soak: ${err.message}`);
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build'], { stdio: 'ignore' });
if (build.status !== 0) {
  console.error('fn-studio soak: the build failed (run npm run build to see why)');
  process.exit(1);
}
const end = Date.now() + minutes * 60_000;
let rounds = 0;
let failed = 0;
const calls = Number(process.env.FN_STUDIO_FAULT_CALLS ?? 2000);
while (Date.now() < end) {
  rounds++;
  const started = Date.now();
  const r = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'integration',
      'test/integration/fault-mixed-run.test.ts',
      '--reporter',
      'dot',
    ],
    { encoding: 'utf8', env: { ...process.env, FN_STUDIO_FAULT_CALLS: String(calls) } },
  );
  const ok = r.status === 0;
  if (!ok) failed++;
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `round ${rounds}: ${calls} calls, ${ok ? 'every invariant held' : 'an invariant FAILED'} (${secs} s)`,
  );
  if (!ok)
    console.log(
      (r.stdout + r.stderr)
        .split('\n')
        .filter((l) => /expected|Error|✗|×|\+ /.test(l))
        .slice(0, 30)
        .join('\n'),
    );
}
console.log(
  `soak: ${rounds} rounds, ${rounds * calls} calls in ${minutes} min — one terminal record each, no log in the wrong call, ` +
    `pool empty and no container left after each round: ${failed === 0 ? 'held every round' : `FAILED in ${failed} round(s)`}`,
);
process.exit(failed === 0 ? 0 : 1);
