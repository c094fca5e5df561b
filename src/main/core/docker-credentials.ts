// Reads the user's Docker credentials (~/.docker/config.json "auths") for a pull, as the docker CLI would.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AuthConfig {
  username: string;
  password: string;
  serveraddress: string;
}

/** The registry host of an image reference; Docker Hub when the first component is not a host. */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first : 'https://index.docker.io/v1/';
}

export function credentialsFor(
  image: string,
  configDir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'),
): AuthConfig | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const auths = (parsed as { auths?: Record<string, { auth?: string }> }).auths ?? {};
  const registry = registryOf(image);
  const entry = auths[registry] ?? auths[`http://${registry}`] ?? auths[`https://${registry}`];
  if (!entry?.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: registry };
}
