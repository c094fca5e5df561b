// The engines besides the main one that the engine matrix runs against: a TLS dockerd on loopback and an sshd whose
// sessions reach that same dockerd, with the test images moved in (docker save | docker load).
import { execFileSync } from 'node:child_process';
import type { ServedEngine } from '../integration/engines/serve-subset';
import { type SshEngine, startSshEngine } from './ssh-engine';
import { startTlsDockerd, type TlsDockerd } from './tls-dockerd';

/** Copies images from the main engine into another (by its DOCKER_HOST), as `docker save | docker load`. */
export function copyImages(images: string[], toUnixHost: string): void {
  if (images.length === 0) return;
  execFileSync(
    'sh',
    ['-c', `docker save "$@" | DOCKER_HOST=${toUnixHost} docker load -q >/dev/null`, 'sh', ...images],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

export interface ExtraEngines {
  tls: ServedEngine;
  ssh: ServedEngine;
  destroy(): Promise<void>;
}

export async function startExtraEngines(images: string[]): Promise<ExtraEngines> {
  let dockerd: TlsDockerd | undefined;
  let sshd: SshEngine | undefined;
  try {
    dockerd = await startTlsDockerd();
    copyImages(images, dockerd.unixHost);
    sshd = await startSshEngine(dockerd.unixHost);
  } catch (err) {
    await sshd?.destroy();
    await dockerd?.destroy();
    throw err;
  }
  const d = dockerd;
  const s = sshd;
  return {
    tls: { name: 'TLS dockerd', dockerHost: d.host, env: d.env, docker: d.docker },
    ssh: {
      name: 'ssh engine',
      dockerHost: s.host,
      env: { ...s.env, FN_STUDIO_HTTP_STREAM_MODE: 'relay' },
      docker: d.docker,
    },
    async destroy() {
      await s.destroy();
      await d.destroy();
    },
  };
}
