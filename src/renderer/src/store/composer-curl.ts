// Copy as curl and Import from curl: a POSIX-shell command that makes curl send exactly the request the composer sends.

export interface CurlRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

/** Single-quotes a word for a POSIX shell: a quote inside becomes '\'' (close, escaped quote, reopen). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const hasHeader = (headers: Array<[string, string]>, name: string) =>
  headers.some(([k]) => k.toLowerCase() === name.toLowerCase());

/**
 * The server records every request header, so curl's own defaults are switched off (`-H 'Name:'` removes a
 * header curl would add) and the body always goes through --data-binary, which sends it byte for byte with the
 * Content-Length the composer's sendHttp also sets.
 */
export function buildCurl(req: CurlRequest): string {
  const parts = ['curl', '-sS', '-X', shellQuote(req.method), shellQuote(req.url)];
  const suppressed = ['User-Agent', 'Accept', 'Expect'];
  if (!hasHeader(req.headers, 'Content-Type')) suppressed.push('Content-Type');
  for (const name of suppressed) {
    if (!hasHeader(req.headers, name)) parts.push('-H', shellQuote(`${name}:`));
  }
  for (const [k, v] of req.headers) parts.push('-H', shellQuote(`${k}: ${v}`));
  parts.push('--data-binary', shellQuote(req.body));
  return parts.join(' ');
}

/** Splits a shell command line into words: single and double quotes, backslash escapes and continued lines. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else word += text[i++];
      }
      if (i >= text.length) throw new Error('unterminated double quote');
      i++;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const DATA_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii']);
// Flags that take a value we do not use; skipping the value keeps it from being read as the URL.
const VALUE_FLAGS = new Set([
  '-o',
  '--output',
  '-u',
  '--user',
  '-A',
  '--user-agent',
  '-m',
  '--max-time',
  '-w',
]);

/** Parses a pasted curl command; throws with a reason the form can show. */
export function parseCurl(text: string): CurlRequest {
  const words = shellWords(text.trim());
  if (words[0] !== 'curl') throw new Error('the command must start with curl');
  let method: string | null = null;
  let url: string | null = null;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const next = () => {
      const v = words[++i];
      if (v === undefined) throw new Error(`${w} needs a value`);
      return v;
    };
    if (w === '-X' || w === '--request') method = next().toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = next();
      const colon = h.indexOf(':');
      if (colon <= 0) throw new Error(`not a header: ${h}`);
      const value = h.slice(colon + 1).trim();
      // "Name:" only removes a curl default; it is not a header the request carries.
      if (value !== '') headers.push([h.slice(0, colon).trim(), value]);
    } else if (DATA_FLAGS.has(w)) data.push(next());
    else if (w === '--url') url = next();
    else if (VALUE_FLAGS.has(w)) next();
    else if (w.startsWith('-')) continue;
    else if (url === null) url = w;
  }
  if (url === null) throw new Error('no URL in the command');
  return { method: method ?? (data.length > 0 ? 'POST' : 'GET'), url, headers, body: data.join('&') };
}

/** The path (with query) of a URL, so an imported command is sent to this studio whatever host it named. */
export function urlPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url.startsWith('/') ? url : `/${url}`;
  }
}
