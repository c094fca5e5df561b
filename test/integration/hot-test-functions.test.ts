// The json and http hot test functions, run as the agent runs hot containers: back-to-back calls, logs, bad replies, exits.
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestImages, NODE_HTTP_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';
import { hostConfigFor } from '../../src/main/core/docker-driver';
import { DEFAULT_HARDENING } from '../../src/main/core/driver';

const docker = new Docker();
const created: Docker.Container[] = [];
const DEADLINE = '2026-11-28T10:00:30Z';
const REQUEST_URL = 'http://127.0.0.1:8080/invoke/01JTESTFN';
const FRAME = 'FN_STUDIO_CALL';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How one format writes a call to stdin and reads replies back from the function's stdout. */
interface Format {
  name: 'json' | 'http';
  image: string;
  encode(callId: string, body: string): Buffer;
  /** Complete replies at the front of `out`, and whatever follows them. */
  decode(out: Buffer): { replies: Reply[]; rest: Buffer };
  garbage: string;
  trailing: string;
}

/** Index just past the JSON object starting at `from`, or undefined when none starts there or it is incomplete. */
function objectEnd(text: string, from: number): number | undefined {
  if (text[from] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return undefined;
}

const jsonFormat: Format = {
  name: 'json',
  image: NODE_JSON_IMAGE,
  encode: (callId, body) => {
    const protocol = {
      type: 'http',
      method: 'POST',
      request_url: REQUEST_URL,
      headers: { 'Content-Type': ['text/plain'] },
    };
    const call = { call_id: callId, deadline: DEADLINE, body, content_type: 'text/plain', protocol };
    return Buffer.from(`${JSON.stringify(call)}\n`);
  },
  decode: (out) => {
    const text = out.toString('utf8');
    const replies: Reply[] = [];
    let at = 0;
    for (;;) {
      // Whitespace around a reply is allowed; anything else after one is what the agent must reject.
      while (/\s/.test(text[at] ?? '')) at++;
      const end = objectEnd(text, at);
      if (end === undefined) break;
      const reply = JSON.parse(text.slice(at, end));
      // Header values are lists in Fn's json format; tests compare single values.
      const headers = Object.fromEntries(
        Object.entries(reply.protocol.headers as Record<string, string[]>).map(([k, v]) => [
          k.toLowerCase(),
          v[0],
        ]),
      );
      replies.push({ status: reply.protocol.status_code, headers, body: reply.body });
      at = end;
    }
    return { replies, rest: Buffer.from(text.slice(at)) };
  },
  garbage: 'this is not json\n',
  trailing: 'trailing-bytes\n',
};

const httpFormat: Format = {
  name: 'http',
  image: NODE_HTTP_IMAGE,
  encode: (callId, body) => {
    const payload = Buffer.from(body);
    const head = [
      'POST /invoke/01JTESTFN HTTP/1.1',
      `Content-Length: ${payload.length}`,
      // Deliberately mixed spellings: the function must match header names case-insensitively.
      `Fn_call_id: ${callId}`,
      `FN_DEADLINE: ${DEADLINE}`,
      'Fn_method: POST',
      `fn_request_url: ${REQUEST_URL}`,
      'Content-Type: text/plain',
    ];
    return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), payload]);
  },
  decode: (out) => {
    const replies: Reply[] = [];
    let rest = out;
    for (;;) {
      const headEnd = rest.indexOf('\r\n\r\n');
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(rest.toString('latin1'));
      if (headEnd < 0 || !match) break;
      const [, ...lines] = rest.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      const end = headEnd + 4 + Number(headers['content-length']);
      if (rest.length < end) break;
      replies.push({
        status: Number(match[1]),
        headers,
        body: rest.subarray(headEnd + 4, end).toString('utf8'),
      });
      rest = rest.subarray(end);
    }
    return { replies, rest };
  },
  garbage: 'not http at all\r\n\r\n',
  trailing: 'junk',
};

/** One hot container with stdin held open across calls, created with the hardening the agent uses. */
class HotRun {
  stdout = Buffer.alloc(0);
  stderr = '';

  private constructor(
    readonly container: Docker.Container,
    private readonly stdin: NodeJS.ReadWriteStream,
  ) {}

  static async start(image: string, env: string[] = [], memoryMb = 64): Promise<HotRun> {
    const container = await docker.createContainer({
      Image: image,
      Env: env,
      Tty: false,
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: hostConfigFor({ memoryMb, network: 'none', hardening: DEFAULT_HARDENING }),
    });
    created.push(container);
    // Attached before start, so not a byte of output is missed.
    const stream = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as NodeJS.ReadWriteStream;
    const run = new HotRun(container, stream);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', (chunk: Buffer) => (run.stdout = Buffer.concat([run.stdout, chunk])));
    stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    docker.modem.demuxStream(stream, stdout, stderr);
    await container.start();
    return run;
  }

