// Core is a library for plain Node, not only for the bundle: src/main/core (and the shared files it uses), compiled by
// TypeScript alone to CommonJS, loads module by module in a `node` child process, with no vite, no bundler-only import
// and no electron.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let out: string;

/** The .ts modules (not declarations) under `dir`, relative to the project root. */
function modules(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** Runs `code` in a plain node child process inside the compiled tree; its stdout, or the failure with stderr. */
function node(code: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', code],
      // Packages (dockerode, tar-stream, zod) come from the project's node_modules.
      { cwd: out, env: { ...process.env, NODE_PATH: join(root, 'node_modules') } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'fn-core-node-'));
  for (const file of [...modules('src/main/core'), ...modules('src/shared')]) {
    const { outputText } = ts.transpileModule(readFileSync(join(root, file), 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const dest = join(out, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, outputText);
  }
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('core under plain node', () => {
  it('loads every module of src/main/core', async () => {
    const files = modules('src/main/core').map((f) => `./${f.replace(/\.ts$/, '.js')}`);
    expect(files.length).toBeGreaterThan(20);
    const loaded = await node(
      `for (const f of ${JSON.stringify(files)}) { require(require('node:path').resolve(f)); console.log(f); }`,
    );
    expect(loaded.trim().split('\n')).toEqual(files);
  }, 60_000);

  it('carries the relay program as valid JavaScript', async () => {
    const checked = await node(
      `const { relaySource } = require('./src/main/core/relay-program.js');
       new (require('node:vm').Script)(relaySource);
       console.log(relaySource.startsWith("// Fn Studio's http-stream relay") && relaySource.endsWith('});\\n'));`,
    );
    expect(checked.trim()).toBe('true');
  }, 60_000);
});
