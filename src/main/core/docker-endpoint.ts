// Which Docker Engine to talk to, and how: every DOCKER_HOST form (unix, npipe, tcp with or without TLS, ssh) from a
// flag, the environment or the saved setting, else the docker CLI's current context, else the platform's default.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

export type EndpointKind = 'unix' | 'npipe' | 'tcp' | 'tls' | 'ssh';
/** Where the address came from: as a setting's source, the docker CLI's current context, or the platform default. */
export type EndpointSource = 'flag' | 'environment' | 'saved' | 'context' | 'default';

export interface TlsFiles {
  /** The folder the files were looked for in (for messages). */
  dir: string;
  ca?: string;
  cert?: string;
  key?: string;
  /** Check the engine's certificate against `ca` (DOCKER_TLS_VERIFY); off is Docker's `--tls` without verify. */
  verify: boolean;
}

export interface EngineEndpoint {
  /** The address as DOCKER_HOST spells it. */
  url: string;
  kind: EndpointKind;
  source: EndpointSource;
  /** The docker CLI context it came from, when it did. */
  context?: string;
  /** unix: the socket file; npipe: the pipe as Node opens it (\\.\pipe\name). */
  socketPath?: string;
  host?: string;
  port?: number;
  /** ssh: the user to log in as (the URL's, else this machine's user, as ssh does). */
  username?: string;
  tls?: TlsFiles;
}

/** The TLS settings given with the address: DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or their settings. */
export interface TlsSettings {
  verify: boolean;
  /** The folder of ca.pem, cert.pem and key.pem; empty for ~/.docker, as the docker CLI. */
  certPath: string;
}

export interface EndpointEnv {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  user: string;
  exists(path: string): boolean;
  readFile(path: string): string | undefined;
}

export const systemEndpointEnv = (): EndpointEnv => ({
  env: process.env,
  platform: process.platform,
  home: homedir(),
  user: safeUser(),
  exists: existsSync,
  readFile: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
});

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'root';
  }
}

export class EndpointError extends Error {}

export const WINDOWS_DEFAULT = 'npipe:////./pipe/docker_engine';
export const UNIX_DEFAULT = 'unix:///var/run/docker.sock';

/**
 * The engine to use: `given` (a flag, the environment or a saved setting, with its source) wins; without it, the
 * docker CLI's current context (DOCKER_CONTEXT, else `currentContext` in ~/.docker/config.json); without that, the
 * platform's default socket (Docker Desktop's per-user socket where it exists).
 */
export function resolveEndpoint(
  given: { host: string; source: EndpointSource } | undefined,
  tls: TlsSettings,
  e: EndpointEnv = systemEndpointEnv(),
): EngineEndpoint {
  if (given?.host) return parseEndpoint(given.host, given.source, tls, e);
  const ctx = currentContext(e);
  if (ctx) return ctx;
  if (e.platform === 'win32') return parseEndpoint(WINDOWS_DEFAULT, 'default', tls, e);
  const desktop = join(e.home, '.docker', 'run', 'docker.sock');
  return parseEndpoint(e.exists(desktop) ? `unix://${desktop}` : UNIX_DEFAULT, 'default', tls, e);
}

/** A DOCKER_HOST-style address to an endpoint; TLS applies to tcp:// (and https://) only. */
export function parseEndpoint(
  address: string,
  source: EndpointSource,
  tls: TlsSettings,
  e: EndpointEnv = systemEndpointEnv(),
): EngineEndpoint {
  const scheme = /^([a-z]+):\/\//.exec(address)?.[1];
  if (scheme === 'unix') {
    const path = address.slice('unix://'.length);
    if (!path) throw new EndpointError(`${address} names no socket file (e.g. unix:///var/run/docker.sock)`);
    return { url: address, kind: 'unix', source, socketPath: path };
  }
  if (scheme === 'npipe') return { url: address, kind: 'npipe', source, socketPath: npipePath(address) };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new EndpointError(`${address} is not an engine address (unix://, npipe://, tcp://, ssh://)`);
  }
  if (!url.hostname) throw new EndpointError(`${address} names no host`);
  if (scheme === 'ssh') {
    return {
      url: address,
      kind: 'ssh',
      source,
      host: url.hostname,
      port: Number(url.port || 22),
      username: decodeURIComponent(url.username) || e.user,
    };
  }
  if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https')
    throw new EndpointError(`${address}: unknown scheme ${scheme ?? '(none)'} (unix, npipe, tcp or ssh)`);
  const port = Number(url.port || (scheme === 'https' || tls.verify ? 2376 : 2375));
  // TLS as the docker CLI and dockerode decide it: asked for (verify, https://, a cert folder), or Docker's TLS port.
  const useTls = tls.verify || scheme === 'https' || tls.certPath !== '' || port === 2376;
  const base = { url: address, source, host: url.hostname, port };
  if (!useTls) return { ...base, kind: 'tcp' };
  return { ...base, kind: 'tls', tls: tlsFiles(tls.certPath || join(e.home, '.docker'), tls.verify, e) };
}

