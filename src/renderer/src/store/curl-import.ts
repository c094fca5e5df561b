// Import from curl: reads a pasted curl command into the request curl would send, or names the part it cannot take.
import { parse } from 'shell-quote';
import type { CurlRequest } from './composer-curl';

/**
 * Splits a shell command line into words with shell-quote (single, double and $'…' quotes, backslashes). Before
 * that, backslash-continued lines are joined (shell-quote leaves an empty word where one was) and an unclosed
 * quote is refused (shell-quote would close it silently). Variables, command substitution and operators cannot be
 * expanded here, so they are refused by name.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  const entries = parse(joinContinuedLines(text), (name) => ({ variable: name }));
  for (const e of entries) {
    if (typeof e === 'string') words.push(e);
    else if ('variable' in e) {
      throw new Error(
        `the shell variable $${String(e.variable)} cannot be expanded here: put its value in the command`,
      );
    } else if ('comment' in e) continue;
    else if (e.op === 'glob')
      words.push(e.pattern); // ? and * in an unquoted URL: a shell passes them on as they are
    else throw new Error(`"${e.op}" is shell, not curl: paste the curl command alone`);
  }
  return words;
}

function joinContinuedLines(text: string): string {
  let out = '';
  let quote: "'" | '"' | "$'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      out += c;
      if (c === "'") quote = null;
      continue;
    }
    if (c === '\\') {
      const newline = text.startsWith('\r\n', i + 1) ? 2 : text[i + 1] === '\n' ? 1 : 0;
      // A shell drops backslash-newline outside quotes and inside double quotes; in $'…' it is an escape.
      if (newline > 0 && quote !== "$'") i += newline;
      else out += c + (text[++i] ?? '');
      continue;
    }
    if (quote === null && c === '#' && (out === '' || /\s$/.test(out))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1; // a comment runs to the end of its line
      continue;
    }
    out += c;
    if (quote === null) {
      if (c === "'") quote = text[i - 1] === '$' ? "$'" : "'";
      else if (c === '"') quote = '"';
    } else if (c === quote.slice(-1)) quote = null;
  }
  if (quote !== null) throw new Error(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  return out;
}

interface ImportState {
  method: string | null;
  url: string | null;
  headers: Array<[string, string]>;
  removed: Set<string>; // headers switched off with -H 'Name:', so curl's default for them is not added either
  body: string | null;
  json: boolean;
  get: boolean;
  head: boolean;
}

interface CurlOption {
  short?: string;
  /** Present when the option takes a value. */
  apply?: (st: ImportState, value: string, flag: string) => void;
  flag?: (st: ImportState) => void;
}

const ignoredValue: CurlOption = { apply: () => undefined };
const ignoredFlag: CurlOption = { flag: () => undefined };

/** Refuses `@file` (from `at` in the value on): the UI cannot read the user's files, so it names the file. */
const noFile = (flag: string, value: string, at = 0) => {
  if (value[at] !== '@') return;
  const file = value.slice(at + 1);
  if (file === '-')
    throw new Error(`${flag} ${value} reads standard input, which a pasted command does not have`);
  throw new Error(
    `${flag} ${value} makes curl read the file ${file}, which Fn Studio cannot open from here (the page has no ` +
      `access to your files): paste the file's contents instead, e.g. --data-raw '…'`,
  );
};

// curl joins -d pieces with &; --json pieces are concatenated as they are.
const addData = (st: ImportState, piece: string, separator = '&') => {
  st.body = st.body === null ? piece : st.body + separator + piece;
};

const data: CurlOption['apply'] = (st, value, flag) => {
  noFile(flag, value);
  addData(st, value);
};

// curl_easy_escape: everything but the unreserved characters is percent-encoded.
const urlEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const base64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

