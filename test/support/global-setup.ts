// Global setup of the Docker-backed projects: the engine must answer (a failure, never a skip), and the test images exist.
import Docker from 'dockerode';
import { ensureTestImages } from './test-images';
import { ensureHotTestImages } from './test-images-hot';

export default async function setup(): Promise<void> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `Docker not reachable at ${process.env.DOCKER_HOST ?? 'the default socket'} (${(err as Error).message}): ` +
        'integration and e2e tests need a running Docker Engine (npm test starts one on Debian as root)',
      { cause: err },
    );
  }
  await ensureTestImages(docker);
  await ensureHotTestImages(docker);
}
