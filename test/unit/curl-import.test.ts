// Import from curl: the forms people paste (-XPOST, --data=, --json, --data-urlencode, -u, -G), what a pasted
// command cannot do named in the message (files, variables, shell operators, unknown options), and Copy as curl
// read back to the same request.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCurl, type CurlRequest } from '../../src/renderer/src/store/composer-curl';
import { parseCurl, shellWords } from '../../src/renderer/src/store/curl-import';
import { fromRequest, toRequest } from '../../src/renderer/src/store/composer-draft';

const FORM = ['Content-Type', 'application/x-www-form-urlencoded'];

describe('parseCurl reads the common forms', () => {
  it('what only changes how curl runs: output, timeouts, proxy, redirects', () => {
    const cmd = `curl -sSL -o /dev/null -w '%{http_code}' --max-time 5 -x http://proxy:3128 --compressed -k h/x`;
    expect(parseCurl(cmd)).toEqual({ method: 'GET', url: 'h/x', headers: [], body: '' });
  });

  it('-XPOST and -X POST, clustered short options', () => {
    expect(parseCurl('curl -XPOST http://h/x')).toMatchObject({ method: 'POST', url: 'http://h/x' });
    expect(parseCurl('curl -sSL -X put http://h/x')).toMatchObject({ method: 'PUT' });
    expect(parseCurl('curl -sSXDELETE http://h/x')).toMatchObject({ method: 'DELETE' });
  });

  it('--data=… and -d, with the form Content-Type curl adds', () => {
    expect(parseCurl("curl --data='a=1' http://h/x -d b=2")).toEqual({
      method: 'POST',
      url: 'http://h/x',
      headers: [FORM],
      body: 'a=1&b=2',
    });
    expect(parseCurl("curl -d'{\"k\":1}' -H 'content-type: application/json' h/x").headers).toEqual([
      ['content-type', 'application/json'],
    ]);
  });

  it('--json sets the JSON Content-Type and Accept, and POST', () => {
    expect(parseCurl(`curl --json '{"a":1}' http://h/x`)).toEqual({
      method: 'POST',
      url: 'http://h/x',
      headers: [
        ['Content-Type', 'application/json'],
        ['Accept', 'application/json'],
      ],
      body: '{"a":1}',
    });
    expect(parseCurl(`curl --json '{"a":' --json '1}' -H 'Accept: text/plain' h`).body).toBe('{"a":1}');
  });

  it('--data-urlencode encodes the content, keeping a name before =', () => {
    const r = parseCurl(`curl --data-urlencode 'q=a b&c' --data-urlencode '=x/y' --data-urlencode "it's" h`);
    expect(r.body).toBe('q=a%20b%26c&x%2Fy&it%27s');
    expect(r.headers).toEqual([FORM]);
  });

  it('-u user:pass becomes Basic authorization', () => {
    expect(parseCurl('curl -u alice:s3cr:et http://h/x').headers).toEqual([
      ['Authorization', `Basic ${Buffer.from('alice:s3cr:et').toString('base64')}`],
    ]);
    expect(parseCurl('curl --user=bö:p h').headers[0]![1]).toBe(
      `Basic ${Buffer.from('bö:p', 'utf8').toString('base64')}`,
    );
  });

  it('-G moves the data into the query string and sends GET', () => {
    expect(parseCurl("curl -G http://h/x -d a=1 --data-urlencode 'b=c d'")).toEqual({
      method: 'GET',
      url: 'http://h/x?a=1&b=c%20d',
      headers: [],
      body: '',
    });
    expect(parseCurl('curl -G "http://h/x?z=0" -d a=1').url).toBe('http://h/x?z=0&a=1');
  });

  it('$-quoted strings, comments, an unquoted ? in the URL and CRLF continuations', () => {
    const r = parseCurl("curl http://h/x?a=1 \\\r\n  --data-raw $'line1\\nline2' # a comment\n");
    expect(r).toMatchObject({ url: 'http://h/x?a=1', body: 'line1\nline2' });
    expect(shellWords('curl a\\\nb "c \\\n d"')).toEqual(['curl', 'ab', 'c  d']);
  });

  it('-H "Name;" sends an empty header and -H "Name:" only removes one', () => {
    expect(parseCurl("curl -H 'X-Empty;' -H 'Content-Type:' -d x h").headers).toEqual([['X-Empty', '']]);
  });
});

