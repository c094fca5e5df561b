// Splits an attached container's stdio stream (Docker's multiplexed framing when the container has no TTY: an 8-byte
// header — stream 0/1/2, three zero bytes, payload length big-endian — then the payload) into stdout and stderr.
// Each payload is pushed straight into a readable: no intermediate writable stream, and no copy of the incoming data
// unless a header or payload is split across reads. A hot function writes a log frame to both streams at every call,
// so this runs a few times per call.
import { Readable } from 'node:stream';

const HEADER_BYTES = 8;

/** A readable fed by push (nothing to pull: the demuxer pushes as data arrives). */
const pushedReadable = (): Readable => new Readable({ read: () => undefined });

export interface DemuxedStdio {
  stdout: Readable;
  stderr: Readable;
}

export function demuxStdio(source: NodeJS.ReadableStream): DemuxedStdio {
  const stdout = pushedReadable();
  const stderr = pushedReadable();
  /** Bytes of a header or payload that a read cut short, waiting for the next read. */
  let pending: Buffer | undefined;
  /** Set while inside a payload that continues in later reads: where it goes and how much of it is still to come. */
  let into: Readable | undefined;
  let left = 0;
  /** Not multiplexed after all (a TTY, or framing lost): everything from here on is stdout, as it comes. */
  let raw = false;

  const onData = (chunk: Buffer): void => {
    if (raw) {
      stdout.push(chunk);
      return;
    }
    let buf = chunk;
    let at = 0;
    if (pending) {
      buf = Buffer.concat([pending, chunk]);
      pending = undefined;
    }
    while (at < buf.length) {
      if (into) {
        const take = Math.min(left, buf.length - at);
        into.push(buf.subarray(at, at + take));
        at += take;
        left -= take;
        if (left === 0) into = undefined;
        continue;
      }
      if (buf.length - at < HEADER_BYTES) {
        pending = buf.subarray(at);
        return;
      }
      const kind = buf[at];
      if (kind > 2 || buf[at + 1] !== 0 || buf[at + 2] !== 0 || buf[at + 3] !== 0) {
        raw = true;
        stdout.push(buf.subarray(at));
        return;
      }
      // Stdin (0) is never echoed by Docker; count it as stdout, as the engine's own clients do.
      into = kind === 2 ? stderr : stdout;
      left = buf.readUInt32BE(at + 4);
      at += HEADER_BYTES;
      if (left === 0) into = undefined;
    }
  };

  source.on('data', onData);
  return { stdout, stderr };
}

/** Ends both streams (the attached stream ended): consumers see their 'end'. */
export function endStdio(s: DemuxedStdio): void {
  s.stdout.push(null);
  s.stderr.push(null);
}
