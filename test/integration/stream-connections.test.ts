// Connection reuse to an http-stream container's socket on real Docker, direct and through the relay: a function
// that counts the connections its server accepted shows they are kept between calls, and functions that close
// their connections (right after a reply, or just as the next call arrives) still answer every call.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/main/core/call-types';
import { callOptions, useAgents } from '../support/agent-fixture';
import { NODE_CONN_IMAGE } from '../support/test-images-hot';

const agentFor = useAgents();

const conn = (mode: string, body: string, over: Partial<CallOptions> = {}) =>
  callOptions({
    image: NODE_CONN_IMAGE,
    format: 'http-stream',
    memory: 64,
    body: Buffer.from(body),
    config: { MODE: mode },
    ...over,
  });

/** The same call with its body as a stream, as the HTTP API sends an invoke's body. */
function streamed(mode: string, body: string): CallOptions {
  const stream = new PassThrough();
  stream.end(body);
  return conn(mode, '', { bodyStream: stream });
}

describe.each(['direct', 'relay'] as const)('connections to an http-stream container (%s mode)', (mode) => {
  const agentWith = () => agentFor({ httpStreamMode: mode }).agent;

  it('keeps one connection across 1,000 sequential calls', async () => {
    const agent = agentWith();
    const containers = new Set<string>();
    let connections = 0;
    for (let i = 0; i < 1000; i++) {
      const out = await agent.submit(i % 2 ? conn('keep', `c${i}`) : streamed('keep', `c${i}`)).outcome;
      expect(out.error ?? out.status).toBe('success');
      expect(out.body.toString()).toBe(`conn:c${i}`);
      containers.add(out.container_id!);
      connections = Number(out.headers['x-connections']?.[0]);
    }
    expect(containers.size).toBe(1);
    // A fresh connection is opened only after a second of idling; back-to-back calls reuse one throughout.
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThan(50);
  });

  it('loses no call when the function closes a kept connection just as the next call arrives', async () => {
    const agent = agentWith();
    for (let i = 1; i <= 40; i++) {
      // Buffered and streamed bodies: a streamed body is sent again whole on the fresh connection.
      const out = await agent.submit(i % 2 ? conn('drop-reused', `d${i}`) : streamed('drop-reused', `d${i}`))
        .outcome;
      expect(out).toMatchObject({ status: 'success', http_status: 200 });
      expect(out.body.toString()).toBe(`conn:d${i}`);
      // Each call after the first met a closed connection and was answered on the next fresh one.
      expect(out.headers['x-connections']).toEqual([String(i)]);
    }
  });

  it('loses no call when the function closes each connection after its reply', async () => {
    const agent = agentWith();
    const containers = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const out = await agent.submit(
        i % 2 ? conn('close-after-reply', `a${i}`) : streamed('close-after-reply', `a${i}`),
      ).outcome;
      expect(out).toMatchObject({ status: 'success', http_status: 200 });
      expect(out.body.toString()).toBe(`conn:a${i}`);
      containers.add(out.container_id!);
    }
    expect(containers.size).toBe(1);
  });
});
