// A missing or wrong engine, for real, gets a message naming the endpoint and what to check: a socket that is not
// there, plain http to a TLS engine, a TLS handshake with the wrong CA or no client certificate, an ssh login with a
// key the server does not know, a changed host key, and no sshd at the address.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerDriver } from '../../../src/main/core/docker-driver';
import { parseEndpoint, type TlsSettings } from '../../../src/main/core/docker-endpoint';
import { type ExtraEngines, startExtraEngines } from '../../support/extra-engines';
import { makeCertificates } from '../../support/tls-dockerd';

let extra: ExtraEngines;
let scratch: string;
beforeAll(async () => {
  extra = await startExtraEngines([]);
  scratch = mkdtempSync(join(tmpdir(), 'fn-engine-failures-'));
}, 300_000);
afterAll(async () => {
  await extra?.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

const noTls: TlsSettings = { verify: false, certPath: '' };
/** What ping fails with, with HOME (where ssh keys are looked for) pointing at `home` while the driver is made. */
async function failure(address: string, tls = noTls, home?: string): Promise<string> {
  const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
  if (home) Object.assign(process.env, { HOME: home, SSH_AUTH_SOCK: '' });
  const d = new DockerDriver(parseEndpoint(address, 'flag', tls));
  Object.assign(process.env, saved);
  try {
    await d.ping();
    return 'no failure';
  } catch (err) {
    return (err as Error).message;
  } finally {
    d.close();
  }
}
/** A home folder with the ssh engine's known_hosts and a key of its own (or the engine's). */
function home(name: string, opts: { ownKey?: boolean; knownHosts?: string } = {}): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, '.ssh'), { recursive: true });
  const ssh = join(extra.ssh.env.HOME, '.ssh');
  if (opts.ownKey)
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, '.ssh', 'id_ed25519')]);
  else copyFileSync(join(ssh, 'id_ed25519'), join(dir, '.ssh', 'id_ed25519'));
  if (opts.knownHosts !== undefined) writeFileSync(join(dir, '.ssh', 'known_hosts'), opts.knownHosts);
  else copyFileSync(join(ssh, 'known_hosts'), join(dir, '.ssh', 'known_hosts'));
  return dir;
}

describe('engine failures, each named with what to check', () => {
  it('a unix socket that is not there', async () => {
    expect(await failure(`unix://${scratch}/none.sock`)).toMatch(
      /^no Docker Engine at unix:\/\/.*does not exist/,
    );
  });

  it('plain http to an engine that speaks TLS', async () => {
    expect(await failure(extra.tls.dockerHost)).toMatch(/speaks TLS.*DOCKER_TLS_VERIFY/);
  });

  it('TLS with a CA that did not sign the engine’s certificate', async () => {
    const other = join(scratch, 'other-ca');
    mkdirSync(other);
    makeCertificates(other);
    expect(await failure(extra.tls.dockerHost, { verify: true, certPath: other })).toMatch(
      new RegExp(`TLS handshake with 127\\.0\\.0\\.1:\\d+ failed .*${other}`),
    );
  });

  it('TLS without a client certificate the engine accepts', async () => {
    const caOnly = join(scratch, 'ca-only');
    mkdirSync(caOnly);
    copyFileSync(join(extra.tls.env.DOCKER_CERT_PATH, 'ca.pem'), join(caOnly, 'ca.pem'));
    expect(await failure(extra.tls.dockerHost, { verify: true, certPath: caOnly })).toMatch(
      /TLS (handshake|connection).*(failed|closed)/,
    );
  });

  it('TLS verification on but no ca.pem', async () => {
    expect(await failure(extra.tls.dockerHost, { verify: true, certPath: join(scratch, 'empty') })).toMatch(
      /has no ca\.pem: set DOCKER_CERT_PATH/,
    );
  });

  it('an ssh login with a key the server does not know', async () => {
    expect(await failure(extra.ssh.dockerHost, noTls, home('stranger', { ownKey: true }))).toMatch(
      /ssh login to \S+@127\.0\.0\.1:\d+ failed .*id_ed25519.*authorized_keys/,
    );
  });

  it('an ssh server whose host key changed', async () => {
    const port = new URL(extra.ssh.dockerHost).port;
    const fake = `[127.0.0.1]:${port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`;
    expect(await failure(extra.ssh.dockerHost, noTls, home('changed', { knownHosts: fake }))).toMatch(
      /host key of \[127\.0\.0\.1\]:\d+ does not match.*ssh-keygen -R/,
    );
  });

  it('no sshd at the address', async () => {
    expect(await failure('ssh://me@127.0.0.1:9', noTls, home('nosshd'))).toMatch(
      /nothing listens at 127\.0\.0\.1:9 .*sshd/,
    );
  });

  it('works when all is right (the same helpers, no failure)', async () => {
    expect(await failure(extra.ssh.dockerHost, noTls, home('right'))).toBe('no failure');
  });
});
