// Picks the transport for this page: the Electron preload's IPC bridge when present, else the host's WebSocket.
import { createStudioClient, type ClientTransport } from '../../../shared/api-client';
import type { StudioClient } from '../../../shared/api-contract';
import { PRELOAD_GLOBAL } from '../../../shared/preload-api';
import { ALWAYS_OPEN, type ConnectionSource } from './connection-status';
import { createWsTransport, webSocketUrl, type SocketFactory } from './ws-transport';

// Re-exported for callers that still import it from here; it lives with the DOM-free transport.
export { webSocketUrl };

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
  return typeof invoke === 'function' && typeof subscribe === 'function'
    ? (candidate as ClientTransport)
    : null;
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
