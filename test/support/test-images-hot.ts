// The hot-format test images (http-stream via the real FDK, json, http), all FROM the local node image; built by ensureTestImages.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
// POSIX paths on purpose, as in test-images.ts: image paths are POSIX.
import path from 'node:path/posix';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
// Types only: test-images.ts imports this module, so a runtime import back would be a cycle.
import type { ImageSpec, RootfsEntry } from './test-images';

export const FDK_NODE_IMAGE = 'fn-studio-test/fdk-node:1';
export const NODE_JSON_IMAGE = 'fn-studio-test/node-json:1';
export const NODE_HTTP_IMAGE = 'fn-studio-test/node-http:1';
export const NODE_STREAM_IMAGE = 'fn-studio-test/node-stream:1';
export const NODE_CONN_IMAGE = 'fn-studio-test/node-conn:1';
/** json format; stalls at its memory limit at its first call and never answers. */
export const NODE_FILL_IMAGE = 'fn-studio-test/node-fill:1';
/** Costs what its body asks (`alloc:MB[:holdMs]`, `spin:MS`); json when hot, one call from stdin in `default`. */
export const NODE_USAGE_IMAGE = 'fn-studio-test/node-usage:1';

export interface HotTestImages {
  fdkNode: string;
  nodeJson: string;
  nodeHttp: string;
}

export const HOT_TEST_IMAGES: HotTestImages = {
  fdkNode: FDK_NODE_IMAGE,
  nodeJson: NODE_JSON_IMAGE,
  nodeHttp: NODE_HTTP_IMAGE,
};

const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const PROJECT_NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');
const TEST_FUNCTIONS = path.join(PROJECT_ROOT, 'resources', 'test-functions');
const FUNCTION_CMD = ['node', '/function/func.js'];

/** The specs ensureTestImages builds on top of the node image (its tag and content hash). */
export async function hotImageSpecs(nodeBase: { tag: string; hash: string }): Promise<ImageSpec[]> {
  const functionImage = (tag: string, dir: string): ImageSpec => ({
    tag,
    from: nodeBase,
    entries: [file('/function/func.js', path.join(TEST_FUNCTIONS, dir, 'func.js'))],
    cmd: FUNCTION_CMD,
    workdir: '/function',
  });
  return [
    {
      tag: FDK_NODE_IMAGE,
      from: nodeBase,
      entries: await fdkEntries(),
      cmd: FUNCTION_CMD,
      workdir: '/function',
    },
    functionImage(NODE_JSON_IMAGE, 'node-json'),
    functionImage(NODE_HTTP_IMAGE, 'node-http'),
    functionImage(NODE_STREAM_IMAGE, 'node-stream'),
    functionImage(NODE_CONN_IMAGE, 'node-conn'),
    functionImage(NODE_FILL_IMAGE, 'node-fill'),
    functionImage(NODE_USAGE_IMAGE, 'node-usage'),
  ];
}

/** For callers that want only the hot images: ensureTestImages builds them (and the node image they need). */
export async function ensureHotTestImages(docker?: Docker): Promise<HotTestImages> {
  // Loaded late for the same reason the types above are type-only imports: no module cycle at load time.
  const { ensureTestImages } = await import('./test-images');
  await ensureTestImages(docker);
  return HOT_TEST_IMAGES;
}

function file(name: string, source: string): RootfsEntry {
  return { name, type: 'file', mode: 0o644, source };
}

/** The FDK from this project's node_modules plus its runtime dependencies, and the test function using it. */
async function fdkEntries(): Promise<RootfsEntry[]> {
  const entries = [file('/function/func.js', path.join(TEST_FUNCTIONS, 'fdk-node', 'func.js'))];
  const queue = [path.join(PROJECT_NODE_MODULES, '@fnproject', 'fdk')];
  for (const dir of queue) {
    // Keeps node_modules nesting, so a dependency pinned below another package stays where Node looks for it.
    const target = path.join('/function/node_modules', path.relative(PROJECT_NODE_MODULES, dir));
    for (const source of await listFiles(dir))
      entries.push(file(path.join(target, path.relative(dir, source)), source));
    const manifest: { dependencies?: object } = JSON.parse(await readFile(`${dir}/package.json`, 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const resolved = resolvePackage(dependency, dir);
      if (!queue.includes(resolved)) queue.push(resolved);
    }
  }
  return entries;
}

/** Node's lookup: the nearest node_modules/<name> walking up from the dependent package, within this project. */
function resolvePackage(name: string, fromDir: string): string {
  for (let dir = fromDir; dir.startsWith(PROJECT_ROOT); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`cannot find package ${name} needed by ${fromDir}`);
}

/** Files of a package, sorted for a stable hash; nested node_modules are left to dependency resolution. */
async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const items = await readdir(dir, { withFileTypes: true });
  for (const item of items.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, item.name);
    if (item.isDirectory() && item.name !== 'node_modules') files.push(...(await listFiles(full)));
    else if (item.isFile()) files.push(full);
  }
  return files;
}
