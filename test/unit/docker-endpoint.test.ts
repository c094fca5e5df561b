// Engine endpoints: every DOCKER_HOST form, from the environment, a flag, the saved setting or the docker CLI's
// context, with TLS settings applied alike; Windows pipe paths; what is local.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type EndpointEnv,
  endpointFromEnvironment,
  endpointFromSettings,
  isLocalEndpoint,
  npipePath,
  parseEndpoint,
  resolveEndpoint,
} from '../../src/main/core/docker-endpoint';
import { DockerDriver } from '../../src/main/core/docker-driver';
import { parseStartSettings } from '../../src/main/host/host-settings';

/** A pretend machine: files by path, an environment, a home. */
function machine(
  files: Record<string, string> = {},
  env: NodeJS.ProcessEnv = {},
  platform: NodeJS.Platform = 'linux',
) {
  return {
    env,
    platform,
    home: '/home/ada',
    user: 'ada',
    exists: (p: string) => p in files,
    readFile: (p: string) => files[p],
  } satisfies EndpointEnv;
}
const noTls = { verify: false, certPath: '' };
const ctxDir = (name: string) => createHash('sha256').update(name).digest('hex');

describe('parseEndpoint', () => {
  it('reads unix sockets and named pipes', () => {
    expect(parseEndpoint('unix:///run/user/1000/podman/podman.sock', 'flag', noTls, machine())).toMatchObject(
      {
        kind: 'unix',
        socketPath: '/run/user/1000/podman/podman.sock',
        source: 'flag',
      },
    );
    expect(parseEndpoint('npipe:////./pipe/docker_engine', 'saved', noTls, machine())).toMatchObject({
      kind: 'npipe',
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
    expect(() => parseEndpoint('unix://', 'flag', noTls, machine())).toThrow(/names no socket file/);
  });

  it('turns Docker’s npipe spellings into the paths Node opens', () => {
    expect(npipePath('npipe:////./pipe/docker_engine')).toBe('\\\\.\\pipe\\docker_engine');
    expect(npipePath('npipe:///./pipe/podman-machine-default')).toBe('\\\\.\\pipe\\podman-machine-default');
    expect(npipePath('npipe://\\\\.\\pipe\\dockerDesktopLinuxEngine')).toBe(
      '\\\\.\\pipe\\dockerDesktopLinuxEngine',
    );
    expect(npipePath('npipe://')).toBe('\\\\.\\pipe\\docker_engine');
  });

  it('reads tcp without TLS, with the default port', () => {
    expect(parseEndpoint('tcp://10.0.0.5', 'environment', noTls, machine())).toMatchObject({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
    });
  });

  it('applies TLS from the settings to any tcp address, from whatever source', () => {
    const files = { '/certs/ca.pem': '', '/certs/cert.pem': '', '/certs/key.pem': '' };
    for (const source of ['flag', 'environment', 'saved'] as const) {
      expect(
        parseEndpoint('tcp://engine.lan:2376', source, { verify: true, certPath: '/certs' }, machine(files)),
      ).toMatchObject({
        kind: 'tls',
        source,
        host: 'engine.lan',
        port: 2376,
        tls: { verify: true, ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' },
      });
    }
  });

  it('looks for certificates in ~/.docker when no folder is given, and uses TLS on port 2376', () => {
    const files = { '/home/ada/.docker/ca.pem': '' };
    expect(parseEndpoint('tcp://h', 'flag', { verify: true, certPath: '' }, machine(files))).toMatchObject({
      kind: 'tls',
      port: 2376,
      tls: { dir: '/home/ada/.docker', ca: '/home/ada/.docker/ca.pem', cert: undefined, verify: true },
    });
    expect(parseEndpoint('tcp://h:2376', 'flag', noTls, machine())).toMatchObject({
      kind: 'tls',
      tls: { verify: false },
    });
  });

  it('reads ssh with and without a user and port', () => {
    expect(parseEndpoint('ssh://deploy@build.lan:2200', 'flag', noTls, machine())).toMatchObject({
      kind: 'ssh',
      host: 'build.lan',
      port: 2200,
      username: 'deploy',
    });
    expect(parseEndpoint('ssh://build.lan', 'flag', noTls, machine())).toMatchObject({
      port: 22,
      username: 'ada',
    });
  });

  it('refuses what is no engine address, saying what would be', () => {
    expect(() => parseEndpoint('ftp://x', 'flag', noTls, machine())).toThrow(/unix, npipe, tcp or ssh/);
  });

  it('tells local engines from remote ones', () => {
    const local = (a: string) => isLocalEndpoint(parseEndpoint(a, 'flag', noTls, machine()));
    expect(local('unix:///var/run/docker.sock')).toBe(true);
    expect(local('tcp://127.0.0.1:2375')).toBe(true);
    expect(local('ssh://me@localhost')).toBe(true);
    expect(local('tcp://10.1.1.1:2375')).toBe(false);
    expect(local('ssh://me@build.lan')).toBe(false);
  });

  it('names the engine machine of a remote driver, where its published debug ports are', () => {
    expect(new DockerDriver('tcp://10.1.1.1:2375').remoteHost).toBe('10.1.1.1');
    expect(new DockerDriver('unix:///var/run/docker.sock').remoteHost).toBeUndefined();
  });
});

describe('resolveEndpoint: which engine when nothing is given', () => {
  it('takes the docker CLI’s current context from config.json, with its TLS files', () => {
    const id = ctxDir('remote');
    const files = {
      '/home/ada/.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
      [`/home/ada/.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({
        Name: 'remote',
        Endpoints: { docker: { Host: 'tcp://engine.lan:2376', SkipTLSVerify: false } },
      }),
      [`/home/ada/.docker/contexts/tls/${id}/docker/ca.pem`]: '',
      [`/home/ada/.docker/contexts/tls/${id}/docker/cert.pem`]: '',
      [`/home/ada/.docker/contexts/tls/${id}/docker/key.pem`]: '',
    };
    expect(resolveEndpoint(undefined, noTls, machine(files))).toMatchObject({
      kind: 'tls',
      source: 'context',
      context: 'remote',
      host: 'engine.lan',
      tls: { verify: true, ca: `/home/ada/.docker/contexts/tls/${id}/docker/ca.pem` },
    });
  });

  it('takes DOCKER_CONTEXT over config.json, and an ssh context works too', () => {
    const files = {
      '/home/ada/.docker/config.json': JSON.stringify({ currentContext: 'other' }),
      [`/home/ada/.docker/contexts/meta/${ctxDir('box')}/meta.json`]: JSON.stringify({
        Endpoints: { docker: { Host: 'ssh://me@box' } },
      }),
    };
    expect(resolveEndpoint(undefined, noTls, machine(files, { DOCKER_CONTEXT: 'box' }))).toMatchObject({
      kind: 'ssh',
      source: 'context',
      context: 'box',
      username: 'me',
    });
  });

  it('says which context is missing', () => {
    expect(() => resolveEndpoint(undefined, noTls, machine({}, { DOCKER_CONTEXT: 'gone' }))).toThrow(
      /docker context "gone" \(DOCKER_CONTEXT\) does not exist/,
    );
  });

  it('a given address wins over the context; the default context means the default socket', () => {
    const files = { '/home/ada/.docker/config.json': JSON.stringify({ currentContext: 'default' }) };
    expect(resolveEndpoint({ host: 'unix:///x.sock', source: 'saved' }, noTls, machine(files))).toMatchObject(
      {
        source: 'saved',
        socketPath: '/x.sock',
      },
    );
    expect(resolveEndpoint(undefined, noTls, machine(files))).toMatchObject({
      source: 'default',
      url: 'unix:///var/run/docker.sock',
    });
  });

  it('defaults per platform: Docker Desktop’s user socket where it exists, the named pipe on Windows', () => {
    expect(
      resolveEndpoint(undefined, noTls, machine({ '/home/ada/.docker/run/docker.sock': '' })).socketPath,
    ).toBe('/home/ada/.docker/run/docker.sock');
    expect(resolveEndpoint(undefined, noTls, machine({}, {}, 'win32'))).toMatchObject({
      kind: 'npipe',
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
  });
});

describe('endpoints from the environment, flags and settings alike', () => {
  const files = { '/c/ca.pem': '', '/c/cert.pem': '', '/c/key.pem': '' };
  it('the environment: DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const env = { DOCKER_HOST: 'tcp://e:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' };
    expect(endpointFromEnvironment(machine(files, env))).toMatchObject({
      kind: 'tls',
      source: 'environment',
      tls: { verify: true, ca: '/c/ca.pem' },
    });
  });

  it('a flag and a saved setting get the same TLS treatment', () => {
    const start = parseStartSettings(
      ['--docker-host', 'tcp://e:2376', '--docker-tls-verify', 'on', '--docker-cert-path', '/c'],
      {},
    );
    expect(start.given.flag).toEqual({
      docker_host: 'tcp://e:2376',
      docker_tls_verify: 'on',
      docker_cert_path: '/c',
    });
    const values = { docker_host: 'tcp://e:2376', docker_tls_verify: 'on' as const, docker_cert_path: '/c' };
    for (const source of ['flag', 'saved'] as const)
      expect(endpointFromSettings(values, source, machine(files))).toMatchObject({
        kind: 'tls',
        source,
        tls: { verify: true, cert: '/c/cert.pem' },
      });
  });

  it('reads DOCKER_TLS_VERIFY as the docker CLI does: set is on, 0 or false is off', () => {
    const given = (v: string) => parseStartSettings([], { DOCKER_TLS_VERIFY: v }).given.environment;
    expect(given('1')).toEqual({ docker_tls_verify: 'on' });
    expect(given('yes please')).toEqual({ docker_tls_verify: 'on' });
    expect(given('0')).toEqual({ docker_tls_verify: 'off' });
    expect(() => parseStartSettings(['--docker-tls-verify', 'maybe'], {})).toThrow(/on or off/);
  });

  it('no docker_host: the context, else the default', () => {
    const values = { docker_host: '', docker_tls_verify: 'off' as const, docker_cert_path: '' };
    expect(endpointFromSettings(values, 'default', machine()).source).toBe('default');
  });
});
