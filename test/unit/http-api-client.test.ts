// The tests' HTTP API client against a local server: multi-valued headers kept apart, JSON parsed, readable errors.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiStatusError, HttpApiClient } from '../support/http-api-client';

let server: Server;
let api: HttpApiClient;
const seen: { method?: string; url?: string; headers?: IncomingHttpHeaders; body?: string } = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/cookies') {
        res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/']);
        res.setHeader('Content-Type', 'text/plain');
        res.end('two cookies');
      } else if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"no such thing"}');
      } else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ echo: body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api = new HttpApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => {
  server.close();
});

describe('HttpApiClient', () => {
  it('keeps two Set-Cookie headers as two entries and answers a text body as text', async () => {
    const reply = await api.request<string>('GET', '/cookies');
    expect(reply.status).toBe(200);
    expect(reply.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(reply.body).toBe('two cookies');
  });

  it('sends an object as JSON with its content type, and a string as it is', async () => {
    expect(await api.ok<{ echo: string }>('POST', '/x?y=1', { a: 1 })).toEqual({ echo: '{"a":1}' });
    expect(seen).toMatchObject({ method: 'POST', url: '/x?y=1' });
    expect(seen.headers?.['content-type']).toBe('application/json');
    await api.request('PUT', '/raw', { body: '{not json', headers: { Host: 'localhost', 'X-A': '1' } });
    expect(seen.body).toBe('{not json');
    expect(seen.headers).toMatchObject({ host: 'localhost', 'x-a': '1' });
    expect(seen.headers).not.toHaveProperty('content-type');
  });

  it('throws an error naming method, path, status and body on an unexpected status', async () => {
    const err = await api.ok('GET', '/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiStatusError);
    expect((err as Error).message).toBe('GET /missing → 404 {"message":"no such thing"}');
    await expect(api.ok('GET', '/x', undefined, { status: 201 })).rejects.toThrow('GET /x → 200');
  });
});
