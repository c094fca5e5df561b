// The hot-container key: calls with the same key may share containers. Each field is delimited so that
// ("ab","c") and ("a","bc") can never collide.
import { createHash } from 'node:crypto';
import type { CallOptions } from './call-types';

export function hotKey(call: CallOptions): string {
  const h = createHash('sha1');
  const field = (v: string | number) => {
    h.update(String(v));
    h.update('\0');
  };
  for (const v of [
    call.app_id,
    call.fn_id,
    call.image,
    call.timeout,
    call.idle_timeout,
    call.memory,
    call.format,
    call.network,
  ])
    field(v);
  for (const k of Object.keys(call.config).sort()) {
    field(k);
    field(call.config[k]);
  }
  return h.digest('hex');
}
