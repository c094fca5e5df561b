// Headers kept as lists from socket to socket, with a real host and real containers: a function that sets two
// Set-Cookie headers reaches a node:http client as two headers in json, http and http-stream, directly and through
// a trigger; two request headers of one name reach the function as two values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioHost } from '../../src/main/host/studio-host';
import { type ApiReply, HttpApiClient } from '../support/http-api-client';
import { FDK_NODE_IMAGE, NODE_HTTP_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

let host: StudioHost;
let dataDir: string;
// node:http underneath: repeated response headers come back as lists (two Set-Cookie are two entries).
const api = new HttpApiClient(() => host.apiUrl);
const fnIds: Record<string, string> = {};

const send = (path: string, body: string, headers: Record<string, string[]> = {}) =>
  api.request<string>('POST', path, { body, headers });

const FORMATS = [
  ['json', NODE_JSON_IMAGE],
  ['http', NODE_HTTP_IMAGE],
  ['http-stream', FDK_NODE_IMAGE],
] as const;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-set-cookie-'));
  host = await StudioHost.start({ host: '127.0.0.1', port: 0, dataDir, uiRoot: dataDir, version: 'test' });
  const app = await api.createApp({ name: 'cookies' });
  for (const [format, image] of FORMATS) {
    fnIds[format] = (await api.createFn({ app_id: app.id, name: format, image, format, network: 'none' })).id;
    await api.createTrigger({
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
        // A body of its own: an image without the command would echo 'cookies' back.
        expect({ path, status: res.status, body: res.text }).toEqual({
          path,
          status: 200,
          body: 'two cookies',
        });
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
        expect(JSON.parse(res.text)['x-twice']).toEqual(['one', 'two']);
      }
    }
  });

  it('reach an http-stream function as two values, directly and as two gateway headers through a trigger', async () => {
    // The FDK sends a string result as JSON: the function's JSON text arrives as a JSON string.
    const headersOf = (res: ApiReply<string>) =>
      JSON.parse(JSON.parse(res.text) as string) as Record<string, string[]>;
    const direct = await send(`/invoke/${fnIds['http-stream']}`, 'headers', twice);
    expect(headersOf(direct)['X-Twice']).toEqual(['one', 'two']);
    const viaTrigger = await send('/t/cookies/http-stream', 'headers', twice);
    expect(headersOf(viaTrigger)['Fn-Http-H-X-Twice']).toEqual(['one', 'two']);
  });
});