function addHeader(st: ImportState, raw: string, flag: string) {
  noFile(flag, raw);
  // "Name;" sends an empty header; "Name:" only removes one curl would add.
  const semi = /^([^:;\s]+);$/.exec(raw);
  if (semi) {
    st.headers.push([semi[1]!, '']);
    return;
  }
  const colon = raw.indexOf(':');
  if (colon <= 0) throw new Error(`${flag} ${raw} is not a header (Name: value)`);
  const name = raw.slice(0, colon).trim();
  const value = raw.slice(colon + 1).trim();
  if (value === '') st.removed.add(name.toLowerCase());
  else st.headers.push([name, value]);
}

const OPTIONS: Record<string, CurlOption> = {
  request: { short: 'X', apply: (st, v) => (st.method = v.toUpperCase()) },
  header: { short: 'H', apply: addHeader },
  data: { short: 'd', apply: data },
  'data-ascii': { apply: data },
  'data-binary': { apply: data },
  'data-raw': { apply: (st, v) => addData(st, v) },
  'data-urlencode': {
    apply: (st, v, flag) => {
      const at = v.search(/[=@]/);
      if (at >= 0) noFile(flag, v, at);
      const [name, content] = at < 0 ? ['', v] : [v.slice(0, at), v.slice(at + 1)];
      addData(st, name === '' ? urlEncode(content) : `${name}=${urlEncode(content)}`);
    },
  },
  json: {
    apply: (st, v, flag) => {
      noFile(flag, v);
      addData(st, v, '');
      st.json = true;
    },
  },
  get: { short: 'G', flag: (st) => (st.get = true) },
  head: { short: 'I', flag: (st) => (st.head = true) },
  url: { apply: (st, v) => setUrl(st, v) },
  user: {
    short: 'u',
    apply: (st, v, flag) => {
      if (!v.includes(':'))
        throw new Error(`${flag} ${v} has no password (curl would ask for it): write ${flag} ${v}:password`);
      st.headers.push(['Authorization', `Basic ${base64(v)}`]);
    },
  },
  'oauth2-bearer': { apply: (st, v) => st.headers.push(['Authorization', `Bearer ${v}`]) },
  'user-agent': { short: 'A', apply: (st, v) => st.headers.push(['User-Agent', v]) },
  referer: { short: 'e', apply: (st, v) => st.headers.push(['Referer', v.replace(/;auto$/, '')]) },
  cookie: {
    short: 'b',
    apply: (st, v, flag) => {
      if (!v.includes('='))
        throw new Error(
          `${flag} ${v} makes curl read cookies from the file ${v}, which Fn Studio cannot open from here: write the cookies as ${flag} 'name=value'`,
        );
      st.headers.push(['Cookie', v]);
    },
  },
  // What changes how curl runs or shows the reply, not the request the server receives.
  output: { short: 'o', ...ignoredValue },
  'max-time': { short: 'm', ...ignoredValue },
  'connect-timeout': ignoredValue,
  'write-out': { short: 'w', ...ignoredValue },
  'dump-header': { short: 'D', ...ignoredValue },
  retry: ignoredValue,
  'max-redirs': ignoredValue,
  proxy: { short: 'x', ...ignoredValue },
  basic: ignoredFlag, // what -u does anyway
  silent: { short: 's', ...ignoredFlag },
  'show-error': { short: 'S', ...ignoredFlag },
  verbose: { short: 'v', ...ignoredFlag },
  include: { short: 'i', ...ignoredFlag },
  location: { short: 'L', ...ignoredFlag },
  insecure: { short: 'k', ...ignoredFlag },
  fail: { short: 'f', ...ignoredFlag },
  'fail-with-body': ignoredFlag,
  'no-buffer': { short: 'N', ...ignoredFlag },
  'no-progress-meter': ignoredFlag,
  'progress-bar': { short: '#', ...ignoredFlag },
  globoff: { short: 'g', ...ignoredFlag },
  compressed: ignoredFlag,
  'http1.1': ignoredFlag,
  http2: ignoredFlag,
};

const SHORT = new Map(Object.entries(OPTIONS).flatMap(([long, o]) => (o.short ? [[o.short, long]] : [])));

