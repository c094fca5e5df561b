// Builds an image from a folder with a Dockerfile (the classic builder, which needs no BuildKit) and reports each
// line of the build's output as it comes.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { contextFiles } from './build-context';

export class BuildError extends Error {}

export async function buildImage(
  docker: Docker,
  folder: string,
  tag: string,
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new BuildError(`${folder} is not a folder this host can read`);
  if (!existsSync(join(folder, 'Dockerfile')))
    throw new BuildError(`${folder} has no Dockerfile: a function folder needs one to be built`);
  const stream = await docker.buildImage(
    { context: folder, src: contextFiles(folder) },
    { t: tag, rm: true, abortSignal: signal },
  );
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = err?.message ?? output.find((o) => o.error)?.error;
        // The engine's own words, without the API client's "(HTTP code 400) unexpected - " in front.
        if (failed) {
          const words = failed.replace(/^\(HTTP code \d+\) [\w ]+ - /, '').trim();
          reject(new BuildError(`building ${tag} failed: ${words}`));
        } else resolve();
      },
      (event: { stream?: string; status?: string; error?: string }) => {
        const text = event.stream ?? event.status ?? event.error ?? '';
        for (const line of text.split('\n')) if (line.trim()) onLine(line.replace(/\r$/, ''));
      },
    );
  });
}
