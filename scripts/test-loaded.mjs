// `npm run test:loaded [-- --runs N]`: the whole suite (`npm test`) N times in a row (default 3) while one core is kept
// busy by a competing process, to prove the suite waits on states rather than on timing. Stops at the first failing
// run; ends with one line per run and a closing `N runs passed, N failed`.
import { fork, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

if (process.argv.includes('--burn')) {
  for (;;); // the busy loop is the point
}

const root = new URL('..', import.meta.url).pathname;
const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('fn-studio test:loaded: --runs takes a whole number of runs, 1 or more');
  process.exit(2);
}

// A child spinning on one core for as long as the runs last: the competing load (no stress tool needed).
const burner = fork(new URL(import.meta.url).pathname, ['--burn'], { stdio: 'ignore' });
const stopBurner = () => burner.kill('SIGKILL');
process.on('exit', stopBurner);

const results = [];
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  console.log(`\n[test:loaded] run ${run} of ${runs}, one of ${cpus().length} cores kept busy`);
  const r = spawnSync('node', ['scripts/test.mjs'], { cwd: root, stdio: 'inherit' });
  const summary = readFileSync(join(root, 'reports', 'summary.txt'), 'utf8').trim();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  results.push({ run, ok: r.status === 0, line: `run ${run}: ${summary} in ${minutes} min` });
  if (r.status !== 0) break;
}
stopBurner();
for (const r of results) console.log(`[test:loaded] ${r.line}`);
const good = results.filter((r) => r.ok).length;
console.log(`${good} runs passed, ${results.length - good} failed`);
process.exit(good === runs ? 0 : 1);
