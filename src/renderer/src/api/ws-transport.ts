// ClientTransport over a WebSocket (headless/browser UI): request/reply per API call, pushed events, reconnect with backoff.
import { z } from 'zod';
import type { ApiMethod, EventName } from '../../../shared/api-contract';
import { EVENT_NAMES } from '../../../shared/api-contract';
import type { ClientTransport } from '../../../shared/api-client';
import { codeForStatus, type Envelope, type ErrorCode } from '../../../shared/errors';
import { WS_PATH, type WsRequest } from '../../../shared/ws-protocol';
import type { ConnectionSource, ConnectionStatus } from './connection-status';

/** Callbacks the socket adapter drives; kept apart from the DOM WebSocket type so this file runs under Node tests. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  onClose(code: number, reason: string): void;
}

export interface SocketLike {
  send(data: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export interface WsTransportOptions {
  /** The full ws(s):// URL with the token; null when the page has no token. */
  url: string | null;
  noTokenMessage: string;
  createSocket: SocketFactory;
  /** How long a call waits for the socket to (re)open before it fails. */
  openTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface WsTransport extends ClientTransport, ConnectionSource {
  close(): void;
}

// The host is ours, but the socket is still a network boundary: check the frame shape before trusting it.
const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reply'),
    id: z.number(),
    result: z.unknown().optional(),
    error: z.object({ code: z.string(), status: z.number(), message: z.string() }).optional(),
  }),
  z.object({
    type: z.literal('event'),
    name: z.enum(EVENT_NAMES),
    payload: z.unknown(),
    seq: z.number().optional(),
  }),
]);

interface PendingCall {
  method: ApiMethod;
  frame: string;
  sent: boolean;
  timer?: ReturnType<typeof setTimeout>;
  resolve(envelope: Envelope<unknown>): void;
}

/** The host's WebSocket URL for a page at `location` (only protocol and host are read, so Node tests can pass a literal). */
export function webSocketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

const failure = (code: ErrorCode, status: number, message: string): Envelope<never> => ({
  error: { code, status, message },
});

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const openTimeoutMs = options.openTimeoutMs ?? 15_000;
  const initialBackoffMs = options.initialBackoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const pending = new Map<number, PendingCall>();
  const eventListeners = new Set<(event: EventName, payload: unknown, seq?: number) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = options.url
    ? { state: 'connecting' }
    : { state: 'failed', message: options.noTokenMessage };
  let socket: SocketLike | null = null;
  let open = false;
  let closed = false;
  let attempt = 0;
  let nextId = 1;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const settle = (id: number, envelope: Envelope<unknown>) => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    call.resolve(envelope);
  };

  const transmit = (id: number, call: PendingCall) => {
    clearTimeout(call.timer);
    try {
      socket?.send(call.frame);
      call.sent = true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      settle(
        id,
        failure('unavailable', 503, `Could not send ${call.method} to the Fn Studio host: ${reason}`),
      );
    }
  };

  const handleMessage = (data: string) => {
    let parsed: z.infer<typeof serverMessageSchema>;
    try {
      parsed = serverMessageSchema.parse(JSON.parse(data));
    } catch {
      return; // A malformed frame cannot be matched to a call; dropping it beats crashing the UI.
    }
    if (parsed.type === 'event') {
      for (const listener of eventListeners) listener(parsed.name, parsed.payload, parsed.seq);
      return;
    }
    const { error } = parsed;
    // codeForStatus keeps the code within ErrorCode even if a newer host sends a code we do not know.
    const envelope = error
      ? failure(codeForStatus(error.status), error.status, error.message)
      : { result: parsed.result ?? null };
    settle(parsed.id, envelope);
  };

  const handleClose = (code: number, reason: string) => {
    socket = null;
    const wasOpen = open;
    open = false;
    // Sent calls cannot be answered by a new connection: the host forgets them with the old socket.
    for (const [id, call] of pending) {
      if (!call.sent) continue;
      settle(
        id,
        failure(
          'unavailable',
          503,
          `Lost the connection to the Fn Studio host before ${call.method} answered.`,
        ),
      );
    }
    if (closed) return;
    const delay = Math.min(maxBackoffMs, initialBackoffMs * 2 ** attempt);
    attempt += 1;
    const why = reason ? `${reason} (code ${code})` : `code ${code}`;
    const hint = wasOpen
      ? 'Is the host still running?'
      : 'If this persists, open the URL the host printed: its token may have changed.';
    setStatus({
      state: 'reconnecting',
      message: `Connection to the Fn Studio host closed (${why}); retrying in ${Math.ceil(delay / 1000)} s. ${hint}`,
    });
    reconnectTimer = setTimeout(connect, delay);
  };

  function connect() {
    if (closed || socket || !options.url) return;
    try {
      socket = options.createSocket(options.url, {
        onOpen: () => {
          open = true;
          attempt = 0;
          setStatus({ state: 'open' });
          for (const [id, call] of pending) if (!call.sent) transmit(id, call);
        },
        onMessage: handleMessage,
        onClose: handleClose,
      });
    } catch (err) {
      socket = null;
      const reason = err instanceof Error ? err.message : String(err);
      setStatus({ state: 'failed', message: `Cannot open the connection to the Fn Studio host: ${reason}` });
    }
  }

  connect();

  return {
    get status() {
      return status;
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    invoke(method, params) {
      if (!options.url) return Promise.resolve(failure('forbidden', 403, options.noTokenMessage));
      if (closed)
        return Promise.resolve(failure('unavailable', 503, 'The connection to the host was closed.'));
      const id = nextId++;
      const request: WsRequest = { type: 'call', id, method, params };
      return new Promise<Envelope<unknown>>((resolve) => {
        const call: PendingCall = { method, frame: JSON.stringify(request), sent: false, resolve };
        pending.set(id, call);
        if (open) return transmit(id, call);
        call.timer = setTimeout(() => {
          const seconds = Math.round(openTimeoutMs / 1000);
          settle(
            id,
            failure(
              'unavailable',
              503,
              `Could not reach the Fn Studio host within ${seconds} s to run ${method}.`,
            ),
          );
        }, openTimeoutMs);
      });
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      socket?.close();
      for (const id of [...pending.keys()]) {
        settle(id, failure('unavailable', 503, 'The connection to the host was closed.'));
      }
    },
  };
}
