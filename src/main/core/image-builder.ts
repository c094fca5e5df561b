// Builds an image from a folder with a Dockerfile (the classic builder, which needs no BuildKit) and reports each
// line of the build's output as it comes.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';

export class BuildError extends Error {}

/** Every file below `dir`, relative to it (the build context), skipping what .dockerignore-less builds rarely want. */
function contextFiles(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === '.git' || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) contextFiles(path, root, out);
    else out.push(relative(root, path));
  }
  return out;
}

export async function buildImage(
  docker: Docker,
  folder: string,
  tag: string,
  onLine: (line: string) => void,
): Promise<void> {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new BuildError(`${folder} is not a folder this host can read`);
  if (!existsSync(join(folder, 'Dockerfile')))
    throw new BuildError(`${folder} has no Dockerfile: a function folder needs one to be built`);
  const stream = await docker.buildImage(
    { context: folder, src: contextFiles(folder) },
    { t: tag, rm: true },
  );
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = err?.message ?? output.find((o) => o.error)?.error;
        if (failed) reject(new BuildError(`building ${tag} failed: ${failed.trim()}`));
        else resolve();
      },
      (event: { stream?: string; status?: string; error?: string }) => {
        const text = event.stream ?? event.status ?? event.error ?? '';
        for (const line of text.split('\n')) if (line.trim()) onLine(line.replace(/\r$/, ''));
      },
    );
  });
}
