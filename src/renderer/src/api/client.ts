// Picks the transport for this page: the Electron preload's IPC bridge when present, else the host's WebSocket.
import { createStudioClient, type ClientTransport } from '../../../shared/api-client';
import type { StudioClient } from '../../../shared/api-contract';
import { PRELOAD_GLOBAL } from '../../../shared/preload-api';
import { WS_PATH } from '../../../shared/ws-protocol';
import { ALWAYS_OPEN, type ConnectionSource } from './connection-status';
import { createWsTransport, type SocketFactory } from './ws-transport';

export interface StudioConnection {
  client: StudioClient;
  connection: ConnectionSource;
}

export const NO_TOKEN_MESSAGE =
  'This page has no access token, so it cannot talk to the Fn Studio host. ' +
  'Open the URL the host printed at start-up (it ends with ?token=…).';

// The preload is another process's object: check its shape rather than trusting a global's declared type.
function readPreload(win: Window): ClientTransport | null {
  const candidate: unknown = Reflect.get(win, PRELOAD_GLOBAL);
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { invoke, subscribe } = candidate as Record<string, unknown>;
  return typeof invoke === 'function' && typeof subscribe === 'function' ? (candidate as ClientTransport) : null;
}

export function webSocketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  };
  ws.onclose = (event) => handlers.onClose(event.code, event.reason);
  return { send: (data) => ws.send(data), close: () => ws.close() };
};

export function connectStudio(win: Window = window): StudioConnection {
  const preload = readPreload(win);
  if (preload) return { client: createStudioClient(preload), connection: ALWAYS_OPEN };
  const token = new URLSearchParams(win.location.search).get('token');
  const transport = createWsTransport({
    url: token ? webSocketUrl(win.location, token) : null,
    noTokenMessage: NO_TOKEN_MESSAGE,
    createSocket: browserSocket,
  });
  return { client: createStudioClient(transport), connection: transport };
}
