// The WebSocket transport of the typed API for the headless/browser UI: per-run token, same-origin only.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StudioApi } from '../../shared/api-contract';
import type { WsServerMessage } from '../../shared/ws-protocol';
import { dispatch } from './api-dispatch';
import type { EventHub } from './event-hub';
import { checkHostAndOrigin } from './request-guard';

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
// A client that stops reading is cut off rather than letting its buffer grow without bound.
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class WsServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  constructor(
    private readonly api: StudioApi,
    private readonly events: EventHub,
    private readonly token: string,
    private readonly port: () => number,
  ) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`,
      );
    };
    try {
      checkHostAndOrigin(req.headers.host, req.headers.origin, this.port());
    } catch (err) {
      return reject(403, (err as Error).message);
    }
    if (url.searchParams.get('token') !== this.token) return reject(403, 'a valid UI token is required');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws));
  }

  private serve(ws: WebSocket): void {
    const send = (msg: WsServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
      ws.send(JSON.stringify(msg));
    };
    const unsubscribe = this.events.subscribe((name, payload, seq) =>
      send({ type: 'event', name, payload, seq }),
    );
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let msg: { type?: unknown; id?: unknown; method?: unknown; params?: unknown };
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return send({
          type: 'reply',
          id: -1,
          error: { code: 'invalid_input', status: 400, message: 'message is not JSON' },
        });
      }
      if (msg?.type !== 'call' || typeof msg.id !== 'number') {
        return send({
          type: 'reply',
          id: -1,
          error: {
            code: 'invalid_input',
            status: 400,
            message: 'expected {type:"call", id, method, params}',
          },
        });
      }
      send({ type: 'reply', id: msg.id, ...(await dispatch(this.api, msg.method, msg.params)) });
    });
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}
