// The hot-container key: calls with the same key may share containers, because everything a container is started
// with (its image, limits, format, network, environment) is the same for them. The call type is part of it: a
// container gets FN_TYPE in its environment. So is the ID the image name points to at dispatch: a rebuilt tag is
// another image, and never served by containers of the old one. Debug mode is too: a debug container (its port
// published, its own timeouts and environment) is never shared with normal calls.
import type { CallOptions } from './call-types';

/** The fields of a call its key is made of, besides the config and the image ID. */
const FIELDS = [
  'app_id',
  'fn_id',
  'image',
  'timeout',
  'idle_timeout',
  'memory',
  'format',
  'network',
  'cpus',
  'type',
  'debug',
] as const satisfies ReadonlyArray<keyof CallOptions>;

/**
 * Keys made, by config object: calls of one function snapshot share it (getCall), so a call whose other fields and
 * image ID match a key made before gets that key without its config sorted and serialized again. The fields are
 * compared, not trusted: two functions may share a config object.
 */
const made = new WeakMap<object, { values: unknown[]; imageId: string; key: string }>();

export function hotKey(call: CallOptions, imageId: string): string {
  const known = made.get(call.config);
  if (known && known.imageId === imageId && FIELDS.every((f, i) => known.values[i] === call[f]))
    return known.key;
  // The fields' values only: the call itself (its body) is not kept.
  const values = FIELDS.map((f) => call[f]);
  // A JSON array delimits every field, so ("ab","c") and ("a","bc") never collide (an absent field is null); a plain
  // string is cheaper per call than a digest and a map hashes it all the same. The key is never read back.
  const key = JSON.stringify([
    ...values,
    imageId,
    Object.keys(call.config)
      .sort()
      .map((k) => [k, call.config[k]]),
  ]);
  made.set(call.config, { values, imageId, key });
  return key;
}
