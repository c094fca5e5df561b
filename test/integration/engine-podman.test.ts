// The core calls on Podman's Docker-compatible API (rootful, on this machine: it shares its files, so http-stream runs
// direct), besides the main engine the other integration tests use.
import { copyImages } from '../support/engine-images';
import { startPodmanService } from '../support/podman-service';
import { CORE_SUBSET_IMAGES, defineCoreSubset } from './engines/core-subset';

defineCoreSubset({
  name: 'Podman',
  kind: 'podman',
  sharesFilesystem: true,
  async setup() {
    const podman = await startPodmanService();
    try {
      await copyImages(podman.docker, CORE_SUBSET_IMAGES);
    } catch (err) {
      await podman.stop();
      throw err;
    }
    return { dockerHost: podman.host, teardown: () => podman.stop() };
  },
});
