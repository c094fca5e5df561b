// The loopback socket server: reads bodies within the limit, routes API paths to HttpApi, the rest to the web UI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyTap } from './body-tap';
import { ApiError } from '../../shared/errors';
import { HttpApi } from './http-api';
import type { HostResponse } from './http-types';
import { serveStatic } from './static-ui';
import { WS_PATH } from '../../shared/ws-protocol';
import type { WsServer } from './ws-server';

/** Reads the body within the limit. An oversized body is still drained (up to a bound) so the client can read the 413. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 4) req.destroy();
    });
    req.on('end', () =>
      size > limit
        ? reject(new ApiError('too_large', `the request body is ${size} bytes; the limit is ${limit}`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: HostResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, r.headers);
  if (r.body instanceof Readable) {
    // A streamed reply: a failure mid-way can only cut the connection, the status is already sent.
    pipeline(r.body, res).catch(() => res.destroy());
  } else {
    res.end(r.body);
  }
}

/** Invokes take their body as a stream (http-stream functions get it as it arrives); everything else reads it first. */
const STREAMED_BODY = /^\/invoke\/[^/?]+(\?|$)/;

export function createHttpServer(opts: {
  api: HttpApi;
  ws: WsServer;
  uiRoot: string;
  /** Read per request: a settings change applies to the next one. */
  limits: () => { bodyLimitBytes: number; keepBytes: number };
}): Server {
  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    if (!HttpApi.owns(path)) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, { status: 405, headers: { Allow: 'GET' }, body: '' });
      return send(res, await serveStatic(opts.uiRoot, path));
    }
    // A client that goes away before its answer cancels the call (its container is killed).
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(new Error('client disconnected'));
    });
    const { bodyLimitBytes, keepBytes } = opts.limits();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (req.method === 'POST' && STREAMED_BODY.test(path) && declared <= bodyLimitBytes) {
      const tap = new BodyTap(bodyLimitBytes, keepBytes);
      // Past the limit the tap stops; the rest is drained so the client can read its 413.
      tap.on('error', () => req.resume());
      req.pipe(tap);
      const headers = req.headers;
      const r = await opts.api.handle({
        method: 'POST',
        url: path,
        headers,
        body: Buffer.alloc(0),
        bodyStream: tap,
        signal: abort.signal,
      });
      return send(res, r);
    }
    let body: Buffer;
    try {
      body = await readBody(req, bodyLimitBytes);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('invalid_input', (err as Error).message);
      return send(res, {
        status: e.status,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ message: e.message }),
      });
    }
    const r = await opts.api.handle({
      method: req.method ?? 'GET',
      url: path,
      headers: req.headers,
      body,
      signal: abort.signal,
    });
    send(res, r);
  });
  // Node answers malformed requests and oversized headers itself; give them our JSON error shape and a reason.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, reason, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'the request headers are over the limit of 16 KiB']
        : [400, 'Bad Request', `malformed HTTP request (${err.code ?? err.message})`];
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname === WS_PATH)
      opts.ws.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}
