// The fn CLI's own requests, replayed: every exchange of the recorded session between the real fn CLI and Fn's
// server is sent to Fn Studio in order (with our ids, our images and what each step needs set up first), and
// each answer must match the recorded one in status, content type and shape.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type Exchange, header, IdMap, loadRecording, shapeDiff } from '../support/cli-recording';
import { type ServeProcess, useServes } from '../support/serve-process';
import { BUSYBOX_IMAGE, FDK_NODE_IMAGE } from '../support/test-images';

/** The recording's images, by role: the FDK echo functions and the cold (non-FDK) one. */
const IMAGES: Record<string, string> = {
  'example/fdk-echo:1': FDK_NODE_IMAGE,
  'example/fdk-echo': FDK_NODE_IMAGE,
  'example/json-echo:1': FDK_NODE_IMAGE,
  'example/cold-echo:1': BUSYBOX_IMAGE,
};
const RECORDED_HOST = 'localhost:8081';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(s: ServeProcess, method: string, path: string, headers: Record<string, string>, body: string) {
  const port = new URL(s.baseUrl).port;
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sessions = new Map<string, Exchange[]>();
for (const e of loadRecording()) sessions.set(e.session, [...(sessions.get(e.session) ?? []), e]);
const serve = useServes();

/**
 * What a step needs that the recording made outside it: the apps its list answers show (this step's and those of
 * the steps of the same command after it, which page on through the same list) that we do not have yet.
 */
async function setUp(s: ServeProcess, steps: Exchange[], i: number, host: string): Promise<void> {
  const e = steps[i];
  if (e.method !== 'GET' || !/^\/v2\/apps(\?cursor=|$)/.test(e.url)) return;
  const wanted = new Set<string>();
  for (let j = i; j < steps.length && steps[j].tag === e.tag; j++)
    if (/^\/v2\/apps(\?cursor=|$)/.test(steps[j].url))
      for (const a of (JSON.parse(steps[j].resBody) as { items: { name: string }[] }).items)
        wanted.add(a.name);
  const ours = new Set<string>();
  for (let cursor = ''; ;) {
    const page = JSON.parse(
      (await send(s, 'GET', `/v2/apps?per_page=100${cursor}`, { Host: host }, '')).body,
    );
    for (const a of page.items) ours.add(a.name);
    if (!page.next_cursor) break;
    cursor = `&cursor=${page.next_cursor}`;
  }
  for (const name of wanted)
    if (!ours.has(name))
      await send(
        s,
        'POST',
        '/v2/apps',
        { Host: host, 'Content-Type': 'application/json' },
        JSON.stringify({ name }),
      );
}

describe.each([...sessions.keys()])('fn CLI session "%s"', (session) => {
  it('answers every recorded request as Fn did', async () => {
    const s = await serve();
    const ids = new IdMap(RECORDED_HOST, `localhost:${new URL(s.baseUrl).port}`);
    const mismatches: string[] = [];
    const steps = sessions.get(session) ?? [];
    for (const [i, e] of steps.entries()) {
      await setUp(s, steps, i, ids.apply(RECORDED_HOST));
      let body = ids.apply(e.reqBody);
      for (const [from, to] of Object.entries(IMAGES)) body = body.split(`"${from}"`).join(`"${to}"`);
      const headers: Record<string, string> = { Host: ids.apply(RECORDED_HOST) };
      for (const line of e.reqHeaders) {
        const [name, ...rest] = line.split(':');
        if (!/^(host|content-length)$/i.test(name)) headers[name] = rest.join(':').trim();
      }
      const answer = await send(s, e.method, ids.apply(e.url), headers, body);
      const where = `#${e.n} ${e.tag} → ${e.method} ${e.url}`;
      if (answer.status !== e.status) {
        mismatches.push(
          `${where}: status ${answer.status}, Fn answered ${e.status} (${answer.body.slice(0, 200)})`,
        );
        continue;
      }
      const recordedType = header(e.resHeaders, 'content-type');
      const ourType = String(answer.headers['content-type'] ?? '');
      if (e.url.startsWith('/invoke/') && e.status === 200) {
        // The function's output (and so its type) is not in the recording; the call id header is the server's.
        if (!answer.headers['fn-call-id']) mismatches.push(`${where}: no Fn-Call-Id header`);
        continue;
      }
      if (
        e.resBody &&
        recordedType?.startsWith('application/json') &&
        !ourType.startsWith('application/json')
      )
        mismatches.push(`${where}: content type ${ourType}, Fn answered ${recordedType}`);
      if (!e.resBody || !recordedType?.startsWith('application/json')) continue;
      const ours = JSON.parse(answer.body);
      ids.learn(JSON.parse(e.resBody), ours);
      let recorded = ids.apply(e.resBody);
      for (const [from, to] of Object.entries(IMAGES)) recorded = recorded.split(`"${from}"`).join(`"${to}"`);
      for (const d of shapeDiff(JSON.parse(recorded), ours)) mismatches.push(`${where}: ${d}`);
    }
    expect(mismatches).toEqual([]);
  }, 180_000);
});
