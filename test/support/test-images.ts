// Builds the Docker images integration tests run, from local files only (no registry): busybox, node, and the hot ones.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
// POSIX paths on purpose: image paths are POSIX, and this only runs where ldd and a Linux Docker Engine are.
import path from 'node:path/posix';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { HOT_TEST_IMAGES, hotImageSpecs, type HotTestImages } from './test-images-hot';

/** Bump when the way images are assembled changes, so stale images are rebuilt even if no input file changed. */
export const TEST_IMAGES_VERSION = 1;
export const TEST_IMAGE_HASH_LABEL = 'dev.fn-studio.test-image.hash';
export const BUSYBOX_IMAGE = 'fn-studio-test/busybox:1';
export const BUSYBOX_FAIL_IMAGE = 'fn-studio-test/busybox-fail:1';
export const BUSYBOX_SLEEP_IMAGE = 'fn-studio-test/busybox-sleep:1';
export const BUSYBOX_OOM_IMAGE = 'fn-studio-test/busybox-oom:1';
/** Fills its memory to just under its limit, then hangs: built on the busybox image with its script added. */
export const BUSYBOX_FILL_IMAGE = 'fn-studio-test/busybox-fill:1';
export const NODE_IMAGE = 'fn-studio-test/node:1';
export { FDK_NODE_IMAGE, NODE_HTTP_IMAGE, NODE_JSON_IMAGE } from './test-images-hot';

export interface TestImages extends HotTestImages {
  busybox: string;
  busyboxFail: string;
  busyboxSleep: string;
  busyboxOom: string;
  busyboxFill: string;
  node: string;
}

/** One path in an image's root filesystem; file content comes from a host file or an inline string. */
export interface RootfsEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  source?: string;
  content?: string;
  linkname?: string;
}

export interface ImageSpec {
  tag: string;
  from?: { tag: string; hash: string };
  entries?: RootfsEntry[];
  cmd: string[];
  workdir?: string;
}

const HOST_BUSYBOX = '/bin/busybox';
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const TEST_FUNCTIONS = path.join(PROJECT_ROOT, 'resources', 'test-functions');
const BUSYBOX_SCRIPTS = ['echo.sh', 'fail.sh', 'sleep.sh', 'oom.sh'];
const run = promisify(execFile);
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';

/** Per-tag in-flight checks/builds, shared by concurrent callers; settled ones are dropped so a later call re-checks. */
const inFlight = new Map<string, Promise<string>>();
/** Per-tag content hashes: inputs do not change within a test process and hashing node's ~100 MB is the slow part. */
const hashes = new Map<string, Promise<string>>();

export async function ensureTestImages(docker: Docker = new Docker()): Promise<TestImages> {
  const [busyboxHash, nodeHash] = await Promise.all([
    ensureImage(docker, { tag: BUSYBOX_IMAGE, entries: await busyboxEntries(), cmd: ['/fn/echo.sh'] }),
    ensureImage(docker, { tag: NODE_IMAGE, entries: await nodeEntries(), cmd: ['node'] }),
  ]);
  const busyboxBase = { tag: BUSYBOX_IMAGE, hash: busyboxHash };
  const nodeBase = { tag: NODE_IMAGE, hash: nodeHash };
  await Promise.all([
    ensureImage(docker, { tag: BUSYBOX_FAIL_IMAGE, from: busyboxBase, cmd: ['/fn/fail.sh'] }),
    ensureImage(docker, { tag: BUSYBOX_SLEEP_IMAGE, from: busyboxBase, cmd: ['/fn/sleep.sh'] }),
    ensureImage(docker, { tag: BUSYBOX_OOM_IMAGE, from: busyboxBase, cmd: ['/fn/oom.sh'] }),
    ensureImage(docker, {
      tag: BUSYBOX_FILL_IMAGE,
      from: busyboxBase,
      entries: [file('/fn/fill.sh', path.join(TEST_FUNCTIONS, 'busybox', 'fill.sh'), 0o755)],
      cmd: ['/fn/fill.sh'],
    }),
    ...(await hotImageSpecs(nodeBase)).map((spec) => ensureImage(docker, spec)),
  ]);
  return {
    busybox: BUSYBOX_IMAGE,
    busyboxFail: BUSYBOX_FAIL_IMAGE,
    busyboxSleep: BUSYBOX_SLEEP_IMAGE,
    busyboxOom: BUSYBOX_OOM_IMAGE,
    busyboxFill: BUSYBOX_FILL_IMAGE,
    node: NODE_IMAGE,
    ...HOT_TEST_IMAGES,
  };
}

