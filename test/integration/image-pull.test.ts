// Real pulls by DockerDriver.ensureImage from a local docker-registry: progress, single flight, auth, absent images.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DockerDriver } from '../../src/main/core/docker-driver';
import type { PullProgress } from '../../src/main/core/driver';
import { startLocalRegistry, type LocalRegistry } from '../support/local-registry';
import { BUSYBOX_IMAGE } from '../support/test-images';

const CREDENTIALS = { username: 'fn-tester', password: 'right-horse-battery' };
const docker = new Docker();
const driver = new DockerDriver();
/** References a test may have pulled; removed after each test so no test sees another's image. */
const pulled = new Set<string>();
const timings: string[] = [];
let open: LocalRegistry;
let locked: LocalRegistry;
let configDir: string;
const userDockerConfig = process.env.DOCKER_CONFIG;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.push(`${label} ${Math.round(performance.now() - started)} ms`);
  }
}

beforeAll(async () => {
  [open, locked] = await Promise.all([
    timed('start open registry', () => startLocalRegistry()),
    timed('start htpasswd registry', () => startLocalRegistry({ auth: CREDENTIALS })),
  ]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop()]);
  // Kept in the output on purpose: the cost of real registry round trips is worth watching.
  console.info(`[image-pull] ${timings.join('; ')}`);
});

beforeEach(async () => {
  // An empty config dir by default, so the user's own ~/.docker credentials never leak into a test.
  configDir = await mkdtemp(path.join(tmpdir(), 'fn-studio-docker-config-'));
  process.env.DOCKER_CONFIG = configDir;
});

afterEach(async () => {
  for (const reference of pulled) await removeImage(reference);
  pulled.clear();
  if (userDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = userDockerConfig;
  await rm(configDir, { recursive: true, force: true });
});

async function removeImage(reference: string): Promise<void> {
  try {
    await docker.getImage(reference).remove();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

/** Busybox plus one layer no other image has: without it every layer "Already exists" and nothing is downloaded. */
async function buildWithFreshLayer(tag: string): Promise<void> {
  const context = tar.pack();
  context.entry({ name: 'Dockerfile' }, `FROM ${BUSYBOX_IMAGE}\nCOPY marker /marker\n`);
  context.entry({ name: 'marker' }, `${randomUUID()}\n`);
  context.finalize();
  // tar-stream packs are streamx streams; Readable.from gives dockerode the Node stream it pipes from.
  const progress = await docker.buildImage(Readable.from(context), { t: tag, rm: true, forcerm: true });
  const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
    docker.modem.followProgress(progress, (err: Error | null, out: Array<{ error?: string }>) =>
      err ? reject(err) : resolve(out),
    ),
  );
  const failure = events.find((event) => event.error !== undefined);
  if (failure) throw new Error(`building ${tag} failed: ${failure.error}`);
}

/** Pushes a fresh image as `repoTag` and removes every local trace of it, so the next pull is a real download. */
async function publish(registry: LocalRegistry, repoTag: string): Promise<string> {
  const source = `fn-studio-test/pull-source:${randomUUID().slice(0, 8)}`;
  await buildWithFreshLayer(source);
  try {
    const reference = await timed(`push ${repoTag}`, () => registry.push(source, repoTag));
    pulled.add(reference);
    return reference;
  } finally {
    await removeImage(source);
  }
}

async function expectMissingLocally(reference: string): Promise<void> {
  await expect(docker.getImage(reference).inspect()).rejects.toMatchObject({ statusCode: 404 });
}

async function writeDockerConfig(registry: LocalRegistry, password: string): Promise<void> {
  const auth = Buffer.from(`${CREDENTIALS.username}:${password}`).toString('base64');
  await writeFile(
    path.join(configDir, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth } } }),
  );
}

