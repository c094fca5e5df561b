// Provides Podman for the engine tests, which run the core calls on its Docker-compatible API besides the main
// engine: on Debian as root it installs podman and catatonit (the init a container started with Docker's `Init: true`
// needs under Podman, a Recommends that --no-install-recommends skips) when missing, saying so. The API service is
// not started here: the Podman test starts its own, on its own socket with its own containers.conf.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall } from './provision.mjs';

const say = (msg) => console.log(`[provision] ${msg}`);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

export function provisionPodman() {
  const missing = ['podman', 'catatonit'].filter((cmd) => !has(cmd));
  if (missing.length === 0) return;
  // netavark: the network stack podman chooses where it is installed (it comes as a Recommends, skipped here too).
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0)
    return aptInstall([...missing, ...(missing.includes('podman') ? ['netavark'] : [])]);
  say(
    `missing ${missing.join(', ')}: the Podman engine tests are skipped (they fail where CI is set); install them to run those`,
  );
}
