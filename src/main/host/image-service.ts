// Images for the UI: is one present, pull it with progress, or build one from a folder with a Dockerfile; progress
// and build output go out as `image` events.
import type { ImageEvent } from '../../shared/api-contract';
import { ApiError } from '../../shared/errors';
import { DockerDriver } from '../core/docker-driver';
import type { ContainerDriver } from '../core/driver';
import { BuildError, buildImage } from '../core/image-builder';
import type { EventHub } from './event-hub';

export class ImageService {
  constructor(
    private readonly driver: ContainerDriver,
    private readonly events: EventHub,
    /** Told of a tag a build just wrote, before the build resolves: the agent looks at its ID again now. */
    private readonly built: (tag: string) => Promise<void> = async () => undefined,
  ) {}

  private docker(): DockerDriver {
    if (!(this.driver instanceof DockerDriver))
      throw new ApiError('unavailable', 'images are managed only with a Docker Engine');
    return this.driver;
  }

  async present(image: string): Promise<boolean> {
    return this.docker().imagePresent(image);
  }

  /** Pulls with progress events; resolves when the image is here (or already was). */
  async pull(image: string): Promise<void> {
    const publish = (e: Omit<ImageEvent, 'image' | 'kind'>) =>
      this.events.publish('image', { image, kind: 'pull', ...e });
    publish({ status: 'pulling' });
    try {
      await this.docker().ensureImage(image, (p) =>
        publish({
          status: p.status,
          progress: p.total ? { current: p.current ?? 0, total: p.total } : undefined,
        }),
      );
    } catch (err) {
      publish({ status: 'failed', done: true, error: (err as Error).message });
      throw new ApiError('function_error', (err as Error).message);
    }
    publish({ status: 'pulled', done: true });
  }

  /** Builds `tag` from `folder`, each output line an event; resolves with the image's ID when it is built. */
  async build(folder: string, tag: string, signal?: AbortSignal): Promise<string | undefined> {
    const publish = (e: Omit<ImageEvent, 'image' | 'kind'>) =>
      this.events.publish('image', { image: tag, kind: 'build', ...e });
    publish({ status: 'building' });
    try {
      await buildImage(
        this.docker().docker,
        folder,
        tag,
        (line) => publish({ status: 'building', line }),
        signal,
      );
      await this.built(tag);
    } catch (err) {
      publish({ status: 'failed', done: true, error: (err as Error).message });
      if (err instanceof BuildError) throw new ApiError('invalid_input', err.message);
      throw new ApiError('function_error', `building ${tag} failed: ${(err as Error).message}`);
    }
    publish({ status: 'built', done: true });
    return this.docker().imageId(tag);
  }
}