/** Only the busybox images (a few MB): for a disposable engine, where copying the node image would be slow. */
export async function ensureBusyboxImages(docker: Docker): Promise<void> {
  const hash = await ensureImage(docker, {
    tag: BUSYBOX_IMAGE,
    entries: await busyboxEntries(),
    cmd: ['/fn/echo.sh'],
  });
  await ensureImage(docker, {
    tag: BUSYBOX_SLEEP_IMAGE,
    from: { tag: BUSYBOX_IMAGE, hash },
    cmd: ['/fn/sleep.sh'],
  });
}

function ensureImage(docker: Docker, spec: ImageSpec): Promise<string> {
  const pending = inFlight.get(spec.tag);
  if (pending) return pending;
  const work = (async () => {
    const hashing = hashes.get(spec.tag) ?? hashSpec(spec);
    hashes.set(spec.tag, hashing);
    const hash = await hashing;
    if ((await builtHash(docker, spec.tag)) !== hash) await buildImage(docker, spec, hash);
    return hash;
  })().finally(() => inFlight.delete(spec.tag));
  inFlight.set(spec.tag, work);
  return work;
}

/** The content hash an existing image was built from; undefined when the tag does not exist. */
async function builtHash(docker: Docker, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Config?.Labels?.[TEST_IMAGE_HASH_LABEL];
  } catch {
    return undefined;
  }
}

/** Users and an empty world-writable /tmp, which every image needs whether or not a tmpfs is mounted over it. */
function baseEntries(): RootfsEntry[] {
  return [
    { name: '/tmp', type: 'directory', mode: 0o1777 },
    text('/etc/passwd', PASSWD),
    text('/etc/group', 'root:x:0:\nnogroup:x:65534:\n'),
  ];
}

function file(name: string, source: string, mode = 0o644): RootfsEntry {
  return { name, type: 'file', mode, source };
}

function text(name: string, content: string): RootfsEntry {
  return { name, type: 'file', mode: 0o644, content };
}

function symlink(name: string, linkname: string): RootfsEntry {
  return { name, type: 'symlink', mode: 0o777, linkname };
}

async function busyboxEntries(): Promise<RootfsEntry[]> {
  await stat(HOST_BUSYBOX).catch(() => {
    throw new Error(`${HOST_BUSYBOX} is missing: install the Debian package busybox-static`);
  });
  const { stdout } = await run(HOST_BUSYBOX, ['--list-full']);
  const applets = stdout.split('\n').filter((line) => line.trim() !== '' && line.trim() !== 'bin/busybox');
  return [
    ...baseEntries(),
    file('/bin/busybox', HOST_BUSYBOX, 0o755),
    ...applets.map((applet) => symlink(`/${applet.trim()}`, '/bin/busybox')),
    // Mode forced to 0755: a checkout that lost the executable bit must still give runnable scripts.
    ...BUSYBOX_SCRIPTS.map((script) =>
      file(`/fn/${script}`, path.join(TEST_FUNCTIONS, 'busybox', script), 0o755),
    ),
  ];
}

