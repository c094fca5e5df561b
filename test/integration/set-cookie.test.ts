// Headers kept as lists from socket to socket, with a real host and real containers: a function that sets two
// Set-Cookie headers reaches a node:http client as two headers in json, http and http-stream, directly and through
// a trigger; two request headers of one name reach the function as two values.
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioHost } from '../../src/main/host/studio-host';
import { FDK_NODE_IMAGE, NODE_HTTP_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let host: StudioHost;
let dataDir: string;
const fnIds: Record<string, string> = {};

/** One request through node:http, whose `res.headers['set-cookie']` is an array of the headers received. */
function send(path: string, body: string, headers: Record<string, string | string[]> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.apiUrl}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function create(path: string, body: unknown): Promise<{ id: string }> {
  const res = await send(path, JSON.stringify(body), { 'Content-Type': 'application/json' });
  if (res.status !== 200) throw new Error(`POST ${path} → ${res.status} ${res.body}`);
  return JSON.parse(res.body) as { id: string };
}

const FORMATS = [
  ['json', NODE_JSON_IMAGE],
  ['http', NODE_HTTP_IMAGE],
  ['http-stream', FDK_NODE_IMAGE],
] as const;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-set-cookie-'));
  host = await StudioHost.start({ host: '127.0.0.1', port: 0, dataDir, uiRoot: dataDir, version: 'test' });
  const app = await create('/v2/apps', { name: 'cookies' });
  for (const [format, image] of FORMATS) {
    fnIds[format] = (
      await create('/v2/fns', { app_id: app.id, name: format, image, format, network: 'none' })
    ).id;
    await create('/v2/triggers', {
      app_id: app.id,
      fn_id: fnIds[format],
      name: `t-${format}`,
      type: 'http',
      source: `/${format}`,
    });
  }
});
afterAll(async () => {
  await host?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('two Set-Cookie headers from a function', () => {
  for (const [format] of FORMATS) {
    it(`reach the client as two headers: ${format}, directly and through a trigger`, async () => {
      for (const path of [`/invoke/${fnIds[format]}`, `/t/cookies/${format}`]) {
        const res = await send(path, 'cookies');
        expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 200, body: 'cookies' });
        expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      }
    });
  }
});

describe('two request headers of one name', () => {
  const twice = { 'X-Twice': ['one', 'two'] };

  it('reach json and http functions as two values, directly and through a trigger', async () => {
    for (const format of ['json', 'http']) {
      for (const path of [`/invoke/${fnIds[format]}`, `/t/cookies/${format}`]) {
        const res = await send(path, 'headers', twice);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect(JSON.parse(res.body)['x-twice']).toEqual(['one', 'two']);
      }
    }
  });

  it('reach an http-stream function as two values, directly and as two gateway headers through a trigger', async () => {
    // The FDK sends a string result as JSON: the function's JSON text arrives as a JSON string.
    const headersOf = (res: Reply) => JSON.parse(JSON.parse(res.body) as string) as Record<string, string[]>;
    const direct = await send(`/invoke/${fnIds['http-stream']}`, 'headers', twice);
    expect(headersOf(direct)['X-Twice']).toEqual(['one', 'two']);
    const viaTrigger = await send('/t/cookies/http-stream', 'headers', twice);
    expect(headersOf(viaTrigger)['Fn-Http-H-X-Twice']).toEqual(['one', 'two']);
  });
});
