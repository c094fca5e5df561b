// The renderer's WebSocket transport with a fake socket: waiting for open, replies, events, drops and reconnects.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStudioClient } from '../../src/shared/api-client';
import { ApiError } from '../../src/shared/errors';
import type { WsRequest } from '../../src/shared/ws-protocol';
import {
  createWsTransport,
  type SocketHandlers,
  type WsTransportOptions,
} from '../../src/renderer/src/api/ws-transport';

interface FakeSocket {
  url: string;
  handlers: SocketHandlers;
  sent: WsRequest[];
  closed: boolean;
}

function setup(over: Partial<WsTransportOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const transport = createWsTransport({
    url: 'ws://127.0.0.1:8080/ws?token=t0k',
    noTokenMessage: 'no token: open the printed URL',
    createSocket: (url, handlers) => {
      const socket: FakeSocket = { url, handlers, sent: [], closed: false };
      sockets.push(socket);
      return {
        send: (data) => socket.sent.push(JSON.parse(data) as WsRequest),
        close: () => {
          socket.closed = true;
        },
      };
    },
    openTimeoutMs: 1_000,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    ...over,
  });
  const last = () => sockets[sockets.length - 1]!;
  const reply = (socket: FakeSocket, message: unknown) => socket.handlers.onMessage(JSON.stringify(message));
  return { transport, client: createStudioClient(transport), sockets, last, reply };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('renderer WebSocket transport', () => {
  it('holds calls until the socket opens, then sends them and resolves with the reply', async () => {
    const { client, last, reply } = setup();
    const pending = client.listApps({});
    expect(last().sent).toEqual([]);

    last().handlers.onOpen();
    expect(last().sent).toEqual([{ type: 'call', id: 1, method: 'listApps', params: {} }]);
    reply(last(), { type: 'reply', id: 1, result: [] });

    await expect(pending).resolves.toEqual([]);
  });

  it('turns an error reply into an ApiError with the host message', async () => {
    const { client, last, reply } = setup();
    last().handlers.onOpen();
    const pending = client.deleteFn({ fn_id: 'nope' });
    reply(last(), {
      type: 'reply',
      id: 1,
      error: { code: 'not_found', status: 404, message: 'fn nope not found' },
    });

    await expect(pending).rejects.toEqual(new ApiError('not_found', 'fn nope not found'));
  });

  it('delivers events and ignores malformed frames', () => {
    const { client, last, reply } = setup();
    const seen: unknown[] = [];
    client.on('log', (payload) => seen.push(payload));
    last().handlers.onOpen();
    last().handlers.onMessage('not json');
    reply(last(), { type: 'event', name: 'nonsense', payload: 1 });
    reply(last(), { type: 'event', name: 'log', payload: { call_id: 'c', lines: ['x'] } });

    expect(seen).toEqual([{ call_id: 'c', lines: ['x'] }]);
  });

  it('fails sent calls when the socket drops, then reconnects with growing backoff', async () => {
    const { transport, client, sockets, last } = setup();
    last().handlers.onOpen();
    const pending = client.getStatus({});
    last().handlers.onClose(1006, '');

    await expect(pending).rejects.toThrow(
      /Lost the connection to the Fn Studio host before getStatus answered/,
    );
    expect(transport.status.state).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    last().handlers.onClose(1006, '');
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(3);
    last().handlers.onOpen();
    expect(transport.status).toEqual({ state: 'open' });
  });

  it('fails a call that waited too long for the socket to open', async () => {
    const { client } = setup();
    const pending = client.listFns({});
    vi.advanceTimersByTime(1_000);

    await expect(pending).rejects.toThrow(/Could not reach the Fn Studio host within 1 s to run listFns/);
  });

  it('without a token, never connects and answers every call with the clear message', async () => {
    const { transport, client, sockets } = setup({ url: null });

    expect(sockets).toHaveLength(0);
    expect(transport.status).toEqual({ state: 'failed', message: 'no token: open the printed URL' });
    await expect(client.getStatus({})).rejects.toThrow('no token: open the printed URL');
  });
});
