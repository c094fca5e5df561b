// Docker's multiplexed stdio framing split into stdout and stderr: frames in one read, frames split across reads at
// every byte, empty frames, a stream that is not multiplexed, and the end of both streams.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demuxStdio, endStdio } from '../../src/main/core/stdio-demux';

const frame = (kind: number, text: string): Buffer => {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = kind;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
};

/** Feeds `bytes` in reads of `size` and collects what each stream got once both have passed it on. */
async function run(bytes: Buffer, size: number): Promise<{ out: string; err: string }> {
  const source = new PassThrough();
  const stdio = demuxStdio(source);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdio.stdout.on('data', (c: Buffer) => out.push(c));
  stdio.stderr.on('data', (c: Buffer) => err.push(c));
  for (let i = 0; i < bytes.length; i += size) source.emit('data', bytes.subarray(i, i + size));
  const ended = Promise.all([
    new Promise((r) => stdio.stdout.on('end', r)),
    new Promise((r) => stdio.stderr.on('end', r)),
  ]);
  endStdio(stdio);
  await ended;
  return { out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
}

const stream = Buffer.concat([
  frame(1, '\nFN_STUDIO_CALL=01ABC\n'),
  frame(2, '\nFN_STUDIO_CALL=01ABC\n'),
  frame(2, 'a log line\n'),
  frame(1, ''),
  frame(1, 'stdout text'),
  frame(2, 'é ü — multi-byte'),
]);

describe('demuxStdio', () => {
  it('splits frames read whole', async () => {
    expect(await run(stream, stream.length)).toEqual({
      out: '\nFN_STUDIO_CALL=01ABC\nstdout text',
      err: '\nFN_STUDIO_CALL=01ABC\na log line\né ü — multi-byte',
    });
  });

  it.each([1, 2, 3, 5, 7, 8, 9, 13])('splits frames read %i bytes at a time', async (size) => {
    const whole = await run(stream, stream.length);
    expect(whole.err).toContain('a log line');
    expect(await run(stream, size)).toEqual(whole);
  });

  it('passes a stream that is not multiplexed on as stdout', async () => {
    const tty = Buffer.from('plain output from a TTY\n');
    expect(await run(tty, 4)).toEqual({ out: 'plain output from a TTY\n', err: '' });
  });

  it('ends both streams', async () => {
    const source = new PassThrough();
    const stdio = demuxStdio(source);
    const ended = Promise.all([
      new Promise((r) => stdio.stdout.on('end', r).resume()),
      new Promise((r) => stdio.stderr.on('end', r).resume()),
    ]);
    endStdio(stdio);
    await ended;
    expect(stdio.stdout.readableEnded && stdio.stderr.readableEnded).toBe(true);
  });
});
