// The composer's pure logic: curl build and parse, shell quoting, line diff, percentiles and the histogram,
// draft validation and the request a draft becomes.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCurl, shellQuote, urlPath } from '../../src/renderer/src/store/composer-curl';
import { parseCurl, shellWords } from '../../src/renderer/src/store/curl-import';
import { latencyHistogram, percentile } from '../../src/renderer/src/store/composer-stats';
import { diffLines } from '../../src/renderer/src/store/composer-diff';
import { prettyBody } from '../../src/renderer/src/store/composer-pretty';
import {
  defaultDraft,
  draftProblem,
  fromRequest,
  toRequest,
  historyByFn,
  withJsonContentType,
} from '../../src/renderer/src/store/composer-draft';

describe('shell quoting', () => {
  it('survives a real POSIX shell for quotes, $, backslashes and newlines', () => {
    const nasty = `it's "$HOME" \\n \`x\`\nline 2`;
    const out = execFileSync('sh', ['-c', `printf %s ${shellQuote(nasty)}`], { encoding: 'utf8' });
    expect(out).toBe(nasty);
  });
});

describe('buildCurl', () => {
  it('switches off curl defaults, keeps given headers and sends the body with --data-binary', () => {
    const cmd = buildCurl({
      method: 'POST',
      url: 'http://127.0.0.1:8080/invoke/F1',
      headers: [['X-Test', "a'b"]],
      body: '{"a":1}',
    });
    expect(cmd).toBe(
      `curl -sS -X 'POST' 'http://127.0.0.1:8080/invoke/F1' -H 'User-Agent:' -H 'Accept:' -H 'Expect:' ` +
        `-H 'Content-Type:' -H 'X-Test: a'\\''b' --data-binary '{"a":1}'`,
    );
  });

  it('does not suppress a Content-Type the request sets', () => {
    const cmd = buildCurl({ method: 'PUT', url: 'http://h/x', headers: [['content-type', 'a/b']], body: '' });
    expect(cmd).not.toContain("'Content-Type:'");
    expect(cmd).toContain("-H 'content-type: a/b'");
  });

  it('round-trips through parseCurl', () => {
    const req = {
      method: 'PATCH',
      url: 'http://h:1/p?q=1',
      headers: [['A', 'b c'] as [string, string]],
      body: "x'y",
    };
    expect(parseCurl(buildCurl(req))).toEqual(req);
  });
});

describe('parseCurl', () => {
  it('reads -X, -H, --data-raw and the URL across backslash-continued lines and double quotes', () => {
    const text = `curl -X put \\\n  "http://localhost:8080/invoke/abc" \\\n  -H "Content-Type: application/json" \\\n  --data-raw '{"k": "v"}'`;
    expect(parseCurl(text)).toEqual({
      method: 'PUT',
      url: 'http://localhost:8080/invoke/abc',
      headers: [['Content-Type', 'application/json']],
      body: '{"k": "v"}',
    });
  });

  it('defaults to POST with data and GET without', () => {
    expect(parseCurl("curl http://h/x -d 'a=1' -d 'b=2'")).toMatchObject({ method: 'POST', body: 'a=1&b=2' });
    expect(parseCurl('curl --url http://h/x')).toMatchObject({ method: 'GET', body: '' });
  });

  it('refuses what is not a curl command, or has no URL', () => {
    expect(() => parseCurl('wget http://h')).toThrow('start with curl');
    expect(() => parseCurl('curl -X POST')).toThrow('no URL');
    expect(() => shellWords("curl 'open")).toThrow('unterminated');
  });

  it('takes the path and query of a URL, with or without a scheme', () => {
    expect(urlPath('http://other:9/invoke/x?a=1')).toBe('/invoke/x?a=1');
    expect(urlPath('invoke/x')).toBe('/invoke/x');
    expect(urlPath('/invoke/x')).toBe('/invoke/x');
    expect(urlPath('localhost:8080/invoke/x?a=1')).toBe('/invoke/x?a=1');
    expect(urlPath('127.0.0.1:8080/v2/apps')).toBe('/v2/apps');
  });
});

describe('diffLines', () => {
  it('marks kept, removed and added lines', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
    ]);
  });
});

describe('latency statistics', () => {
  it('nearest-rank percentiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([], 50)).toBeNull();
  });

  it('bins samples per start kind and counts every one', () => {
    const samples = [
      { durationMs: 900, status: 200, startKind: 'cold' },
      { durationMs: 10, status: 200, startKind: 'hot_reused' },
      { durationMs: 12, status: 200, startKind: 'hot_reused' },
      { durationMs: 100, status: 200, startKind: 'hot_new' },
    ];
    const h = latencyHistogram(samples, 10);
    expect(h.kinds).toEqual(['cold', 'hot_new', 'hot_reused']);
    expect(h.bins).toHaveLength(10);
    expect(h.bins[0]!.hot_reused).toBe(2);
    expect(h.bins[1]!.hot_new).toBe(1);
    expect(h.bins[9]!.cold).toBe(1);
    const total = h.bins.reduce((n, b) => n + h.kinds.reduce((m, k) => m + (b[k] as number), 0), 0);
    expect(total).toBe(4);
  });
});

describe('drafts', () => {
  it('validates method, header names and JSON before sending', () => {
    const d = defaultDraft('F1');
    expect(draftProblem(d)).toBeNull();
    expect(draftProblem({ ...d, method: 'PO ST' })).toContain('not an HTTP method');
    expect(draftProblem({ ...d, headers: [{ key: 'bad name', value: 'x' }] })).toContain('header name');
    expect(draftProblem({ ...d, bodyMode: 'json', body: '{"a":' })).toMatch(/^Invalid JSON/);
    expect(draftProblem({ ...d, bodyMode: 'json', body: '{"a":1}' })).toBeNull();
  });

  it('turns detached into Fn-Invoke-Type and back, dropping empty rows', () => {
    const d = {
      ...defaultDraft('F1'),
      detached: true,
      headers: [
        { key: 'X', value: '1' },
        { key: '', value: '' },
      ],
    };
    const req = toRequest(d);
    expect(req.headers).toEqual({ X: '1', 'Fn-Invoke-Type': 'detached' });
    expect(fromRequest(req)).toMatchObject({ detached: true, headers: [{ key: 'X', value: '1' }] });
  });

  it('groups the host’s history by function, keeping its newest-first order', () => {
    const entry = (id: string, fnId: string) => ({
      id,
      fnId,
      at: '',
      request: toRequest(defaultDraft(fnId)),
      status: 200,
      durationMs: 1,
      headers: {},
      body: '',
      callId: null,
    });
    const grouped = historyByFn([entry('3', 'F1'), entry('2', 'F2'), entry('1', 'F1')]);
    expect(grouped.F1!.map((e) => e.id)).toEqual(['3', '1']);
    expect(grouped.F2!.map((e) => e.id)).toEqual(['2']);
  });

  it('JSON mode turns the default text/plain into application/json and keeps a custom type', () => {
    expect(withJsonContentType([{ key: 'Content-Type', value: 'text/plain' }])).toEqual([
      { key: 'Content-Type', value: 'application/json' },
    ]);
    expect(withJsonContentType([{ key: 'content-type', value: 'text/csv' }])).toEqual([
      { key: 'content-type', value: 'text/csv' },
    ]);
  });

  it('pretty-prints JSON bodies only', () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('hello')).toBeNull();
  });
});
