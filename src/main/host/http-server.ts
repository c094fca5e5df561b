// The loopback socket server: reads bodies within the limit, routes API paths to HttpApi, the rest to the web UI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { BodyTap, bodyLimitError } from './body-tap';
import { ApiError } from '../../shared/errors';
import { HttpApi } from './http-api';
import { InvocationGate } from './invocation';
import { CLIENT_GONE, firstValue, type HostResponse } from './http-types';
import { serveStatic } from './static-ui';
import { checkHostAndOrigin } from './request-guard';
import { WS_PATH } from '../../shared/ws-protocol';
import type { WsServer } from './ws-server';
import { CallCancel } from '../core/call-cancel';

/** How much past the limit is still read (and dropped) so the client, done sending, can read its 413. */
const DRAIN_PAST_LIMIT = 64 * 1024 * 1024;

/**
 * Reads the body within the limit. An oversized body is refused with 413 once it has been drained, so the
 * client can read the answer; past a bound of draining, the 413 is sent at once and the connection closed.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => bodyLimitError(limit);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit + DRAIN_PAST_LIMIT) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
      }
    };
    req.on('data', onData);
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/**
 * A whole body goes out with its length, so its head and body leave in one write and the client reads no chunked
 * framing; a length or transfer coding the function set (through a trigger's Fn-Http-H-*) gives way to the real one.
 */
function withLength(r: HostResponse, body: Buffer | string): HostResponse['headers'] {
  if (r.status === 204 || r.status === 304) return r.headers;
  const out: HostResponse['headers'] = {};
  for (const k in r.headers) {
    const lower = k.toLowerCase();
    if (lower !== 'content-length' && lower !== 'transfer-encoding') out[k] = r.headers[k];
  }
  out['Content-Length'] = String(Buffer.byteLength(body));
  return out;
}

function send(res: ServerResponse, r: HostResponse): void {
  if (res.headersSent || res.destroyed) return;
  if (!(r.body instanceof Readable)) {
    res.writeHead(r.status, withLength(r, r.body));
    res.end(r.body);
    return;
  }
  // A streamed reply: a failure mid-way can only cut the connection, the status is already sent. pipe() rather than
  // pipeline(), which makes and aborts an AbortController (a DOMException with its stack) for every reply.
  res.writeHead(r.status, r.headers);
  const body = r.body;
  body.once('error', () => res.destroy());
  res.once('close', () => {
    if (!res.writableFinished) body.destroy();
  });
  body.pipe(res);
}

/** Invoke bodies up to this size are read whole before the call. */
const WHOLE_BODY_BYTES = 64 * 1024;

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
const jsonError = (status: number, message: string): HostResponse => ({
  status,
  headers: JSON_HEADERS,
  body: JSON.stringify({ message }),
});

function guardUi(req: IncomingMessage, port: number): HostResponse | undefined {
  try {
    checkHostAndOrigin(req.headers.host, req.headers.origin, port);
    return undefined;
  } catch (err) {
    return jsonError(403, (err as Error).message);
  }
}

export function createHttpServer(opts: {
  api: HttpApi;
  ws: WsServer;
  uiRoot: string;
  port: () => number;
  /** Read per request: a settings change applies to the next one. */
  limits: () => { bodyLimitBytes: number; keepBytes: number };
}): Server {
  const server = createServer(async (req, res) => {
    const path = req.url ?? '/';
    if (!HttpApi.owns(path)) {
      // The UI's pages get the same loopback guard as the API (no DNS rebinding to them either).
      const refused = guardUi(req, opts.port());
      if (refused) return send(res, refused);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, {
          ...jsonError(405, `method ${req.method} is not allowed on ${path} (use GET)`),
          headers: { ...JSON_HEADERS, Allow: 'GET' },
        });
      return send(res, await serveStatic(opts.uiRoot, path));
    }
    // A client that goes away before its answer cancels the call (its container is killed).
    const abort = new CallCancel();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(CLIENT_GONE);
    });
    const { bodyLimitBytes, keepBytes } = opts.limits();
    const invokes = InvocationGate.invokes(req.method, path.split('?', 1)[0]);
    // A function gets its request's headers as lists, as received (Node would join repeated ones into one); the rest
    // of the API reads them as Node gives them. Node makes either shape on first use: only one is made.
    const headers = invokes ? req.headersDistinct : req.headers;
    const declared = Number(firstValue(headers['content-length']) ?? 0);
    // A large or chunked invoke body streams (an http-stream function gets it as it arrives); a small one is read
    // whole, which costs less per call than a stream set up for a few bytes.
    const large = declared > WHOLE_BODY_BYTES || headers['transfer-encoding'] !== undefined;
    if (invokes && large && declared <= bodyLimitBytes) {
      const tap = new BodyTap(bodyLimitBytes, keepBytes);
      // Past the limit the tap stops; the rest is drained so the client can read its 413.
      tap.on('error', () => req.resume());
      req.pipe(tap);
      const r = await opts.api.handle({
        method: req.method ?? 'POST',
        url: path,
        headers,
        body: Buffer.alloc(0),
        bodyStream: tap,
        abort,
      });
      send(res, r);
      // A body nobody read (the call was refused before it ran) is drained, so the connection stays usable.
      tap.resume();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, bodyLimitBytes);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('invalid_input', (err as Error).message);
      // An oversized body may still be arriving: close the connection after the answer.
      return send(res, {
        ...jsonError(e.status, e.message),
        headers: { ...JSON_HEADERS, Connection: 'close' },
      });
    }
    const r = await opts.api.handle({
      method: req.method ?? 'GET',
      url: path,
      headers,
      body,
      abort,
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
