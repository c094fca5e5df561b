// Starts `npm run serve` as a real child process for API and e2e tests, and reads its ready line.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { HttpApiClient } from './http-api-client';

export interface ServeProcess {
  child: ChildProcess;
  /** The ready line's URL: the UI, with its WebSocket token. */
  uiUrl: string;
  /** Base of the HTTP API, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  dataDir: string;
  /** The HTTP API of this server. */
  api: HttpApiClient;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');

export interface ServeOptions {
  port?: number;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Flags for node itself, before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

/**
 * For a file whose tests each start their own servers: returns a `startServe` whose servers are stopped after the
 * test that started them (it registers that afterEach, so call it at the top of the file).
 */
export function useServes(): (opts?: ServeOptions) => Promise<ServeProcess> {
  const started: ServeProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
  return async (opts) => {
    const s = await startServe(opts);
    started.push(s);
    return s;
  };
}

export async function startServe(opts: ServeOptions = {}): Promise<ServeProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'fn-studio-test-'));
  // Exactly what `npm run serve -- …` runs, without npm in between (npm reports a signal exit as its own).
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), 'scripts/serve.mjs', '--port', String(opts.port ?? 0), '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not print its ready line within 60 s:\n${out}`)),
      60_000,
    );
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready:\n${out}`));
    });
  });
  const baseUrl = new URL(uiUrl).origin;
  return {
    child,
    uiUrl,
    baseUrl,
    dataDir,
    api: new HttpApiClient(baseUrl),
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