function tlsFiles(dir: string, verify: boolean, e: EndpointEnv): TlsFiles {
  const file = (name: string) => (e.exists(join(dir, name)) ? join(dir, name) : undefined);
  return { dir, ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem'), verify };
}

/** npipe:////./pipe/docker_engine (Docker's spelling; any number of slashes) → \\.\pipe\docker_engine. */
export function npipePath(address: string): string {
  const rest = address.slice('npipe:'.length).replace(/^[/\\]+/, '');
  if (!rest) return '\\\\.\\pipe\\docker_engine';
  return `\\\\${rest.replace(/\//g, '\\')}`;
}

/** The docker CLI's current context as an endpoint; undefined for the `default` context or none. */
export function currentContext(e: EndpointEnv): EngineEndpoint | undefined {
  const dockerDir = e.env.DOCKER_CONFIG || join(e.home, '.docker');
  let name = e.env.DOCKER_CONTEXT;
  if (!name) {
    const config = e.readFile(join(dockerDir, 'config.json'));
    try {
      name = config ? (JSON.parse(config) as { currentContext?: string }).currentContext : undefined;
    } catch {
      throw new EndpointError(`${join(dockerDir, 'config.json')} is not valid JSON`);
    }
  }
  if (!name || name === 'default') return undefined;
  // The docker CLI keeps each context under the SHA-256 of its name.
  const id = createHash('sha256').update(name).digest('hex');
  const metaPath = join(dockerDir, 'contexts', 'meta', id, 'meta.json');
  const meta = e.readFile(metaPath);
  if (meta === undefined)
    throw new EndpointError(
      `the docker context "${name}" (${e.env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : 'currentContext in config.json'}) does not exist: ${metaPath} is missing`,
    );
  let endpoint: { Host?: string; SkipTLSVerify?: boolean } | undefined;
  try {
    endpoint = (JSON.parse(meta) as { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } })
      .Endpoints?.docker;
  } catch {
    throw new EndpointError(`${metaPath} (docker context "${name}") is not valid JSON`);
  }
  if (!endpoint?.Host) throw new EndpointError(`the docker context "${name}" has no docker endpoint`);
  const tlsDir = join(dockerDir, 'contexts', 'tls', id, 'docker');
  const hasTls = e.exists(join(tlsDir, 'ca.pem')) || e.exists(join(tlsDir, 'cert.pem'));
  const tls: TlsSettings = hasTls
    ? { verify: !endpoint.SkipTLSVerify, certPath: tlsDir }
    : { verify: false, certPath: '' };
  return { ...parseEndpoint(endpoint.Host, 'context', tls, e), context: name };
}

/** Whether the engine runs on this machine (its socket or pipe here, or a loopback address). */
export function isLocalEndpoint(ep: EngineEndpoint): boolean {
  if (ep.kind === 'unix' || ep.kind === 'npipe') return true;
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(ep.host ?? '');
}

/** Words for where the address came from, for the settings view and messages. */
export function describeSource(ep: EngineEndpoint): string {
  switch (ep.source) {
    case 'context':
      return `docker context "${ep.context}"`;
    case 'default':
      return 'platform default';
    case 'flag':
      return '--docker-host';
    case 'environment':
      return 'DOCKER_HOST';
    default:
      return 'saved setting';
  }
}

/** DOCKER_TLS_VERIFY as the docker CLI reads it: set is on, except the values that plainly say off. */
export const tlsVerifyFromEnv = (value: string | undefined): boolean =>
  value !== undefined && value !== '' && !/^(off|0|false|no)$/i.test(value.trim());

/** The endpoint the environment names, as the docker CLI resolves it (DOCKER_HOST, its TLS variables, the context). */
export function endpointFromEnvironment(e: EndpointEnv = systemEndpointEnv()): EngineEndpoint {
  const host = e.env.DOCKER_HOST ?? '';
  return resolveEndpoint(
    host ? { host, source: 'environment' } : undefined,
    { verify: tlsVerifyFromEnv(e.env.DOCKER_TLS_VERIFY), certPath: e.env.DOCKER_CERT_PATH ?? '' },
    e,
  );
}

/** The endpoint the settings in effect name: docker_host with its source, and the TLS settings beside it. */
export function endpointFromSettings(
  v: { docker_host: string; docker_tls_verify: 'on' | 'off'; docker_cert_path: string },
  hostSource: 'flag' | 'environment' | 'saved' | 'default',
  e: EndpointEnv = systemEndpointEnv(),
): EngineEndpoint {
  return resolveEndpoint(
    v.docker_host && hostSource !== 'default' ? { host: v.docker_host, source: hostSource } : undefined,
    { verify: v.docker_tls_verify === 'on', certPath: v.docker_cert_path },
    e,
  );
}
