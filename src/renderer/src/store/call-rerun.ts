// The request a stored call was made with, ready to send again as it was; or why it cannot be.
import type { CallRecord } from '../../../shared/models';
import type { SentRequest } from './composer-draft';

// Headers that describe the connection it came on, not the request: the host sets its own when it sends again.
const HOP_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive']);

export type RerunRequest = { ok: true; request: SentRequest } | { ok: false; error: string };

function pathOf(url: string): string {
  try {
    const u = new URL(url, 'http://127.0.0.1');
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/**
 * The call's method, path, headers and body. A body the record cut (past the "Body kept in the record" setting) is
 * refused: sending the kept part would be another request, not a re-run.
 */
export function rerunRequest(call: CallRecord): RerunRequest {
  if (call.request.body_truncated)
    return {
      ok: false,
      error:
        'This call cannot be re-run: its request body was larger than the record keeps ("Body kept in the record" ' +
        'in Settings), so the same request is not known. Send it again from the composer or with curl.',
    };
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(call.request.headers))
    if (!HOP_HEADERS.has(name.toLowerCase())) headers[name] = values.join(', ');
  return {
    ok: true,
    request: {
      method: call.request.method,
      path: pathOf(call.request.url),
      headers,
      body: call.request.body,
    },
  };
}