// The forms curl has that the composer cannot send: named so the message says why, not only "unknown".
const UNSENDABLE: Record<string, string> = {
  form: 'a multipart form',
  'form-string': 'a multipart form',
  F: 'a multipart form',
  'upload-file': 'a file upload',
  T: 'a file upload',
  config: 'options read from a file',
  K: 'options read from a file',
  digest: 'an authentication handshake',
  ntlm: 'an authentication handshake',
  negotiate: 'an authentication handshake',
};

function setUrl(st: ImportState, url: string) {
  // Browsers' "Copy as cURL (cmd)" quotes with ^" and continues lines with ^: a POSIX shell reads neither.
  if (url.startsWith('^')) {
    throw new Error(`${url} is quoted for Windows cmd (^): copy the command as cURL for bash instead`);
  }
  if (st.url !== null) throw new Error(`two URLs (${st.url} and ${url}): the composer sends one request`);
  st.url = url;
}

function applyOption(st: ImportState, long: string, flag: string, value: () => string) {
  const opt = OPTIONS[long];
  if (!opt) throw new Error(`it does not understand ${flag}`);
  if (opt.apply) opt.apply(st, value(), flag);
  else opt.flag?.(st);
}

/** Parses a pasted curl command; throws with a reason the form can show, naming the part it did not understand. */
export function parseCurl(text: string): CurlRequest {
  const words = shellWords(text.trim());
  if (words[0] !== 'curl') throw new Error('the command must start with curl');
  const st: ImportState = {
    method: null,
    url: null,
    headers: [],
    removed: new Set(),
    body: null,
    json: false,
    get: false,
    head: false,
  };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const next = (flag: string) => () => {
      const v = words[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const unsendable = (name: string, flag: string) => {
      const what = UNSENDABLE[name];
      if (what) throw new Error(`${flag} sends ${what}, which the composer cannot send`);
    };
    if (w.startsWith('--') && w.length > 2) {
      // curl itself takes only "--data value"; "--data=value" is common enough in pasted commands to accept.
      const eq = w.indexOf('=');
      const long = eq < 0 ? w.slice(2) : w.slice(2, eq);
      unsendable(long, `--${long}`);
      if (eq >= 0 && !OPTIONS[long]?.apply) throw new Error(`it does not understand ${w}`);
      applyOption(st, long, `--${long}`, eq < 0 ? next(`--${long}`) : () => w.slice(eq + 1));
    } else if (w.startsWith('-') && w.length > 1) {
      // A cluster of short options (-sS, -sSL); one that takes a value takes the rest of the word, or the next.
      for (let j = 1; j < w.length; j++) {
        const flag = `-${w[j]}`;
        unsendable(w[j]!, flag);
        const long = SHORT.get(w[j]!);
        if (!long) throw new Error(`it does not understand ${flag}${w.length > 2 ? ` (in ${w})` : ''}`);
        const rest = w.slice(j + 1);
        const takesValue = Boolean(OPTIONS[long]!.apply);
        applyOption(st, long, flag, rest !== '' && takesValue ? () => rest : next(flag));
        if (takesValue) break;
      }
    } else setUrl(st, w);
  }
  return finish(st);
}

function finish(st: ImportState): CurlRequest {
  if (st.url === null) throw new Error('no URL in the command');
  let url = st.url;
  let body = st.body ?? '';
  if (st.get && st.body !== null) {
    // -G puts the data in the query string instead of the body.
    url += (url.includes('?') ? '&' : '?') + st.body;
    body = '';
  }
  const sendsBody = st.body !== null && !st.get;
  const headers = [...st.headers];
  const lacks = (name: string) =>
    !st.removed.has(name.toLowerCase()) && !headers.some(([k]) => k.toLowerCase() === name.toLowerCase());
  if (sendsBody && lacks('Content-Type')) {
    headers.push(['Content-Type', st.json ? 'application/json' : 'application/x-www-form-urlencoded']);
  }
  if (st.json && lacks('Accept')) headers.push(['Accept', 'application/json']);
  const method = st.method ?? (st.head ? 'HEAD' : sendsBody ? 'POST' : 'GET');
  return { method, url, headers, body };
}
