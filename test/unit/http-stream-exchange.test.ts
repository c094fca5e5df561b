// One call over a function's socket (postCall) against a real Node HTTP server on a unix socket: a reply that came
// whole is handed over as a buffer and its connection kept for the next call; one that streams is handed over as a
// stream; a caller that stops reading does not stall the exchange; a kept connection the server closed is retried.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { postCall, type ResponseSink } from '../../src/main/core/protocols/http-stream';
import { StreamConnections } from '../../src/main/core/protocols/stream-connection';
import { callOptions } from '../support/call-options';

let server: Server | undefined;
let dir = '';
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

/** Serves `handle` on a fresh unix socket; returns its connections keeper. */
async function serve(
  handle: (body: string, res: ServerResponse, req: IncomingMessage) => void,
): Promise<StreamConnections> {
  dir = mkdtempSync(join(tmpdir(), 'fnx-'));
  const path = join(dir, 's.sock');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(body, res, req));
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((r) => server!.listen(path, r));
  let now = 0;
  return StreamConnections.forPath(
    () => path,
    () => now++,
  );
}

const call = (body: string, bodyStream?: Readable) =>
  callOptions({ image: 'x', format: 'http-stream', body: Buffer.from(body), bodyStream });
const deadline = () => new Date(Date.now() + 30_000);

it('hands a reply that came whole over as a buffer, and keeps the connection for the next call', async () => {
  const conns = await serve((body, res) => res.end(`echo:${body}`));
  for (const text of ['a', 'b']) {
    let handed: unknown;
    const sink: ResponseSink = (head, body) => (handed = { status: head.status, body });
    const reply = await postCall(conns, call(text), deadline(), { sink }).reply;
    expect(reply).toMatchObject({ status: 200, streamed: true, size: 6 });
    expect(handed).toEqual({ status: 200, body: Buffer.from(`echo:${text}`) });
  }
  expect({ opened: conns.opened, reused: conns.reused }).toEqual({ opened: 1, reused: 1 });
});

it('hands a reply still arriving over as a stream that carries all of it', async () => {
  let rest: (() => void) | undefined;
  const conns = await serve((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first;');
    rest = () => res.end('second');
  });
  const read = new Promise<string>((resolve) => {
    const sink: ResponseSink = (_, body) => {
      expect(body).toBeInstanceOf(Readable);
      let text = '';
      (body as Readable).on('data', (c: Buffer) => (text += c.toString()));
      (body as Readable).on('end', () => resolve(text));
      rest!();
    };
    void postCall(conns, call('x'), deadline(), { sink }).reply;
  });
  expect(await read).toBe('first;second');
});

it('completes the exchange when the caller stops reading a large streamed reply', async () => {
  const big = Buffer.alloc(4 * 1024 * 1024, 'z');
  let rest: (() => void) | undefined;
  const conns = await serve((body, res) => {
    if (body !== 'x') return res.end('ok');
    res.writeHead(200);
    res.write('start');
    rest = () => res.end(big);
  });
  const sink: ResponseSink = (_, body) => {
    // Never read: the stream fills (the connection is paused), then the caller gives up on it.
    const b = body as Readable;
    b.pause();
    rest!();
    const whenFull = () =>
      b.readableLength >= b.readableHighWaterMark ? b.destroy() : setImmediate(whenFull);
    whenFull();
  };
  const reply = await postCall(conns, call('x'), deadline(), { sink }).reply;
  expect(reply.size).toBe(5 + big.length);
  // Read to its end, the connection is kept.
  expect((await postCall(conns, call('y'), deadline()).reply).body.toString()).toBe('ok');
  expect(conns.reused).toBe(1);
});

it('sends the call again on a fresh connection when the server closed the kept one', async () => {
  let served = 0;
  const conns = await serve((body, res) => {
    served++;
    res.end(`n${served}:${body}`);
  });
  expect((await postCall(conns, call('a'), deadline()).reply).body.toString()).toBe('n1:a');
  // The server drops its side of every idle connection; the kept one is closed before the next call uses it.
  server!.closeIdleConnections();
  const reply = await postCall(conns, call('b'), deadline()).reply;
  expect(reply.body.toString()).toBe('n2:b');
  expect(served).toBe(2);
});

it('survives a function that answers and closes while a streamed request body is still being sent', async () => {
  dir = mkdtempSync(join(tmpdir(), 'fnx-'));
  const path = join(dir, 's.sock');
  // A server that answers at the request's first bytes and half-closes, without reading the rest of the body.
  const raw = createNetServer((s) => {
    s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    s.resume();
  });
  await new Promise<void>((r) => raw.listen(path, r));
  const body = new PassThrough();
  let socket: Socket | undefined;
  const conns = new StreamConnections(
    () => {
      socket = connect(path);
      // The body ends just as the function's close is seen: our last chunk then meets a closed connection.
      socket.once('end', () => process.nextTick(() => process.nextTick(() => body.end())));
      return socket;
    },
    () => 0,
  );
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.prependListener('uncaughtException', onUncaught);
  try {
    body.write('x'.repeat(10));
    const reply = await postCall(conns, call('', body), deadline()).reply;
    expect(reply.body.toString()).toBe('ok');
    const s = socket!;
    if (!s.closed) await new Promise((r) => s.once('close', r));
    // An error reported as the socket closed would have been emitted before 'close'.
    expect(uncaught).toEqual([]);
    // The connection the function closed is not kept.
    expect(conns.take().reused).toBe(false);
  } finally {
    process.off('uncaughtException', onUncaught);
    raw.close();
  }
});

it('asks for a log frame with the call id only when told to, an empty header otherwise; a caller cannot set it', async () => {
  const seen: string[][] = [];
  const conns = await serve((_, res, req) => {
    const values = req.rawHeaders.filter(
      (h, i) => i % 2 === 1 && /^fn-studio-log-frame$/i.test(req.rawHeaders[i - 1]),
    );
    seen.push(values);
    res.end('ok');
  });
  const forged = () =>
    callOptions({
      image: 'x',
      format: 'http-stream',
      body: Buffer.from('x'),
      headers: { 'fn-studio-log-frame': ['forged'] },
    });
  const silent = forged();
  await postCall(conns, silent, deadline()).reply;
  const logging = forged();
  await postCall(conns, logging, deadline(), { logFrame: true }).reply;
  expect(seen).toEqual([[''], [logging.id]]);
});
