// ssh engines log in as ssh does: agent, then unencrypted keys in ~/.ssh; host keys checked against known_hosts.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EndpointEnv } from '../../src/main/core/docker-endpoint';
import { checkHostKey, sshAuthFor, sshAuthMethods } from '../../src/main/core/ssh-auth';

/** An SSH wire-format public key blob: string type, then key bytes. */
function blob(type: string, body = randomBytes(32)): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  const blen = Buffer.alloc(4);
  blen.writeUInt32BE(body.length);
  return Buffer.concat([len, t, blen, body]);
}
const line = (hosts: string, key: Buffer) => `${hosts} ssh-ed25519 ${key.toString('base64')}`;

function openSshKey(cipher: string): string {
  const name = Buffer.from(cipher);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  const raw = Buffer.concat([Buffer.from('openssh-key-v1\0'), len, name, randomBytes(40)]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${raw.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

const env = (files: Record<string, string>, vars: NodeJS.ProcessEnv = {}): EndpointEnv => ({
  env: vars,
  platform: 'linux',
  home: '/home/ada',
  user: 'ada',
  exists: (p) => p in files,
  readFile: (p) => files[p],
});

describe('ssh keys', () => {
  it('tries the agent first, then the unencrypted keys in ~/.ssh, skipping encrypted ones', () => {
    const auth = sshAuthFor(
      'h',
      22,
      env(
        {
          '/home/ada/.ssh/id_ed25519': openSshKey('aes256-ctr'),
          '/home/ada/.ssh/id_rsa': openSshKey('none'),
        },
        { SSH_AUTH_SOCK: '/tmp/agent.sock' },
      ),
    );
    expect(auth.tried).toEqual(['the ssh agent (/tmp/agent.sock)', '/home/ada/.ssh/id_rsa']);
    expect(sshAuthMethods(auth, 'ada').map((m) => m.type)).toEqual(['agent', 'publickey']);
  });

  it('uses Windows’ OpenSSH agent pipe when SSH_AUTH_SOCK is not set', () => {
    const auth = sshAuthFor('h', 22, { ...env({}), platform: 'win32' });
    expect(auth.agent).toBe('\\\\.\\pipe\\openssh-ssh-agent');
  });
});

describe('host keys', () => {
  const key = blob('ssh-ed25519');
  it('accepts a key known_hosts lists for the host, by name or [name]:port', () => {
    expect(checkHostKey(line('box', key), 'box', 22, key)).toBeUndefined();
    expect(checkHostKey(line('other,[box]:2200', key), 'box', 2200, key)).toBeUndefined();
  });

  it('accepts hashed entries', () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[box]:2200').digest('base64');
    expect(
      checkHostKey(line(`|1|${salt.toString('base64')}|${hash}`, key), 'box', 2200, key),
    ).toBeUndefined();
  });

  it('refuses a changed key, saying how to forget the old one', () => {
    expect(checkHostKey(line('box', blob('ssh-ed25519')), 'box', 22, key)).toMatch(
      /does not match.*ssh-keygen -R "box"/,
    );
  });

  it('accepts a host it has never seen (first contact), and a key of another type', () => {
    expect(checkHostKey('', 'box', 22, key)).toBeUndefined();
    expect(
      checkHostKey(line('box', blob('ssh-ed25519')), 'box', 22, blob('ecdsa-sha2-nistp256')),
    ).toBeUndefined();
  });
});
