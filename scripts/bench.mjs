// `npm run bench [-- --quick]`: provides Docker, then runs the benchmark files, each printing ratios against a
// baseline measured in the same run; JSON results land under reports/.
import { spawnSync } from 'node:child_process';
import { provision } from './provision.mjs';

const quick = process.argv.includes('--quick');
try {
  await provision();
} catch (err) {
  console.error(`fn-studio bench: ${err.message}`);
  process.exit(1);
}
const r = spawnSync('npx', ['vitest', 'run', '--project', 'bench', '--reporter', 'default'], {
  stdio: 'inherit',
  env: { ...process.env, FN_STUDIO_BENCH_QUICK: quick ? '1' : '0' },
});
process.exit(r.status ?? 1);
