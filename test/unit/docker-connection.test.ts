// Endpoints as dockerode options: sockets and pipes, plain tcp, TLS with its files read (and named when missing),
// ssh through the shared tunnel's agent.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionFor } from '../../src/main/core/docker-connection';
import { type EndpointEnv, parseEndpoint } from '../../src/main/core/docker-endpoint';

const noTls = { verify: false, certPath: '' };
const env: EndpointEnv = {
  env: {},
  platform: 'linux',
  home: '/nonexistent-home',
  user: 'ada',
  exists: () => false,
  readFile: () => undefined,
};

describe('connectionFor', () => {
  it('gives the socket or pipe path as is', () => {
    expect(connectionFor(parseEndpoint('unix:///x.sock', 'flag', noTls), env).options).toEqual({
      socketPath: '/x.sock',
    });
    expect(
      connectionFor(parseEndpoint('npipe:////./pipe/docker_engine', 'flag', noTls), env).options,
    ).toEqual({
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
  });

  it('reads the TLS files into an agent that verifies when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fn-certs-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${f} content`);
    const c = connectionFor(parseEndpoint('tcp://h:2376', 'flag', { verify: true, certPath: dir }), env);
    expect(c.options).toMatchObject({ protocol: 'https', host: 'h', port: 2376 });
    expect(String(c.options.ca)).toBe('ca.pem content');
    expect(
      (c.options.agent as unknown as { options: { rejectUnauthorized: boolean } }).options,
    ).toMatchObject({
      rejectUnauthorized: true,
      keepAlive: true,
    });
    c.close();
  });

  it('names what is missing: ca.pem when verifying, a key without its certificate', () => {
    const empty = mkdtempSync(join(tmpdir(), 'fn-certs-'));
    expect(() =>
      connectionFor(parseEndpoint('tcp://h:2376', 'flag', { verify: true, certPath: empty })),
    ).toThrow(new RegExp(`${empty} has no ca\\.pem`));
    writeFileSync(join(empty, 'key.pem'), 'k');
    expect(() =>
      connectionFor(parseEndpoint('tcp://h:2376', 'flag', { verify: false, certPath: empty })),
    ).toThrow(/key\.pem but no cert\.pem/);
  });

  it('carries ssh over the tunnel’s agent as plain HTTP', () => {
    const c = connectionFor(parseEndpoint('ssh://me@box', 'flag', noTls), env);
    expect(c.options).toMatchObject({ protocol: 'http' });
    expect(c.options.agent).toBe(c.ssh?.tunnel.agent);
    expect(c.ssh?.auth.tried).toEqual([]);
    c.close();
  });
});
