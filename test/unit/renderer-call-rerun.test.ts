// Re-running a stored call (the request it was made with, or a refusal when its body was cut) and the diff of two
// calls by section.
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/shared/models';
import { callDiff } from '../../src/renderer/src/store/call-diff';
import { rerunRequest } from '../../src/renderer/src/store/call-rerun';

const call = (over: Partial<CallRecord> = {}): CallRecord => ({
  id: 'C1',
  fn_id: 'F1',
  app_id: 'A1',
  type: 'sync',
  status: 'success',
  http_status: 200,
  start_kind: 'hot_reused',
  created_at: '2026-11-28T10:00:00.000Z',
  completed_at: '2026-11-28T10:00:00.040Z',
  timings: { queue_ms: 1, resource_wait_ms: 0, launch_ms: 0, exec_ms: 30 },
  request: {
    method: 'PUT',
    url: 'http://127.0.0.1:8080/t/demo/hello?x=1',
    headers: {
      host: ['127.0.0.1:8080'],
      'content-length': ['2'],
      'x-a': ['1', '2'],
      'fn-invoke-type': ['detached'],
    },
    body: 'hi',
    body_truncated: false,
  },
  response: {
    status: 200,
    headers: { 'content-type': ['text/plain'] },
    body: 'one\ntwo',
    body_truncated: false,
  },
  ...over,
});

describe('re-run of a stored call', () => {
  it('sends the same method, path with query, headers (not the connection’s) and body', () => {
    expect(rerunRequest(call())).toEqual({
      ok: true,
      request: {
        method: 'PUT',
        path: '/t/demo/hello?x=1',
        headers: { 'x-a': '1, 2', 'fn-invoke-type': 'detached' },
        body: 'hi',
      },
    });
  });

  it('refuses a call whose request body the record cut, saying why', () => {
    const r = rerunRequest(call({ request: { ...call().request, body_truncated: true } }));
    expect(r).toMatchObject({
      ok: false,
      error: expect.stringMatching(/request body was larger than the record keeps/),
    });
  });
});

describe('diff of two calls', () => {
  it('shows status, response headers, body and timings, marking the equal sections', () => {
    const right = call({
      id: 'C2',
      status: 'error',
      http_status: 502,
      error_kind: 'exit',
      error: 'exited with code 3',
      response: {
        status: 502,
        headers: { 'content-type': ['text/plain'] },
        body: 'one\nthree',
        body_truncated: false,
      },
    });
    const sections = callDiff(call(), right);
    expect(sections.map((s) => [s.title, s.same])).toEqual([
      ['Status', false],
      ['Response headers', true],
      ['Response body', false],
      ['Timings', true],
    ]);
    const body = sections[2]!.lines;
    expect(body).toEqual([
      { kind: 'same', text: 'one' },
      { kind: 'removed', text: 'two' },
      { kind: 'added', text: 'three' },
    ]);
    expect(sections[0]!.lines).toContainEqual({ kind: 'added', text: 'http_status: 502' });
  });
});
