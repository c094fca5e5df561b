// The watch tie's checks at the registry's boundary: each refusal names its annotation and says what is wrong.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Root reads any folder, and CI runs as root: the file system's answer for one folder is faked as a refusal.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const accessSync: typeof fs.accessSync = (path, mode) => {
    if (String(path).endsWith('locked'))
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return fs.accessSync(path, mode);
  };
  return { ...fs, accessSync, default: { ...fs, accessSync } };
});
import { checkWatchAnnotations } from '../../src/main/host/watch-annotations';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { Fn } from '../../src/shared/models';

const FOLDER = FN_ANNOTATIONS.sourceFolder;
const WATCH = FN_ANNOTATIONS.watch;
const root = mkdtempSync(join(tmpdir(), 'fn-studio-tie-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const good = join(root, 'good');
const bare = join(root, 'bare');
mkdirSync(good);
mkdirSync(bare);
writeFileSync(join(good, 'Dockerfile'), 'FROM x');
writeFileSync(join(root, 'file.txt'), '');

const fn = (annotations: Record<string, unknown>, image = 'fn:dev') => ({ image, annotations }) as Fn;
/** As at creation: every annotation given is new. */
const check = (annotations: Record<string, unknown>, image?: string) => () =>
  checkWatchAnnotations(fn(annotations, image));

describe('watch annotations', () => {
  it('accepts a readable folder with a Dockerfile, watch on or off', () => {
    expect(check({ [FOLDER]: good, [WATCH]: true })).not.toThrow();
    expect(check({ [FOLDER]: good, [WATCH]: 'false' })).not.toThrow();
    expect(check({ [FOLDER]: good })).not.toThrow();
  });

  it('refuses a folder that does not exist, is a file, is relative or has no Dockerfile, naming the annotation', () => {
    expect(check({ [FOLDER]: join(root, 'gone'), [WATCH]: true })).toThrow(
      `annotations: ${FOLDER}: ${join(root, 'gone')} does not exist`,
    );
    expect(check({ [FOLDER]: join(root, 'file.txt') })).toThrow(/source-folder: .* is a file, not a folder/);
    expect(check({ [FOLDER]: 'fns/hello' })).toThrow(/source-folder: fns\/hello must be an absolute path/);
    expect(check({ [FOLDER]: bare, [WATCH]: true })).toThrow(/source-folder: .* has no Dockerfile/);
    expect(check({ [FOLDER]: 42 })).toThrow(/source-folder: must be the path of a folder/);
  });

  it('refuses a folder the host cannot read', () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'Dockerfile'), 'FROM x');
    expect(check({ [FOLDER]: locked })).toThrow(/source-folder: .* cannot be read/);
  });

  it('refuses watch that is not true or false, without a folder, or on an image digest', () => {
    expect(check({ [FOLDER]: good, [WATCH]: 'yes' })).toThrow(`annotations: ${WATCH}: must be true or false`);
    expect(check({ [WATCH]: true })).toThrow(`${WATCH}: needs ${FOLDER}`);
    expect(check({ [FOLDER]: good, [WATCH]: true }, `fn@sha256:${'a'.repeat(64)}`)).toThrow(
      /watch: needs an image tag/,
    );
  });

  it('leaves a stored folder gone since alone when a request does not change the tie, even echoing it back', () => {
    const stored = fn({ [FOLDER]: join(root, 'gone'), [WATCH]: true });
    const echoed = fn({ [FOLDER]: join(root, 'gone'), [WATCH]: true, team: 'blue' });
    expect(() => checkWatchAnnotations(echoed, stored)).not.toThrow();
    // Turning watch on again checks the folder as it is now.
    const off = fn({ [FOLDER]: join(root, 'gone'), [WATCH]: false });
    expect(() => checkWatchAnnotations(stored, off)).toThrow(/does not exist/);
    // A new image for a watched function must still be a tag.
    expect(() =>
      checkWatchAnnotations(fn(stored.annotations, `fn@sha256:${'b'.repeat(64)}`), stored),
    ).toThrow(/needs an image tag/);
  });
});
