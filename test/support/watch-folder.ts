// A function source folder for watch tests: a Dockerfile FROM the local node image and a json-format function
// whose reply is one word, rewritten by `edit` as a developer saving a file would; images built from it are removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { NODE_IMAGE } from './test-images';

export const GOOD_DOCKERFILE = `FROM ${NODE_IMAGE}\nCOPY func.js /function/func.js\nCMD ["node", "/function/func.js"]\n`;
/** An instruction the builder does not know: the build fails at its first step. */
export const BROKEN_DOCKERFILE = `FROM ${NODE_IMAGE}\nCOPPY func.js /function/func.js\n`;

/** A json-format function: each call line gets `reply` back. */
const funcJs = (reply: string) => `'use strict';
require('node:readline')
  .createInterface({ input: process.stdin })
  .on('line', () =>
    process.stdout.write(JSON.stringify({ body: ${JSON.stringify(reply)}, content_type: 'text/plain' }) + '\\n'),
  );
`;

export class WatchFolder {
  readonly dir = mkdtempSync(join(tmpdir(), 'fn-studio-watched-'));

  constructor(reply: string) {
    writeFileSync(join(this.dir, 'Dockerfile'), GOOD_DOCKERFILE);
    this.edit(reply);
  }

  /** Saves the function with a new reply. */
  edit(reply: string): void {
    writeFileSync(join(this.dir, 'func.js'), funcJs(reply));
  }

  dockerfile(text: string): void {
    writeFileSync(join(this.dir, 'Dockerfile'), text);
  }

  write(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Removes images by ID (their tags with them), once no container uses them. */
export async function removeImages(ids: Iterable<string>, docker = new Docker()): Promise<void> {
  for (const id of ids)
    await docker
      .getImage(id)
      .remove({ force: true })
      .catch(() => undefined);
}
