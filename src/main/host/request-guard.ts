// The loopback guard: only local Host names, and no cross-origin pages (stops DNS rebinding and drive-by invokes).
import { ApiError } from '../../shared/errors';

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostnameOf(hostHeader: string): { name: string; port: string } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  return m ? { name: m[1], port: m[2] ?? '80' } : { name: '', port: '' };
}

/** Throws 403 unless Host is local and Origin (when sent) is this server's own. */
export function checkHostAndOrigin(
  host: string | undefined,
  origin: string | undefined,
  serverPort: number,
): void {
  const h = hostnameOf(host ?? '');
  if (!LOCAL_HOSTNAMES.has(h.name)) {
    throw new ApiError(
      'forbidden',
      `requests must use a local host name (localhost, 127.0.0.1 or [::1]), not "${host ?? ''}"`,
    );
  }
  if (origin === undefined) return;
  let ok: boolean;
  try {
    const u = new URL(origin);
    ok =
      u.protocol === 'http:' &&
      LOCAL_HOSTNAMES.has(u.hostname === '::1' ? '[::1]' : u.hostname) &&
      Number(u.port || 80) === serverPort;
  } catch {
    ok = false;
  }
  if (!ok) throw new ApiError('forbidden', `cross-origin requests are refused (Origin "${origin}")`);
}
