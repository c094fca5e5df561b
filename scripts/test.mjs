// `npm test`: provide Docker/Chromium/busybox (and Podman, for the engine tests), build, type-check and lint, run
// every vitest project, and end with one line `N passed, N failed` (vitest tests plus the type-check and lint checks).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provision } from './provision.mjs';
import { provisionPodman } from './provision-podman.mjs';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });
let passed = 0;
let failed = 0;

function finish(code) {
  const line = `${passed} passed, ${failed} failed`;
  writeFileSync(join(reports, 'summary.txt'), `${line}\n`);
  console.log(line);
  process.exit(code);
}

function check(name, cmd, args) {
  console.log(`\n[test] ${name}: ${[cmd, ...args].join(' ')}`);
  const ok = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;
  if (ok) passed++;
  else failed++;
  return ok;
}

try {
  await provision();
  provisionPodman();
} catch (err) {
  console.error(`fn-studio test: ${err.message}`);
  failed++;
  finish(1);
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (!check('build', npx, ['electron-vite', 'build'])) finish(1);
writeFileSync(join(root, 'out', '.build-stamp'), new Date().toISOString());
check('type-check', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npm', ['run', '--silent', 'lint']);

const json = join(reports, 'vitest.json');
rmSync(json, { force: true });
const extra = process.argv.slice(2);
const vitest = spawnSync(
  npx,
  ['vitest', 'run', '--project', 'unit', '--project', 'integration', '--project', 'e2e', ...extra],
  { cwd: root, stdio: 'inherit' },
);
if (existsSync(json)) {
  const r = JSON.parse(readFileSync(json, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A file that fails to load (or a failing global setup) has no tests but is a failure all the same.
  const brokenFiles = r.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  failed += brokenFiles;
  if (vitest.status !== 0 && r.numFailedTests === 0 && brokenFiles === 0) failed++;
} else {
  failed++;
}
finish(failed === 0 && vitest.status === 0 ? 0 : 1);
