// An ssh:// engine for tests: this machine's sshd, run as a separate server on a free loopback port with its own host
// key and a generated login key, whose sessions get DOCKER_HOST pointing at a disposable engine (SetEnv), as the
// remote side of an ssh engine would have it. The login key sits in a fresh home folder's .ssh, where Fn Studio (and
// ssh) look for keys; the known_hosts there lists the server's key, so the host key check is exercised too.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = process.env.FN_STUDIO_SSHD_BIN ?? '/usr/sbin/sshd';

export interface SshEngine {
  /** ssh://USER@127.0.0.1:PORT */
  host: string;
  /** A home folder with .ssh/id_ed25519 and .ssh/known_hosts for this server. */
  home: string;
  /** The environment that points Fn Studio at it: DOCKER_HOST, HOME, no ssh agent. */
  env: Record<string, string>;
  destroy(): Promise<void>;
}

const freePort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
};

/** Starts an sshd whose sessions reach the engine at `remoteDockerHost` (a unix:// address on this machine). */
export async function startSshEngine(remoteDockerHost: string): Promise<SshEngine> {
  const dir = mkdtempSync('/tmp/fn-ssh-');
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  keygen(join(dir, 'host_key'));
  keygen(join(home, '.ssh', 'id_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(home, '.ssh', 'id_ed25519.pub')));
  const port = await freePort();
  // The server's key as ssh would have recorded it at a first login.
  const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `SetEnv DOCKER_HOST=${remoteDockerHost}`,
      '',
    ].join('\n'),
  );
  // sshd wants its privilege-separation folder.
  mkdirSync('/run/sshd', { recursive: true });
  let log = '';
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  // Ready when it accepts a connection (it says nothing on stdout when it starts listening).
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null) throw new Error(`sshd exited:\n${log.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`sshd did not listen in 20 s:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const host = `ssh://${userInfo().username}@127.0.0.1:${port}`;
  return {
    host,
    home,
    env: { DOCKER_HOST: host, HOME: home, SSH_AUTH_SOCK: '' },
    async destroy() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
