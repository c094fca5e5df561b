// A watched function folder on this machine's filesystem: changes settle into one report, and only files of the
// build context count (node_modules, .git and what .dockerignore excludes never do; a new .dockerignore applies at once).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderWatch } from '../../src/main/host/folder-watch';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function watched(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-watch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  mkdirSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, 'dist'));
  const reports: string[][] = [];
  // The default settle time: six writes in one tick are far closer together than that.
  const watch = new FolderWatch(dir, {
    changed: (f) => reports.push(f.sort()),
    failed: (e) => {
      throw e;
    },
  });
  cleanups.push(() => watch.close());
  await watch.ready;
  const write = (name: string, text = String(Math.random())) => writeFileSync(join(dir, name), text);
  return { dir, reports, write };
}

describe('folder watch', () => {
  it('reports a burst of changes once, with only the files of the build context', async () => {
    const { reports, write } = await watched({ Dockerfile: 'FROM x', '.dockerignore': 'dist\n*.log\n' });
    write('node_modules/pkg.js');
    write('dist/out.js');
    write('run.log');
    write('func.js');
    write('func.js');
    write('Dockerfile', 'FROM y');
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toEqual(['Dockerfile', 'func.js']);
  });

  it('applies a changed .dockerignore to the changes after it, and counts the change itself', async () => {
    const { reports, write } = await watched({ Dockerfile: 'FROM x' });
    write('.dockerignore', 'notes.md\n');
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toEqual(['.dockerignore']);
    write('notes.md');
    write('func.js');
    await expect.poll(() => reports.length).toBe(2);
    expect(reports[1]).toEqual(['func.js']);
  });
});