  /** Writes the bytes in pieces cut at `cuts`, pausing between them, so the function sees them in separate reads. */
  async send(bytes: Buffer, cuts: number[] = []): Promise<void> {
    let from = 0;
    for (const to of [...cuts, bytes.length]) {
      this.stdin.write(bytes.subarray(from, to));
      from = to;
      if (to < bytes.length) await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  async until(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    for (const started = Date.now(); !predicate(); await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `timed out waiting for ${what}; stdout=${JSON.stringify(this.stdout.toString())} stderr=${JSON.stringify(this.stderr)}`,
        );
    }
  }

  /** Output the function writes from now on, so one call's reply is checked apart from earlier ones. */
  mark(): () => Buffer {
    const offset = this.stdout.length;
    return () => this.stdout.subarray(offset);
  }

  async exit(): Promise<{ exitCode: number; oomKilled: boolean }> {
    const { StatusCode } = (await this.container.wait()) as { StatusCode: number };
    return { exitCode: StatusCode, oomKilled: (await this.container.inspect()).State.OOMKilled };
  }
}

beforeAll(async () => {
  await ensureTestImages(docker);
});

afterAll(async () => {
  await Promise.all(created.map((container) => container.remove({ force: true }).catch(() => undefined)));
});

describe.each([jsonFormat, httpFormat])('hot $name test function', (format) => {
  it('serves back-to-back calls on one container, then answers garbage and trailing bytes as asked', async () => {
    const run = await HotRun.start(format.image, [
      `FN_FORMAT=${format.name}`,
      `FN_LOGFRAME_NAME=${FRAME}`,
      'TICK=1',
    ]);
    // TICK=1 output while no call runs: the function is up and reading.
    await run.until('an idle tick', () => run.stderr.includes('idle tick'));

    const calls = [
      ['01JCALLA', 'hi'],
      ['01JCALLB', 'log:3'],
      ['01JCALLC', 'status:201'],
    ];
    const bytes = Buffer.concat(calls.map(([id, body]) => format.encode(id, body)));
    const first = format.encode('01JCALLA', 'hi').length;
    // Cut inside the first call and inside the last: requests split across reads and several in one read.
    await run.send(bytes, [Math.floor(first / 2), bytes.length - 3]);
    await run.until('three replies', () => format.decode(run.stdout).replies.length >= 3);

    const { replies, rest } = format.decode(run.stdout);
    expect(rest.length).toBe(0);
    expect(replies.map((r) => [r.status, r.body])).toEqual([
      [200, 'echo:hi'],
      [200, 'logged:3'],
      [201, 'status:201'],
    ]);
    // One process served all three, counting them.
    expect(new Set(replies.map((r) => r.headers['x-served-by'])).size).toBe(1);
    expect(replies.map((r) => r.headers['x-call-count'])).toEqual(['1', '2', '3']);
    if (format.name === 'http')
      expect(replies.map((r) => r.headers['x-call-id'])).toEqual(calls.map(([id]) => id));

    expect(run.stderr).toContain('stderr 01JCALLA hi\n');
    expect(run.stderr).toContain('line 1 of 01JCALLB\nline 2 of 01JCALLB\nline 3 of 01JCALLB\n');
    for (const [id] of calls) expect(run.stderr).toContain(`\n${FRAME}=${id}\n`);

    let since = run.mark();
    await run.send(format.encode('01JCALLD', 'env'));
    await run.until('the env reply', () => format.decode(since()).replies.length === 1);
    expect(JSON.parse(format.decode(since()).replies[0].body)).toMatchObject({
      FN_FORMAT: format.name,
      TICK: '1',
    });

    since = run.mark();
    await run.send(format.encode('01JCALLE', 'garbage'));
    await run.until('the garbage', () => since().length >= format.garbage.length);
    expect(since().toString()).toBe(format.garbage);

    since = run.mark();
    await run.send(format.encode('01JCALLF', 'extra'));
    await run.until('the trailing bytes', () => since().toString().endsWith(format.trailing));
    const extra = format.decode(since());
    expect(extra.replies.map((r) => [r.status, r.body])).toEqual([[200, 'extra']]);
    expect(extra.rest.toString()).toBe(format.trailing);
    // For json the junk follows the object on the same line, with no newline between them.
    if (format.name === 'json') expect(since().toString()).toMatch(/^\{.*\}trailing-bytes\n$/);

    await run.container.kill();
  });

  it('crash exits 3 after logging', async () => {
    const run = await HotRun.start(format.image);
    await run.send(format.encode('01JCRASH', 'crash'));
    expect(await run.exit()).toEqual({ exitCode: 3, oomKilled: false });
    expect(run.stderr).toContain('crashing');
    expect(run.stdout.length).toBe(0);
  });

  it('oom is OOM-killed under 64 MB', async () => {
    const run = await HotRun.start(format.image, [], 64);
    await run.send(format.encode('01JOOM', 'oom'));
    expect((await run.exit()).oomKilled).toBe(true);
  });
});
