// Messages of the UI's WebSocket transport (headless and browser): one request/reply pair per API call, plus events.
import type { ApiMethod, EventName } from './api-contract';
import type { Envelope } from './errors';

export const WS_PATH = '/ws';

export interface WsRequest {
  type: 'call';
  id: number;
  method: ApiMethod;
  params: unknown;
}

export type WsReply = { type: 'reply'; id: number } & Envelope<unknown>;

export interface WsEvent {
  type: 'event';
  name: EventName;
  payload: unknown;
  /** The host's event number (see getLiveState). */
  seq: number;
}

export type WsServerMessage = WsReply | WsEvent;
