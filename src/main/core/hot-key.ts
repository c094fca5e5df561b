// The hot-container key: calls with the same key may share containers, because everything a container is started
// with (its image, limits, format, network, environment) is the same for them. The call type is part of it: a
// container gets FN_TYPE in its environment. So is the ID the image name points to at dispatch: a rebuilt tag is
// another image, and never served by containers of the old one. Debug mode is too: a debug container (its port
// published, its own timeouts and environment) is never shared with normal calls.
import type { CallOptions } from './call-types';

export function hotKey(call: CallOptions, imageId: string): string {
  // A JSON array delimits every field, so ("ab","c") and ("a","bc") never collide; a plain string is cheaper per
  // call than a digest and a map hashes it all the same.
  return JSON.stringify([
    call.app_id,
    call.fn_id,
    call.image,
    imageId,
    call.timeout,
    call.idle_timeout,
    call.memory,
    call.format,
    call.network,
    call.cpus ?? null,
    call.type,
    call.debug ?? null,
    Object.keys(call.config)
      .sort()
      .map((k) => [k, call.config[k]]),
  ]);
}
