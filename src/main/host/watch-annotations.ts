// The watch tie in a function's annotations (a source folder with a Dockerfile, watch on or off), read in one place
// and checked at the registry's boundary: a refused value names its annotation, and nothing of the request is applied.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import { FN_ANNOTATIONS } from '../../shared/fn-annotations';
import type { Fn } from '../../shared/models';

const FOLDER = FN_ANNOTATIONS.sourceFolder;
const WATCH = FN_ANNOTATIONS.watch;

/** The folder the function's image is built from, if one is set. */
export function sourceFolderOf(fn: Pick<Fn, 'annotations'>): string | undefined {
  const folder = fn.annotations[FOLDER];
  return typeof folder === 'string' && folder ? folder : undefined;
}

/** Watch is on: `true`, or the string "true" (what a CLI's key=value may send). */
export function watchOn(fn: Pick<Fn, 'annotations'>): boolean {
  const on = fn.annotations[WATCH];
  return on === true || on === 'true';
}

const refuse = (key: string, why: string): never => {
  throw new ApiError('invalid_input', `annotations: ${key}: ${why}`);
};

/** Why `folder` cannot be built from, or undefined when it can (read now). */
export function folderProblem(folder: string): string | undefined {
  if (!isAbsolute(folder)) return `${folder} must be an absolute path on the host's machine`;
  if (!existsSync(folder)) return `${folder} does not exist on the host's machine`;
  if (!statSync(folder).isDirectory()) return `${folder} is a file, not a folder`;
  try {
    accessSync(folder, constants.R_OK | constants.X_OK);
  } catch {
    return `${folder} cannot be read by the host`;
  }
  if (!existsSync(join(folder, 'Dockerfile'))) return `${folder} has no Dockerfile to build the image from`;
  return undefined;
}

/**
 * Checks the watch annotations of `next` (the function as it would be stored) where they differ from `before` (the
 * stored one; none at creation): a folder that is set must be buildable now; watch must be true or false and, when on,
 * needs a buildable folder and an image tag to build to. A request that changes neither (even one echoing them back,
 * as a CLI may) leaves a folder gone since alone.
 */
export function checkWatchAnnotations(next: Fn, before?: Fn): void {
  const changed = (key: string) =>
    JSON.stringify(next.annotations[key]) !== JSON.stringify(before?.annotations[key]);
  const turnedOn = watchOn(next) && !(before && watchOn(before));
  const retagged = watchOn(next) && before?.image !== next.image;
  if (!changed(FOLDER) && !changed(WATCH) && !retagged) return;
  const folder = next.annotations[FOLDER];
  if (folder !== undefined && (typeof folder !== 'string' || !folder))
    refuse(FOLDER, 'must be the path of a folder with a Dockerfile');
  const watch = next.annotations[WATCH];
  if (watch !== undefined && ![true, false, 'true', 'false'].includes(watch as string))
    refuse(WATCH, 'must be true or false');
  if (typeof folder === 'string' && (changed(FOLDER) || turnedOn)) {
    const problem = folderProblem(folder);
    if (problem) refuse(FOLDER, problem);
  }
  if (!watchOn(next)) return;
  if (folder === undefined) refuse(WATCH, `needs ${FOLDER}: the folder with a Dockerfile to watch`);
  if (next.image.includes('@'))
    refuse(WATCH, `needs an image tag to rebuild, not a digest (${next.image} cannot be built to)`);
}