describe('parseCurl names what it cannot take', () => {
  it.each([
    ['curl -d @body.json http://h/x', /-d @body.json .*the file body\.json.*cannot open/],
    ['curl --data-binary @big.bin h', /--data-binary @big\.bin .*file big\.bin/],
    ['curl --json @x.json h', /--json @x\.json/],
    ['curl --data-urlencode name@f.txt h', /--data-urlencode name@f\.txt .*file f\.txt/],
    ['curl -d @- h', /standard input/],
    ['curl -F a=1 h', /-F sends a multipart form/],
    ['curl --upload-file x h', /--upload-file sends a file upload/],
    ['curl --digest -u a:b h', /--digest sends an authentication handshake/],
    ['curl --frobnicate h', /does not understand --frobnicate/],
    ['curl -sZ h', /does not understand -Z \(in -sZ\)/],
    ['curl --silent=yes h', /does not understand --silent=yes/],
    ['curl -u alice h', /-u alice has no password/],
    ['curl -d "$BODY" h', /shell variable \$BODY/],
    ['curl h | jq .', /"\|" is shell/],
    ['curl a b', /two URLs \(a and b\)/],
    ['curl ^"http://h/x^" ^\n  -H ^"A: b^"', /quoted for Windows cmd/],
    ["curl 'open", /unterminated single quote/],
    ['curl -X', /-X needs a value/],
    ['wget http://h', /start with curl/],
    ['curl -X POST', /no URL/],
  ])('%s', (cmd, message) => {
    expect(() => parseCurl(cmd)).toThrow(message);
  });
});

describe('Copy as curl round-trips with Import from curl', () => {
  const requests: CurlRequest[] = [
    { method: 'PATCH', url: 'http://h:1/p?q=1', headers: [['A', 'b c']], body: "x'y" },
    { method: 'GET', url: 'http://127.0.0.1:8080/invoke/F', headers: [], body: '' },
    {
      method: 'POST',
      url: 'http://127.0.0.1:8080/t/app/a?x=1&y=$z',
      headers: [
        ['Content-Type', 'application/json'],
        ['Fn-Invoke-Type', 'detached'],
        ['Authorization', 'Bearer a"b'],
      ],
      body: '{"msg": "it\'s $HOME \\\\ `x` #not a comment",\n "next": "line\\\n", "ü": "€"}\n',
    },
    { method: 'PUT', url: 'http://h/x', headers: [['content-type', 'text/plain']], body: '-d @file --json' },
  ];

  it.each(requests)('$method $url', (req) => {
    expect(parseCurl(buildCurl(req))).toEqual(req);
  });

  it('a draft sent, copied and imported is the same request', () => {
    const draft = {
      method: 'POST',
      path: '/invoke/01ABC',
      headers: [
        { key: 'Content-Type', value: 'application/json' },
        { key: 'X-Trace', value: "a 'b' c" },
      ],
      body: '{"a": [1, 2]}\n',
      bodyMode: 'text' as const,
      detached: true,
    };
    const sent = toRequest(draft);
    const cmd = buildCurl({
      method: sent.method,
      url: `http://127.0.0.1:8080${sent.path}`,
      headers: Object.entries(sent.headers),
      body: sent.body,
    });
    const back = parseCurl(cmd);
    const imported = fromRequest({
      method: back.method,
      path: new URL(back.url).pathname,
      headers: Object.fromEntries(back.headers),
      body: back.body,
    });
    expect(toRequest(imported)).toEqual(sent);
  });

  it('the words a real shell gives curl are the words the import reads', () => {
    const cmd = buildCurl(requests[2]!);
    const shellArgs = execFileSync('sh', ['-c', `printf '%s\\0' ${cmd.slice('curl '.length)}`], {
      encoding: 'utf8',
    }).split('\0');
    expect(shellWords(cmd).slice(1)).toEqual(shellArgs.slice(0, -1));
  });
});
