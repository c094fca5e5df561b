// A cold (`default` format) container's environment: besides the FN_* variables every container gets, the request
// itself, as the seed gave it (DESIGN.md §4): FN_CALL_ID, FN_METHOD, FN_REQUEST_URL, FN_DEADLINE and one
// FN_HEADER_<NAME> per request header.
import type { CallOptions } from './call-types';
import { callEnv } from './call-types';
import { HOP_BY_HOP, rfc3339 } from './protocols/protocol';

/**
 * The variable a request header goes to: its name upper-cased, `-` → `_`. A header name may hold other characters
 * an environment name cannot (HTTP allows e.g. `.`, `!`, `#`, `~`): those are sanitised to `_` as well, rather than
 * the header dropped, so the function still gets it under a name a shell can read.
 */
export function headerEnvName(header: string): string {
  return `FN_HEADER_${header.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/**
 * The cold container's environment for `call`, whose deadline is `deadline`. Several values of a header are joined
 * with `, `; so are the values of headers whose names map to the same variable (`X-A` and `X.A`), in name order.
 * Headers of the connection (hop-by-hop), which no function format forwards, are left out.
 */
export function coldEnv(call: CallOptions, deadline: Date): Record<string, string> {
  const values: Record<string, string[]> = {};
  for (const name of Object.keys(call.headers).sort()) {
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    (values[headerEnvName(name)] ??= []).push(...call.headers[name]);
  }
  const headers = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.join(', ')]));
  return {
    ...callEnv(call),
    ...headers,
    FN_CALL_ID: call.id,
    FN_METHOD: call.method,
    FN_REQUEST_URL: call.url,
    FN_DEADLINE: rfc3339(deadline),
  };
}
