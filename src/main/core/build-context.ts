// What of a function folder goes into its image's build context: every file but .git, node_modules and what the
// folder's .dockerignore excludes. One rule, for the builder (what it sends) and the watcher (what may rebuild).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import dockerIgnore from '@balena/dockerignore';

/** Folders never sent: version control and installed packages (rebuilt inside the image, and they churn). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules']);
/** The files the engine needs whatever .dockerignore says (Docker sends them even when they are ignored). */
export const BUILD_FILES: ReadonlySet<string> = new Set(['Dockerfile', '.dockerignore']);

/** A path relative to the folder in the form .dockerignore patterns use: forward slashes. */
export function contextPath(folder: string, path: string): string {
  return relative(folder, path).split(sep).join('/');
}

/** Whether a path relative to `folder` (forward slashes) is in its build context, by the .dockerignore read now. */
export function contextFilter(folder: string): (rel: string) => boolean {
  const rules = ignoreRules(folder);
  return (rel) => {
    if (rel === '' || BUILD_FILES.has(rel)) return true;
    if (rel.split('/').some((part) => SKIPPED_FOLDERS.has(part))) return false;
    return !rules?.ignores(rel);
  };
}

/** The folder's .dockerignore rules; none when it has none (or it vanished while being read). */
function ignoreRules(folder: string) {
  const file = join(folder, '.dockerignore');
  try {
    return existsSync(file) ? dockerIgnore({ ignorecase: false }).add(readFileSync(file, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

/** Every file of the build context, relative to `folder`. */
export function contextFiles(folder: string): string[] {
  const inContext = contextFilter(folder);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED_FOLDERS.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (inContext(contextPath(folder, path))) out.push(contextPath(folder, path));
    }
  };
  walk(folder);
  return out;
}