describe('DockerDriver.ensureImage against a real registry', () => {
  it('pulls a missing image, reporting layer progress, and the image then inspects', async () => {
    const reference = await publish(open, 'pull/open:1');
    await expectMissingLocally(reference);

    const events: PullProgress[] = [];
    await timed('pull pull/open:1', () => driver.ensureImage(reference, (event) => events.push(event)));

    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.image === reference)).toBe(true);
    const statuses = events.map((event) => event.status);
    expect(statuses.filter((status) => status.startsWith('Pulling from '))).toHaveLength(1);
    // The fresh layer is downloaded; the busybox layer underneath is already here. Docker reports a download as
    // "Downloading" and/or "Download complete" depending on timing, so either counts.
    expect(statuses).toEqual(expect.arrayContaining(['Pulling fs layer', 'Pull complete', 'Already exists']));
    expect(statuses.some((status) => status === 'Downloading' || status === 'Download complete')).toBe(true);
    expect(statuses).toContain(`Status: Downloaded newer image for ${reference}`);
    const image = await docker.getImage(reference).inspect();
    expect(image.RepoDigests).toEqual([
      expect.stringMatching(`^${open.host}/pull/open@sha256:[0-9a-f]{64}$`),
    ]);
  });

  it('does nothing more when the image is already there', async () => {
    const reference = await publish(open, 'pull/present:1');
    await driver.ensureImage(reference);
    const pull = vi.spyOn(driver.docker, 'pull');
    try {
      const events: PullProgress[] = [];
      await driver.ensureImage(reference, (event) => events.push(event));
      expect(pull).not.toHaveBeenCalled();
      expect(events).toEqual([]);
    } finally {
      pull.mockRestore();
    }
  });

  it('pulls once for two concurrent callers of the same missing image', async () => {
    const reference = await publish(open, 'pull/shared:1');
    await expectMissingLocally(reference);
    const pull = vi.spyOn(driver.docker, 'pull');
    try {
      const first: PullProgress[] = [];
      const second: PullProgress[] = [];
      await Promise.all([
        driver.ensureImage(reference, (event) => first.push(event)),
        driver.ensureImage(reference, (event) => second.push(event)),
      ]);
      expect(pull).toHaveBeenCalledTimes(1);
      const pullsStarted = [...first, ...second].filter((event) => event.status.startsWith('Pulling from '));
      expect(pullsStarted).toHaveLength(1);
      await docker.getImage(reference).inspect();
    } finally {
      pull.mockRestore();
    }
  });

  it('rejects a reference the registry does not have, naming it', async () => {
    const reference = `${open.host}/pull/absent:1`;
    pulled.add(reference);
    const pulling = driver.ensureImage(reference);
    await expect(pulling).rejects.toThrow(
      `image ${reference} is not available locally and could not be pulled`,
    );
    await expect(pulling).rejects.toThrow(/manifest unknown|not found/);
  });

  describe('from a registry with htpasswd auth', () => {
    it('pulls with the credentials of DOCKER_CONFIG/config.json', async () => {
      const reference = await publish(locked, 'pull/locked:1');
      await expectMissingLocally(reference);
      await writeDockerConfig(locked, CREDENTIALS.password);

      const events: PullProgress[] = [];
      await timed('pull pull/locked:1', () => driver.ensureImage(reference, (event) => events.push(event)));

      expect(events.map((event) => event.status)).toContain('Pull complete');
      await docker.getImage(reference).inspect();
    });

    it('rejects a wrong password with a message naming the image and the refusal', async () => {
      const reference = await publish(locked, 'pull/wrong-password:1');
      await writeDockerConfig(locked, 'wrong-password');

      const pulling = driver.ensureImage(reference);
      await expect(pulling).rejects.toThrow(
        `image ${reference} is not available locally and could not be pulled`,
      );
      await expect(pulling).rejects.toThrow(/unauthorized|authentication required/);
      await expectMissingLocally(reference);
    });

    it('rejects a pull without credentials with a message naming the image and the refusal', async () => {
      const reference = await publish(locked, 'pull/anonymous:1');

      const pulling = driver.ensureImage(reference);
      await expect(pulling).rejects.toThrow(
        `image ${reference} is not available locally and could not be pulled`,
      );
      await expect(pulling).rejects.toThrow(/no basic auth credentials|unauthorized|authentication required/);
      await expectMissingLocally(reference);
    });
  });
});