/** The host's node binary and the libraries ldd reports, at the same absolute paths, so the dynamic loader finds them. */
async function nodeEntries(): Promise<RootfsEntry[]> {
  const nodePath = process.execPath;
  const { stdout } = await run('ldd', [nodePath]);
  const libraries = [...stdout.matchAll(/(?:=>\s*|^\s*)(\/\S+)\s+\(0x/gm)].map((match) => match[1]);
  const entries: RootfsEntry[] = [...baseEntries()];
  for (const name of [nodePath, ...new Set(libraries)]) {
    // ldd names symlinks (e.g. libstdc++.so.6); store the real content at the name the loader looks up.
    entries.push(file(name, await realpath(name), 0o755));
  }
  if (nodePath !== '/usr/local/bin/node') entries.push(symlink('/usr/local/bin/node', nodePath));
  return entries;
}

/** Adds missing parent directories and orders parents before children, as tar extraction expects. */
function completeTree(entries: RootfsEntry[]): RootfsEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  for (const entry of entries) {
    for (let dir = path.dirname(entry.name); dir !== '/'; dir = path.dirname(dir)) {
      if (!byName.has(dir)) byName.set(dir, { name: dir, type: 'directory', mode: 0o755 });
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function hashSpec(spec: ImageSpec): Promise<string> {
  const hash = createHash('sha256');
  const { entries, ...settings } = spec;
  hash.update(JSON.stringify({ version: TEST_IMAGES_VERSION, ...settings }));
  for (const { source, ...meta } of completeTree(entries ?? [])) {
    hash.update(`\n${JSON.stringify(meta)}\n`);
    if (source !== undefined)
      for await (const chunk of createReadStream(source)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

function dockerfile(spec: ImageSpec, hash: string): string {
  const lines = [`FROM ${spec.from?.tag ?? 'scratch'}`];
  if (!spec.from) lines.push(`ENV PATH=${DEFAULT_PATH}`);
  if (spec.entries) lines.push('ADD rootfs.tar /');
  if (spec.workdir) lines.push(`WORKDIR ${spec.workdir}`);
  lines.push(`LABEL ${TEST_IMAGE_HASH_LABEL}="${hash}"`, `CMD ${JSON.stringify(spec.cmd)}`);
  return `${lines.join('\n')}\n`;
}

/** Appends one entry (name relative to the tar root), streaming host files so node's 100 MB never sit in memory. */
async function addEntry(pack: tar.Pack, { source, content, ...header }: RootfsEntry): Promise<void> {
  if (source === undefined) {
    pack.entry(header, content ?? '');
    return;
  }
  const { size } = await stat(source);
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry({ ...header, size }, (err) => (err ? reject(err) : resolve()));
    createReadStream(source).on('error', reject).pipe(sink);
  });
}

async function writeRootfsTar(entries: RootfsEntry[], file: string): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(file));
  for (const entry of completeTree(entries)) await addEntry(pack, { ...entry, name: entry.name.slice(1) });
  pack.finalize();
  await written;
}

/** Legacy-builder build (the engine here has no BuildKit) of a context holding the Dockerfile and rootfs.tar. */
async function buildImage(docker: Docker, spec: ImageSpec, hash: string): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'fn-studio-test-image-'));
  try {
    const rootfs = path.join(workDir, 'rootfs.tar');
    if (spec.entries) await writeRootfsTar(spec.entries, rootfs);
    const context = tar.pack();
    const producing = (async () => {
      await addEntry(context, text('Dockerfile', dockerfile(spec, hash)));
      if (spec.entries) await addEntry(context, file('rootfs.tar', rootfs));
      context.finalize();
    })();
    // tar-stream packs are streamx streams; Readable.from gives dockerode the Node stream it pipes from.
    const building = docker
      .buildImage(Readable.from(context), { t: spec.tag, rm: true, forcerm: true })
      .then((progress) => followBuild(docker, progress));
    // The context is produced while the daemon reads it; Promise.all surfaces a failure on either side.
    const [, events] = await Promise.all([producing, building]);
    const failure = events.find((event) => event.error !== undefined || event.errorDetail !== undefined);
    if (failure)
      throw new Error(`building ${spec.tag} failed: ${failure.errorDetail?.message ?? failure.error}`);
    if ((await builtHash(docker, spec.tag)) !== hash)
      throw new Error(`building ${spec.tag} left no labelled image`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

type BuildEvent = { error?: string; errorDetail?: { message?: string } };

function followBuild(docker: Docker, progress: NodeJS.ReadableStream): Promise<BuildEvent[]> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(progress, (err: Error | null, events: BuildEvent[]) =>
      err ? reject(err) : resolve(events),
    ),
  );
}
