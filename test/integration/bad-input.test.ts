// A catalogue of bad requests against one `npm run serve`: each gets DESIGN.md §3's status and a JSON message, and the host keeps serving.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE } from '../support/test-images';

interface Case {
  name: string;
  method: string;
  /** `{app}`, `{fn}` and `{big}` (a 512 MB fn) stand for the ids made in beforeAll. */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is (after placeholders); anything else as JSON. */
  body?: unknown;
  /** Send the body chunked, with no Content-Length, so the server cannot refuse it up front. */
  chunked?: boolean;
  /** Settings to PUT before the case; each is reset with null afterwards. */
  settings?: Record<string, unknown>;
  status: number;
  message: RegExp;
  responseHeaders?: Record<string, RegExp>;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let s: ServeProcess;
const ids = { app: '', fn: '', big: '' };
const fill = (text: string) => text.replace(/\{(app|fn|big)\}/g, (_, k: keyof typeof ids) => ids[k]);
let fnNames = 0;
/** A valid fn body with one field made bad; a fresh name each, so a wrongly accepted case cannot make the next a 409. */
const fn = (extra: Record<string, unknown>) => ({
  name: `f${++fnNames}`,
  app_id: '{app}',
  image: BUSYBOX_IMAGE,
  ...extra,
});

/** Node's http.request rather than fetch: fetch cannot forge Host, and buffers or rejects what we want to send raw. */
function send(
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; chunked?: boolean } = {},
): Promise<Answer> {
  const url = new URL(s.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: opts.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // A reset before any answer fails the case: a client must get to read its 413 or 431, not a dropped connection.
    req.on('error', reject);
    if (opts.chunked && opts.body) {
      req.write(opts.body);
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}
const putSettings = (patch: Record<string, unknown>) =>
  send('PUT', '/v2/settings', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(patch),
  });

/** A valid app body of exactly n bytes, so only its size is wrong. */
const big = (n: number) =>
  JSON.stringify({ name: 'big', pad: 'x'.repeat(n - '{"name":"big","pad":""}'.length) });

/** One row of the table: the route is "METHOD /path"; `more` carries the rarer columns. */
function bad(
  name: string,
  route: string,
  body: unknown,
  status: number,
  message: RegExp,
  more: Partial<Case> = {},
): Case {
  const [method, path] = route.split(' ');
  return { name, method, path, body, status, message, ...more };
}

const CASES: Case[] = [
  // Bodies that are not a JSON object.
  bad('malformed JSON', 'POST /v2/apps', '{"name": ', 400, /not valid JSON/),
  bad('JSON array body', 'POST /v2/apps', '[{"name":"a"}]', 400, /JSON object/),
  bad('JSON number body', 'POST /v2/apps', '42', 400, /JSON object/),
  bad('JSON string body', 'POST /v2/apps', '"app"', 400, /JSON object/),
  bad('JSON null body', 'POST /v2/fns', 'null', 400, /JSON object/),
  bad('empty body on POST', 'POST /v2/apps', '', 400, /JSON object/),
  bad('malformed JSON on PUT fn', 'PUT /v2/fns/{fn}', '{,}', 400, /not valid JSON/),
  bad('malformed JSON on PUT settings', 'PUT /v2/settings', 'pool_mb=1', 400, /not valid JSON/),
  bad(
    'deeply nested JSON',
    'POST /v2/apps',
    `{"name":${'['.repeat(500_000)}${']'.repeat(500_000)}}`,
    400,
    /name/,
  ),
  // Wrong types.
  bad('app name as number', 'POST /v2/apps', { name: 42 }, 400, /name/),
  bad('app without name', 'POST /v2/apps', {}, 400, /name/),
  bad('app_id as number', 'POST /v2/fns', fn({ app_id: 7 }), 400, /app_id/),
  bad('fn without image', 'POST /v2/fns', fn({ image: undefined }), 400, /image/),
  bad('syslog_url as number', 'POST /v2/apps', { name: 'ok', syslog_url: 5 }, 400, /syslog_url/),
  bad('memory as string', 'POST /v2/fns', fn({ memory: '128' }), 400, /memory/),
  bad('memory 1.5', 'POST /v2/fns', fn({ memory: 1.5 }), 400, /memory.*integer/),
  bad('memory -128', 'POST /v2/fns', fn({ memory: -128 }), 400, /memory/),
  bad(
    'memory 1e400 (Infinity)',
    'POST /v2/fns',
    '{"name":"inf","app_id":"{app}","image":"a","memory":1e400}',
    400,
    /memory/,
  ),
  bad('timeout "30"', 'POST /v2/fns', fn({ timeout: '30' }), 400, /timeout/),
  bad('idle_timeout true', 'POST /v2/fns', fn({ idle_timeout: true }), 400, /idle_timeout/),
  bad('config as array', 'POST /v2/fns', fn({ config: ['A=1'] }), 400, /config/),
  bad('config value number', 'POST /v2/fns', fn({ config: { A: 1 } }), 400, /config/),
  bad('annotations as string', 'POST /v2/apps', { name: 'ok', annotations: 'a=b' }, 400, /annotations/),
  bad('unknown format', 'POST /v2/fns', fn({ format: 'xml' }), 400, /format/),
  bad('odd network name', 'POST /v2/fns', fn({ network: 'no net!' }), 400, /network/),
  // Names outside ^[A-Za-z0-9_-]{1,255}$.
  bad('app name with a space', 'POST /v2/apps', { name: 'my app' }, 400, /name/),
  bad('app name with a slash', 'POST /v2/apps', { name: 'a/b' }, 400, /name/),
  bad('app name in unicode', 'POST /v2/apps', { name: 'café' }, 400, /name/),
  bad('app name of 256 chars', 'POST /v2/apps', { name: 'a'.repeat(256) }, 400, /name/),
  bad('empty app name', 'POST /v2/apps', { name: '' }, 400, /name/),
  bad('app name with a trailing newline', 'POST /v2/apps', { name: 'app\n' }, 400, /name/),
  bad('fn name with a dot', 'POST /v2/fns', fn({ name: 'a.b' }), 400, /name/),
  // Conflicts.
  bad('duplicate app name', 'POST /v2/apps', { name: 'bad-input' }, 409, /already exists/),
  bad('duplicate fn name', 'POST /v2/fns', fn({ name: 'f' }), 409, /already exists/),
  bad('renamed app on PUT', 'PUT /v2/apps/{app}', { name: 'other' }, 409, /renamed/),
  bad('renamed fn on PUT', 'PUT /v2/fns/{fn}', { name: 'other' }, 409, /renamed/),
  // Unknown ids.
  bad(
    'fn create with unknown app_id',
    'POST /v2/fns',
    { name: 'x', app_id: 'nope', image: BUSYBOX_IMAGE },
    404,
    /app nope/,
  ),
  bad('GET unknown app', 'GET /v2/apps/nope', undefined, 404, /nope/),
  bad('PUT unknown app', 'PUT /v2/apps/nope', {}, 404, /nope/),
  bad('DELETE unknown app', 'DELETE /v2/apps/nope', undefined, 404, /nope/),
  bad('GET unknown fn', 'GET /v2/fns/nope', undefined, 404, /nope/),
  bad('PUT unknown fn', 'PUT /v2/fns/nope', {}, 404, /nope/),
  bad('DELETE unknown fn', 'DELETE /v2/fns/nope', undefined, 404, /nope/),
  bad('GET unknown call', 'GET /v2/calls/nope', undefined, 404, /nope/),
  bad('GET unknown call log', 'GET /v2/calls/nope/log', undefined, 404, /nope/),
  bad('DELETE unknown call', 'DELETE /v2/calls/nope', undefined, 404, /nope/),
  bad('invoke unknown fn', 'POST /invoke/nope', 'x', 404, /nope/),
  // Images that are not references.
  bad('image UPPER/case', 'POST /v2/fns', fn({ image: 'UPPER/case' }), 400, /image/),
  bad('image with a space', 'POST /v2/fns', fn({ image: 'a b' }), 400, /image/),
  bad('empty image', 'POST /v2/fns', fn({ image: '' }), 400, /image/),
  bad('image :tag only', 'POST /v2/fns', fn({ image: ':tag' }), 400, /image/),
  bad('bad image on PUT', 'PUT /v2/fns/{fn}', { image: 'x y' }, 400, /image/),
  // Limits of memory, timeout and idle_timeout.
  bad('memory 0', 'POST /v2/fns', fn({ memory: 0 }), 400, /memory/),
  bad('memory 8193', 'POST /v2/fns', fn({ memory: 8193 }), 400, /memory/),
  bad('memory over the pool', 'POST /v2/fns', fn({ memory: 512 }), 400, /pool/, {
    settings: { pool_mb: 256 },
  }),
  bad('memory over the pool on PUT', 'PUT /v2/fns/{fn}', { memory: 512 }, 400, /pool/, {
    settings: { pool_mb: 256 },
  }),
  bad('timeout 0', 'POST /v2/fns', fn({ timeout: 0 }), 400, /timeout/),
  bad('timeout 301', 'POST /v2/fns', fn({ timeout: 301 }), 400, /timeout/),
  bad('idle_timeout 0', 'POST /v2/fns', fn({ idle_timeout: 0 }), 400, /idle_timeout/),
  bad('idle_timeout 3601', 'POST /v2/fns', fn({ idle_timeout: 3601 }), 400, /idle_timeout/),
  bad('timeout 0 on PUT', 'PUT /v2/fns/{fn}', { timeout: 0 }, 400, /timeout/),
  // Config keys that are not environment names.
  bad('config key 1A', 'POST /v2/fns', fn({ config: { '1A': 'v' } }), 400, /config/),
  bad('config key A-B', 'POST /v2/apps', { name: 'ok', config: { 'A-B': 'v' } }, 400, /config/),
  bad('config key "A B"', 'PUT /v2/apps/{app}', { config: { 'A B': 'v' } }, 400, /config/),
  // List parameters.
  bad('per_page 0', 'GET /v2/apps?per_page=0', undefined, 400, /per_page/),
  bad('per_page -1', 'GET /v2/fns?per_page=-1', undefined, 400, /per_page/),
  bad('per_page x', 'GET /v2/calls?per_page=x', undefined, 400, /per_page/),
  bad('per_page 1.5', 'GET /v2/apps?per_page=1.5', undefined, 400, /per_page/),
  bad('bad status filter', 'GET /v2/calls?status=done', undefined, 400, /status/),
  // Settings.
  bad('unknown settings key', 'PUT /v2/settings', { pool_size: 1 }, 400, /pool_size/),
  bad('port 70000', 'PUT /v2/settings', { port: 70000 }, 400, /port/),
  bad('wait_bound_s 0', 'PUT /v2/settings', { wait_bound_s: 0 }, 400, /wait_bound_s/),
  bad(
    'http_stream_mode sideways',
    'PUT /v2/settings',
    { http_stream_mode: 'sideways' },
    400,
    /http_stream_mode/,
  ),
  bad('pool_mb as string', 'PUT /v2/settings', { pool_mb: '256' }, 400, /pool_mb/),
  bad('settings key __proto__', 'PUT /v2/settings', '{"__proto__":{"pool_mb":1}}', 400, /__proto__/),
  bad('docker_host not a URL', 'PUT /v2/settings', { docker_host: 'my-docker' }, 400, /docker_host/),
  bad('pool_mb under 64', 'PUT /v2/settings', { pool_mb: 32 }, 400, /pool_mb/),
  bad('body_limit_bytes 100', 'PUT /v2/settings', { body_limit_bytes: 100 }, 400, /body_limit_bytes/),
  // Invoke.
  bad('invoke when the pool shrank below the fn', 'POST /invoke/{big}', 'x', 400, /pool/, {
    settings: { pool_mb: 256 },
  }),
  bad('bad Fn-Invoke-Type', 'POST /invoke/{fn}', 'x', 400, /Fn-Invoke-Type/, {
    headers: { 'Fn-Invoke-Type': 'later' },
  }),
  // Loopback guard.
  bad('foreign Host', 'GET /version', undefined, 403, /evil\.example/, {
    headers: { Host: 'evil.example:8080' },
  }),
  bad('Host that starts like localhost', 'GET /v2/apps', undefined, 403, /host/, {
    headers: { Host: 'localhost.evil.example' },
  }),
  bad('foreign Origin', 'GET /v2/apps', undefined, 403, /Origin/, {
    headers: { Origin: 'http://evil.example' },
  }),
  bad('foreign Origin on invoke', 'POST /invoke/{fn}', 'x', 403, /Origin/, {
    headers: { Origin: 'http://evil.example' },
  }),
  bad('Origin null (sandboxed page)', 'GET /v2/apps', undefined, 403, /Origin/, {
    headers: { Origin: 'null' },
  }),
  bad('Origin of another local port', 'PUT /v2/apps/{app}', {}, 403, /Origin/, {
    headers: { Origin: 'http://127.0.0.1:1' },
  }),
  // Sizes.
  bad('app body over the limit', 'POST /v2/apps', big(4096), 413, /limit/, {
    settings: { body_limit_bytes: 2048 },
  }),
  bad('invoke body over the limit', 'POST /invoke/{fn}', 'x'.repeat(4096), 413, /limit/, {
    settings: { body_limit_bytes: 2048 },
  }),
  bad('chunked invoke body over the limit', 'POST /invoke/{fn}', 'x'.repeat(4096), 413, /limit/, {
    chunked: true,
    settings: { body_limit_bytes: 2048 },
  }),
  bad('app body far over the limit', 'POST /v2/apps', big(100_000), 413, /limit/, {
    settings: { body_limit_bytes: 2048 },
  }),
  bad('invoke body far over the limit', 'POST /invoke/{fn}', 'x'.repeat(100_000), 413, /limit/, {
    settings: { body_limit_bytes: 2048 },
  }),
  bad('chunked app body far over the limit', 'POST /v2/apps', big(100_000), 413, /limit/, {
    chunked: true,
    settings: { body_limit_bytes: 2048 },
  }),
  bad('a 20 KB URL', 'GET /v2/apps/' + 'a'.repeat(20 * 1024), undefined, 431, /limit/),
  bad('a 40 KB header', 'GET /version', undefined, 431, /header/, {
    headers: { 'X-Big': 'h'.repeat(40 * 1024) },
  }),
  // Paths and methods.
  bad('PATCH /v2/apps', 'PATCH /v2/apps', {}, 405, /PATCH/, {
    responseHeaders: { allow: /GET.*POST|POST.*GET/ },
  }),
  bad('PUT /invoke/{fn}', 'PUT /invoke/{fn}', 'x', 405, /PUT/, { responseHeaders: { allow: /POST/ } }),
  bad('DELETE /v2/settings', 'DELETE /v2/settings', undefined, 405, /DELETE/, {
    responseHeaders: { allow: /PUT/ },
  }),
  bad('unknown path', 'GET /v2/nothing', undefined, 404, /nothing/),
  bad('path under a known one', 'GET /v2/apps/{app}/fns', undefined, 404, /no such endpoint/),
  bad('percent-encoding error', 'GET /v2/apps/%E0%A4%A', undefined, 400, /%E0%A4%A/),
  bad('percent-encoding error on invoke', 'POST /invoke/%ZZ', 'x', 400, /%ZZ/),
  bad('percent-encoding error in a call log path', 'GET /v2/calls/%E0/log', undefined, 400, /%E0/),
];

/** Creates what the cases refer to; a failure here is the server's, so it shows the answer. */
async function created(path: string, body: Record<string, unknown>): Promise<string> {
  const headers = { 'Content-Type': 'application/json' };
  const r = await send('POST', path, { headers, body: JSON.stringify(body) });
  expect(r.status, r.body).toBe(200);
  return JSON.parse(r.body).id;
}

beforeAll(async () => {
  s = await startServe();
  ids.app = await created('/v2/apps', { name: 'bad-input' });
  const base = { app_id: ids.app, image: BUSYBOX_IMAGE, format: 'default' };
  ids.fn = await created('/v2/fns', { ...base, name: 'f' });
  ids.big = await created('/v2/fns', { ...base, name: 'big', memory: 512 });
});
afterAll(async () => {
  await s?.stop();
});

describe('bad input', () => {
  it('has a catalogue of at least 45 distinct cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$name → $status', async (c) => {
    for (const [k, v] of Object.entries(c.settings ?? {})) {
      const r = await putSettings({ [k]: v });
      expect(r.status, r.body).toBe(200);
    }
    try {
      const body =
        c.body === undefined ? undefined : fill(typeof c.body === 'string' ? c.body : JSON.stringify(c.body));
      const headers = {
        ...(typeof c.body === 'object' ? { 'Content-Type': 'application/json' } : {}),
        ...c.headers,
      };
      const res = await send(c.method, fill(c.path), { headers, body, chunked: c.chunked });
      expect(res.status, res.body).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const parsed: unknown = JSON.parse(res.body);
      expect(parsed).toEqual({ message: expect.any(String) });
      expect((parsed as { message: string }).message).toMatch(c.message);
      for (const [name, pattern] of Object.entries(c.responseHeaders ?? {}))
        expect(String(res.headers[name] ?? '')).toMatch(pattern);
    } finally {
      // Reset even when the case failed, so one failure does not change the answers of the rest.
      for (const k of Object.keys(c.settings ?? {}))
        expect((await putSettings({ [k]: null })).status).toBe(200);
      const version = await send('GET', '/version');
      expect(version.status, 'the host still serves').toBe(200);
    }
  });

  it('left no trace: only the setup app and fns exist, unchanged, and no setting is saved', async () => {
    const apps = JSON.parse((await send('GET', '/v2/apps')).body);
    expect(apps.items.map((a: { id: string }) => a.id)).toEqual([ids.app]);
    expect(apps.items[0]).toMatchObject({ name: 'bad-input', config: {} });
    const fns = JSON.parse((await send('GET', '/v2/fns')).body);
    expect(fns.items.map((f: { name: string }) => f.name)).toEqual(['big', 'f']);
    expect(fns.items[1]).toMatchObject({ id: ids.fn, memory: 128, timeout: 30, image: BUSYBOX_IMAGE });
    const settings = JSON.parse((await send('GET', '/v2/settings')).body);
    expect(settings.saved).toEqual({});
  });
});
