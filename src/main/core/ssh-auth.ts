// How an ssh:// engine is logged into, as ssh does it: the ssh agent (SSH_AUTH_SOCK) and the unencrypted keys in
// ~/.ssh, and the server's host key checked against ~/.ssh/known_hosts where that lists the host.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { AnyAuthMethod } from 'ssh2';
import type { EndpointEnv } from './docker-endpoint';

const KEY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface SshAuth {
  agent?: string;
  keys: Array<{ path: string; key: string }>;
  /** What was tried, for the message when none is accepted. */
  tried: string[];
  hostVerifier: (key: Buffer) => boolean;
  /** Set when the host key did not match known_hosts: the message for that failure. */
  hostKeyProblem?: string;
}

export function sshAuthFor(host: string, port: number, e: EndpointEnv): SshAuth {
  const tried: string[] = [];
  // Windows' OpenSSH agent listens on a named pipe; elsewhere the agent says where in SSH_AUTH_SOCK.
  const agent =
    e.env.SSH_AUTH_SOCK || (e.platform === 'win32' ? '\\\\.\\pipe\\openssh-ssh-agent' : undefined);
  if (agent) tried.push(`the ssh agent (${agent})`);
  const keys: SshAuth['keys'] = [];
  for (const name of KEY_FILES) {
    const path = join(e.home, '.ssh', name);
    const key = e.readFile(path);
    // ssh would ask for a passphrase; a desktop app cannot: encrypted keys are for the agent to hold.
    if (key === undefined || /ENCRYPTED|bcrypt/.test(encryptedMarker(key))) continue;
    keys.push({ path, key });
    tried.push(path);
  }
  const known = e.readFile(join(e.home, '.ssh', 'known_hosts')) ?? '';
  const auth: SshAuth = {
    agent,
    keys,
    tried,
    hostVerifier: (key) => {
      const problem = checkHostKey(known, host, port, key);
      if (problem) auth.hostKeyProblem = problem;
      return !problem;
    },
  };
  return auth;
}

/** The part of a private key file that says whether it is encrypted (OpenSSH keys say so in their header). */
function encryptedMarker(pem: string): string {
  if (/Proc-Type: 4,ENCRYPTED|BEGIN ENCRYPTED PRIVATE KEY/.test(pem)) return 'ENCRYPTED';
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem)?.[1];
  if (!body) return '';
  // openssh-key-v1\0, then the cipher name: "none" for an unencrypted key.
  const raw = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const len = raw.readUInt32BE(15);
  return raw.subarray(19, 19 + len).toString() === 'none' ? '' : 'bcrypt';
}

export function sshAuthMethods(auth: SshAuth, username: string): AnyAuthMethod[] {
  const methods: AnyAuthMethod[] = [];
  if (auth.agent) methods.push({ type: 'agent', username, agent: auth.agent });
  for (const k of auth.keys) methods.push({ type: 'publickey', username, key: k.key });
  return methods;
}

/**
 * A problem with the server's key, or undefined when it may be used: it matches a known_hosts entry for the host, or
 * known_hosts has no entry of its type for the host (first contact, accepted without writing, like ssh's accept-new).
 */
export function checkHostKey(
  knownHosts: string,
  host: string,
  port: number,
  key: Buffer,
): string | undefined {
  const name = port === 22 ? host : `[${host}]:${port}`;
  const type = key.subarray(4, 4 + key.readUInt32BE(0)).toString();
  let sameType = 0;
  for (const line of knownHosts.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (!parts[0] || parts[0].startsWith('#') || parts[0].startsWith('@') || parts.length < 3) continue;
    const [hosts, keyType, blob] = parts;
    if (keyType !== type || !hosts.split(',').some((p) => hostMatches(p, name))) continue;
    sameType++;
    if (Buffer.from(blob, 'base64').equals(key)) return undefined;
  }
  return sameType
    ? `the host key of ${name} does not match the one in ~/.ssh/known_hosts: if the machine was reinstalled, remove its old entry (ssh-keygen -R "${name}")`
    : undefined;
}

function hostMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return pattern === name;
}
