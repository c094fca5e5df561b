// `npm start`: the desktop app. Obtains Electron's binary where it can; where Electron cannot run (no binary,
// no display) it says why in one line and serves the same UI headless instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildIfStale } from './build-if-stale.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

try {
  buildIfStale({ quiet: false });
} catch (err) {
  console.error(`fn-studio: ${err.message}`);
  process.exit(1);
}

/** Resolves Electron's binary, letting the electron package download it on first use. */
function obtainElectron() {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status === 0 && r.stdout) return { path: r.stdout };
  const lines = `${r.stderr ?? ''}`.split('\n').map((l) => l.trim());
  const cause =
    lines.find((l) => /^(\w*Error|Error):/.test(l)) ?? (r.error ? r.error.message : 'unknown error');
  return { reason: `its binary could not be obtained (${cause})` };
}

function displayMissing() {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

const electron = obtainElectron();
const reason =
  electron.reason ?? (displayMissing() ? 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' : undefined);
if (reason) {
  console.error(`Electron cannot run here: ${reason}; serving the same UI headless instead.`);
  require('../out/main/serve.js');
} else {
  const child = spawn(electron.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
