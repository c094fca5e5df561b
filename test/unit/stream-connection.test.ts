// The keeper of a hot container's socket connection: which connection a call gets (kept or fresh), when a kept one
// is dropped, and which errors on a reused connection mean the function had closed it.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  closedWhileIdle,
  MAX_IDLE_MS,
  StreamConnections,
} from '../../src/main/core/protocols/stream-connection';

/** Just what the keeper uses of a socket. */
class FakeSocket extends EventEmitter {
  destroyed = false;
  referenced = true;
  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true;
      this.emit('close');
    }
    return this;
  }
  ref(): this {
    this.referenced = true;
    return this;
  }
  unref(): this {
    this.referenced = false;
    return this;
  }
  resume(): this {
    return this;
  }
}

function keeper() {
  let now = 1000;
  const sockets: FakeSocket[] = [];
  const conns = new StreamConnections(
    () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s as unknown as Socket;
    },
    () => now,
  );
  return { conns, sockets, advance: (ms: number) => (now += ms) };
}

describe('StreamConnections', () => {
  it('reuses the kept connection while it idled less than MAX_IDLE_MS', () => {
    const { conns, sockets, advance } = keeper();
    const first = conns.take();
    expect(first.reused).toBe(false);
    conns.keep(first.socket);
    expect(sockets[0].referenced).toBe(false);
    advance(MAX_IDLE_MS - 1);
    const second = conns.take();
    expect(second).toEqual({ socket: first.socket, reused: true });
    expect(sockets[0].referenced).toBe(true);
    expect({ opened: conns.opened, reused: conns.reused }).toEqual({ opened: 1, reused: 1 });
  });

  it('reuses it for a call after a second of quiet (sparse traffic)', () => {
    const { conns, advance } = keeper();
    const first = conns.take();
    conns.keep(first.socket);
    advance(1_050);
    expect(conns.take()).toEqual({ socket: first.socket, reused: true });
  });

  it('opens a fresh connection after MAX_IDLE_MS of idling, and closes the old one', () => {
    const { conns, sockets, advance } = keeper();
    conns.keep(conns.take().socket);
    advance(MAX_IDLE_MS);
    const next = conns.take();
    expect(next.reused).toBe(false);
    expect(sockets).toHaveLength(2);
    expect(sockets[0].destroyed).toBe(true);
  });

  it('opens a fresh connection when asked to (a retry), and while the kept one is taken', () => {
    const { conns, sockets } = keeper();
    conns.keep(conns.take().socket);
    expect(conns.take(true).reused).toBe(false);
    expect(sockets[0].destroyed).toBe(true);
    // Never two calls on one connection: a taken connection is not handed out again until it is given back.
    expect(conns.take().socket).not.toBe(conns.take().socket);
  });

  it('drops a kept connection that closes or errs while idle', () => {
    const { conns, sockets } = keeper();
    conns.keep(conns.take().socket);
    sockets[0].emit('error', new Error('ECONNRESET'));
    expect(sockets[0].destroyed).toBe(true);
    expect(conns.take().reused).toBe(false);
    conns.keep(sockets[1] as unknown as Socket);
    sockets[1].destroy();
    expect(conns.take().socket).toBe(sockets[2]);
  });

  it('drops a kept connection on which the function sends bytes, or ends, while idle', () => {
    const { conns, sockets } = keeper();
    conns.keep(conns.take().socket);
    // Read as the next call's reply, they would answer a call the function never saw.
    sockets[0].emit('data', Buffer.from('HTTP/1.1 200 OK'));
    expect(sockets[0].destroyed).toBe(true);
    expect(conns.take().socket).toBe(sockets[1]);
    conns.keep(sockets[1] as unknown as Socket);
    sockets[1].emit('end');
    expect(sockets[1].destroyed).toBe(true);
    expect(conns.take().reused).toBe(false);
  });

  it('keeps the newest connection given back and closes the one it replaces', () => {
    const { conns, sockets } = keeper();
    const a = conns.take().socket;
    const b = conns.take().socket;
    conns.keep(a);
    conns.keep(b);
    expect(sockets[0].destroyed).toBe(true);
    expect(conns.take().socket).toBe(b);
  });

  it('keeps nothing once closed', () => {
    const { conns, sockets } = keeper();
    const a = conns.take().socket;
    conns.keep(conns.take().socket);
    conns.close();
    expect(sockets[1].destroyed).toBe(true);
    conns.keep(a);
    expect(sockets[0].destroyed).toBe(true);
  });

  it('tells a connection the function closed while idle from other failures', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(closedWhileIdle(err('ECONNRESET'))).toBe(true); // also Node's "socket hang up"
    expect(closedWhileIdle(err('EPIPE'))).toBe(true);
    expect(closedWhileIdle(err('ENOENT'))).toBe(false);
    expect(closedWhileIdle(new Error('call cancelled'))).toBe(false);
    expect(closedWhileIdle(undefined)).toBe(false);
  });
});
