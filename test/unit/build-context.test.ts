// What of a function folder counts as its build context (what the builder sends and the watcher rebuilds on):
// everything but .git, node_modules and what .dockerignore excludes; the Dockerfile and .dockerignore always.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFiles, contextFilter } from '../../src/main/core/build-context';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-context-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('build context', () => {
  it('skips .git and node_modules at any depth, and what .dockerignore excludes, keeping its exceptions', () => {
    const dir = folder({
      Dockerfile: 'FROM x',
      '.dockerignore': 'Dockerfile\n.dockerignore\ndist\n*.log\n!keep.log\n',
      'func.js': '',
      'lib/util.js': '',
      'lib/node_modules/a/index.js': '',
      'node_modules/b/index.js': '',
      '.git/HEAD': '',
      'dist/out.js': '',
      'debug.log': '',
      'keep.log': '',
    });
    expect(contextFiles(dir).sort()).toEqual(
      ['.dockerignore', 'Dockerfile', 'func.js', 'keep.log', 'lib/util.js'].sort(),
    );
    const inContext = contextFilter(dir);
    expect(inContext('dist/new.js')).toBe(false);
    expect(inContext('src/new.js')).toBe(true);
    expect(inContext('node_modules/c/x.js')).toBe(false);
  });

  it('sends everything but .git and node_modules without a .dockerignore', () => {
    const dir = folder({ Dockerfile: 'FROM x', 'a.txt': '', 'node_modules/b/i.js': '', 'dist/x.js': '' });
    expect(contextFiles(dir).sort()).toEqual(['Dockerfile', 'a.txt', 'dist/x.js']);
  });
});
