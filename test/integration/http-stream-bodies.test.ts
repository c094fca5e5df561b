// http-stream bodies stream both ways through the HTTP API: a function's reply reaches the client while the client
// is still sending, large bodies pass whole, the call record keeps their start, and the size limit still holds.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApiClient } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { FDK_NODE_IMAGE, NODE_STREAM_IMAGE } from '../support/test-images-hot';

let s: ServeProcess;
const api = new HttpApiClient(() => s.baseUrl);

let appId: string;
beforeAll(async () => {
  s = await startServe();
  appId = (await api.createApp({ name: 'streams' })).id;
});
afterAll(async () => {
  await s?.stop();
});

describe('http-stream bodies over the HTTP API', () => {
  it('answers while the client is still sending (both directions stream)', async () => {
    const fn = await api.createFn({
      name: 'pipe',
      app_id: appId,
      image: NODE_STREAM_IMAGE,
      config: { MODE: 'pipe' },
    });
    const url = new URL(`${s.baseUrl}/invoke/${fn.id}`);
    const received = await new Promise<string[]>((resolve, reject) => {
      const parts: string[] = [];
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['fn-call-id']).toMatch(/^[0-9A-Z]{26}$/);
          res.on('data', (c: Buffer) => {
            parts.push(c.toString());
            // Only once the first part has come back does the client send the rest.
            if (parts.join('') === 'first|') req.end('second');
          });
          res.on('end', () => resolve(parts));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.write('first|');
    });
    expect(received.join('')).toBe('first|second');
  });

  it('passes a 1 MiB body through the real FDK and records its start', async () => {
    const fn = await api.createFn({ name: 'fdk-echo', app_id: appId, image: FDK_NODE_IMAGE });
    const body = 'x'.repeat(1024 * 1024);
    const res = await fetch(`${s.baseUrl}/invoke/${fn.id}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(body.length);
    const id = res.headers.get('fn-call-id');
    await expect.poll(async () => (await api.getCall(id ?? '')).status).toBe('success');
    const call = await api.getCall(id ?? '');
    expect(call.request).toMatchObject({ body_truncated: true });
    expect(call.request.body).toHaveLength(64 * 1024);
    expect(call.response).toMatchObject({ status: 200, body_truncated: true });
  });

  // A detached call has no caller to read its reply as it arrives: the body is read whole, never left stalled in a
  // stream nobody reads (which would hold the function's reply until its timeout).
  it('ends a detached call whose reply is 1 MiB', async () => {
    const fn = await api.createFn({ name: 'fdk-echo-detached', app_id: appId, image: FDK_NODE_IMAGE });
    const body = 'z'.repeat(1024 * 1024);
    const accepted = await api.request<{ call_id: string }>('POST', `/invoke/${fn.id}`, {
      body,
      headers: { 'Content-Type': 'text/plain', 'Fn-Invoke-Type': 'detached' },
    });
    expect(accepted.status).toBe(202);
    const id = accepted.body.call_id;
    await expect
      .poll(async () => (await api.getCall(id)).status, { timeout: 60_000 })
      .not.toMatch(/^(queued|running)$/);
    const call = await api.getCall(id);
    expect(call).toMatchObject({ status: 'success', error_kind: null });
    expect(call.response).toMatchObject({ status: 200, body_truncated: true });
  });

  it('still refuses a streamed body over the limit with 413', async () => {
    const fn = await api.createFn({
      name: 'big',
      app_id: appId,
      image: NODE_STREAM_IMAGE,
      config: { MODE: 'echo' },
    });
    const url = new URL(`${s.baseUrl}/invoke/${fn.id}`);
    // Chunked, so the size is not declared up front and the limit is enforced as the body flows.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST' },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 'y');
      for (let i = 0; i < 7; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });
});
