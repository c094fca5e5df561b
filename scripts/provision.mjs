// Provides what the test suite needs: Docker Engine (running), Chromium, busybox-static, for pull tests an image
// registry (docker-registry) with htpasswd (apache2-utils), and for the engine matrix openssl (a TLS dockerd's
// certificates) and openssh-server (an ssh:// engine). On Debian as root it installs what is missing with apt and
// starts dockerd, saying so; elsewhere it names what to install, in one line. The registry is never started here:
// each pull test starts its own on a free port.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const say = (msg) => console.log(`[provision] ${msg}`);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isDebianRoot = () => existsSync('/etc/debian_version') && process.getuid?.() === 0;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Debian's name for the distribution registry; test/support/local-registry.ts honours the same override.
export const REGISTRY = process.env.FN_STUDIO_REGISTRY_BIN ?? 'docker-registry';
// test/support/ssh-engine.ts honours the same override.
export const SSHD = process.env.FN_STUDIO_SSHD_BIN ?? '/usr/sbin/sshd';

async function dockerReachable() {
  const Docker = require('dockerode');
  try {
    await new Docker().ping();
    return true;
  } catch {
    return false;
  }
}

export function aptInstall(packages) {
  say(`installing ${packages.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    }).status;
  if (install() === 0) return;
  say('apt-get install failed; refreshing the package lists and trying again');
  spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (install() !== 0) throw new Error(`could not install ${packages.join(', ')} with apt-get`);
}

async function startDockerd() {
  say('Docker Engine is not running: starting dockerd in the background (log: /tmp/fn-studio-dockerd.log)');
  rmSync('/var/run/docker.pid', { force: true });
  const log = openSync('/tmp/fn-studio-dockerd.log', 'a');
  spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] }).unref();
  for (let i = 0; i < 120; i++) {
    if (await dockerReachable()) return say('dockerd is up');
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('dockerd did not answer within 30 s (see /tmp/fn-studio-dockerd.log)');
}

export async function provision() {
  const missing = [];
  const reachable = await dockerReachable();
  if (!reachable && !has('dockerd')) missing.push('docker.io', 'iptables');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync('/bin/busybox') || !isStaticBusybox()) missing.push('busybox-static');
  if (!has(REGISTRY)) missing.push('docker-registry');
  // The registry accepts only bcrypt htpasswd entries; htpasswd -B makes them without an npm dependency.
  if (!has('htpasswd')) missing.push('apache2-utils');
  // The engine matrix starts its own sshd (never the system's) and makes certificates with openssl.
  if (!existsSync(SSHD)) missing.push('openssh-server');
  if (!has('openssl')) missing.push('openssl');
  if (missing.length) {
    if (!isDebianRoot()) {
      throw new Error(
        `missing: ${missing.join(', ')}; install them (Docker Engine, Chromium at ${CHROMIUM}, a static busybox at /bin/busybox, ` +
          `the distribution registry as ${REGISTRY}, htpasswd, openssl, an sshd at ${SSHD}) and run again`,
      );
    }
    aptInstall(missing);
  }
  if (!reachable) {
    if (process.env.DOCKER_HOST || !isDebianRoot()) {
      throw new Error(
        `Docker not reachable at ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}: start Docker (or set DOCKER_HOST) and run again`,
      );
    }
    await startDockerd();
  }
}

function isStaticBusybox() {
  try {
    return !execFileSync('sh', ['-c', 'ldd /bin/busybox 2>&1 || true'], { encoding: 'utf8' }).includes('=>');
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  provision().catch((err) => {
    console.error(`fn-studio test: ${err.message}`);
    process.exit(1);
  });
}
