// Fn's HTTP gateway protocol for http-stream functions behind a trigger: the caller's request travels as
// Fn-Intent / Fn-Http-Method / Fn-Http-Request-Url / Fn-Http-H-<Name> headers, and the function's
// Fn-Http-Status / Fn-Http-H-<Name> reply headers become the response's status and headers.

/** Headers that describe one hop, not the request: never forwarded as Fn-Http-H-*. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);

/** `x-custom-header` → `X-Custom-Header`, as Go's net/http (and so Fn's FDKs) spell header names. */
export function canonicalHeader(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1) : p))
    .join('-');
}

export function triggerRequestHeaders(
  method: string,
  url: string,
  headers: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {
    'Fn-Intent': ['httprequest'],
    'Fn-Http-Method': [method.toUpperCase()],
    'Fn-Http-Request-Url': [url],
  };
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower.startsWith('fn-')) continue;
    out[`Fn-Http-H-${canonicalHeader(k)}`] = v;
    // The body's type stays a header of the call itself too: FDKs read it to decode the body.
    if (lower === 'content-type') out['Content-Type'] = v;
  }
  return out;
}

export function triggerReplyHead(head: { status: number; headers: Record<string, string[]> }): {
  status: number;
  headers: Record<string, string[]>;
} {
  let status = head.status;
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(head.headers)) {
    const lower = k.toLowerCase();
    if (lower === 'fn-http-status') {
      const n = Number(v[0]);
      if (Number.isInteger(n) && n >= 100 && n <= 599) status = n;
    } else if (lower.startsWith('fn-http-h-') && lower.length > 'fn-http-h-'.length) {
      headers[canonicalHeader(k.slice('fn-http-h-'.length))] = v;
    } else if (lower === 'content-type') headers['Content-Type'] = v;
  }
  return { status, headers };
}
