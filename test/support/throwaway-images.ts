// Images a test builds (and rebuilds) under a tag of its own, never one of the shared test images, through the
// product's own builder (the path of the UI's Build button); every image built is removed afterwards.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { buildImage } from '../../src/main/core/image-builder';
import { newId } from '../../src/shared/ids';

export class ThrowawayImages {
  private readonly built = new Set<string>();

  constructor(private readonly docker = new Docker()) {}

  /** A tag no other test uses. */
  static uniqueTag(what: string): string {
    return `fn-studio-test/${what}-${newId().toLowerCase()}:dev`;
  }

  /** Builds `tag` from a Dockerfile's text (a build under a tag that exists moves the tag); resolves with the ID. */
  async build(tag: string, dockerfile: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'fn-studio-throwaway-'));
    try {
      await writeFile(join(dir, 'Dockerfile'), dockerfile);
      await buildImage(this.docker, dir, tag, () => undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const { Id } = await this.docker.getImage(tag).inspect();
    this.built.add(Id);
    return Id;
  }

  /** Removes every image built here (its tags with it); call once no container uses them. */
  async removeAll(): Promise<void> {
    for (const id of this.built)
      await this.docker
        .getImage(id)
        .remove({ force: true })
        .catch(() => undefined);
    this.built.clear();
  }
}
