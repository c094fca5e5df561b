// Reads the user's Docker credentials for a pull as the docker CLI would: ~/.docker/config.json "auths", and the
// credential helpers it names ("credHelpers" per registry, "credsStore" for all).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AuthConfig {
  username: string;
  password: string;
  serveraddress: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const DOCKER_HUB = 'https://index.docker.io/v1/';

/** The registry host of an image reference; Docker Hub when the first component is not a host. */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : DOCKER_HUB;
}

function fromHelper(helper: string, registry: string): AuthConfig | undefined {
  const r = spawnSync(`docker-credential-${helper}`, ['get'], {
    input: registry,
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (r.status !== 0 || !r.stdout) return undefined;
  try {
    const { Username, Secret } = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
    return Username && Secret ? { username: Username, password: Secret, serveraddress: registry } : undefined;
  } catch {
    return undefined;
  }
}

export function credentialsFor(
  image: string,
  configDir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'),
): AuthConfig | undefined {
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const registry = registryOf(image);
  const helper = config.credHelpers?.[registry];
  if (helper) return fromHelper(helper, registry);
  const auths = config.auths ?? {};
  const entry = auths[registry] ?? auths[`http://${registry}`] ?? auths[`https://${registry}`];
  if (entry?.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return {
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        serveraddress: registry,
      };
  }
  return config.credsStore ? fromHelper(config.credsStore, registry) : undefined;
}
