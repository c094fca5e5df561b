// Copy as curl: a POSIX-shell command that makes curl send exactly the request the composer sends (read back by
// curl-import.ts).

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

const HOST_FIRST = /^(localhost|[\w-]+(\.[\w-]+)+|\[[0-9a-f:.]+\])(:\d+)?([/?#]|$)/i;

/** The path (with query) of a URL, so an imported command is sent to this studio whatever host it named. */
export function urlPath(url: string): string {
  try {
    // curl takes "localhost:8080/x" as http://localhost:8080/x; URL would read "localhost:" as a scheme.
    const u = new URL(HOST_FIRST.test(url) ? `http://${url}` : url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url.startsWith('/') ? url : `/${url}`;
  }
}
