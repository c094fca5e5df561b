// Docker credentials: auths entries, per-registry credential helpers and the default store, as the docker CLI reads them.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsFor, registryOf } from '../../src/main/core/docker-credentials';

const dir = mkdtempSync(join(tmpdir(), 'fn-studio-creds-'));
const bin = join(dir, 'bin');
mkdirSync(bin);
// A credential helper speaks JSON on stdout for the registry read from stdin.
writeFileSync(
  join(bin, 'docker-credential-fake'),
  '#!/bin/sh\nread r\necho "{\\"Username\\":\\"helper-$r\\",\\"Secret\\":\\"s3cret\\"}"\n',
);
chmodSync(join(bin, 'docker-credential-fake'), 0o755);
const oldPath = process.env.PATH;
process.env.PATH = `${bin}:${oldPath}`;
afterAll(() => {
  process.env.PATH = oldPath;
});

const withConfig = (config: unknown) => {
  const d = mkdtempSync(join(dir, 'cfg-'));
  writeFileSync(join(d, 'config.json'), JSON.stringify(config));
  return d;
};

describe('docker credentials', () => {
  it('finds the registry of a reference', () => {
    expect(registryOf('alpine:3')).toBe('https://index.docker.io/v1/');
    expect(registryOf('127.0.0.1:5000/x:1')).toBe('127.0.0.1:5000');
    expect(registryOf('ghcr.io/a/b')).toBe('ghcr.io');
    expect(registryOf('library/alpine')).toBe('https://index.docker.io/v1/');
  });

  it('decodes an auths entry', () => {
    const d = withConfig({
      auths: { '127.0.0.1:5000': { auth: Buffer.from('bob:pa:ss').toString('base64') } },
    });
    expect(credentialsFor('127.0.0.1:5000/x:1', d)).toEqual({
      username: 'bob',
      password: 'pa:ss',
      serveraddress: '127.0.0.1:5000',
    });
    expect(credentialsFor('other.io/x:1', d)).toBeUndefined();
  });

  it('asks a per-registry helper, then the default store', () => {
    const d = withConfig({ credHelpers: { 'ghcr.io': 'fake' }, credsStore: 'fake' });
    expect(credentialsFor('ghcr.io/a/b:1', d)).toEqual({
      username: 'helper-ghcr.io',
      password: 's3cret',
      serveraddress: 'ghcr.io',
    });
    expect(credentialsFor('quay.io/a/b:1', d)?.username).toBe('helper-quay.io');
  });

  it('gives nothing without a config', () => {
    expect(credentialsFor('x:1', join(dir, 'missing'))).toBeUndefined();
  });
});
