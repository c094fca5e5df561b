// A push goes to another Fn server, never to this host itself: pushing here would "update" every app, function and
// trigger with itself and report success, which tells the user nothing (and is not the hand-off they meant).
import { lookup } from 'node:dns/promises';
import { ApiError } from '../../shared/errors';
import type { HostStatus } from '../../shared/models';
import type { RegistryFile, TransferReport } from '../../shared/registry-file';
import { type FnApiRequest, pushRegistry, remoteFnApi } from './registry-transfer';

/** Pushes the file to the Fn server at `url`, after making sure that server is not this host. */
export async function pushToServer(
  url: string,
  file: RegistryFile,
  self: Pick<HostStatus, 'api_url' | 'instance_id'>,
): Promise<TransferReport> {
  const send = remoteFnApi(url);
  await refuseSelf(url, send, self);
  return pushRegistry(file, send);
}

/**
 * The same host two ways: the URL's host name resolves to the address this host listens on, at its port (no
 * request needed); or, reached under any other name (a port forward, a proxy), the server answers
 * `GET /v2/status` with this host's instance id. A server without that endpoint (Fn itself) is another server.
 */
async function refuseSelf(
  url: string,
  send: FnApiRequest,
  self: Pick<HostStatus, 'api_url' | 'instance_id'>,
): Promise<void> {
  const target = new URL(url);
  const own = new URL(self.api_url);
  const portOf = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
  const refuse = () =>
    new ApiError(
      'invalid_input',
      `${url} is this Fn Studio itself (${own.host}): give the API URL of another Fn server to push to`,
    );
  if (portOf(target) === portOf(own)) {
    const addresses = await lookup(unbracket(target.hostname), { all: true }).catch(() => []);
    if (addresses.some((a) => a.address === unbracket(own.hostname))) throw refuse();
  }
  const status = await send('GET', '/v2/status');
  const id = (status.body as { instance_id?: unknown } | null)?.instance_id;
  if (status.status === 200 && self.instance_id !== undefined && id === self.instance_id) throw refuse();
}
