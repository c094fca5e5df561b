// Why the engine could not be reached, in words that name the endpoint and what to check, for each kind of endpoint:
// a missing socket, a permission, nothing listening, a TLS handshake, an SSH login, the docker CLI on an ssh machine.
import { describeSource, type EngineEndpoint } from './docker-endpoint';
import type { SshAuth } from './ssh-auth';

interface ErrorLike {
  code?: string;
  level?: string;
  message?: string;
  statusCode?: number;
  json?: { message?: string } | string;
}

const TLS_CODE =
  /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ERR_TLS|EPROTO|DEPTH_ZERO|HOSTNAME|ALTNAME|CERTIFICATE/;

/** The advice for an error reaching the engine at `ep`; undefined when the error is not about reaching it. */
export function explainEngineError(err: unknown, ep: EngineEndpoint, ssh?: SshAuth): string | undefined {
  const e = (err ?? {}) as ErrorLike;
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  const at = `${ep.url} (${describeSource(ep)})`;
  if (ep.kind === 'unix' || ep.kind === 'npipe') {
    const what = ep.kind === 'unix' ? 'socket' : 'named pipe';
    if (code === 'ENOENT')
      return `no Docker Engine at ${at}: the ${what} ${ep.socketPath} does not exist. Start Docker (or Podman's socket), or point DOCKER_HOST / the docker_host setting at the engine's socket.`;
    if (code === 'EACCES' || code === 'EPERM')
      return `permission denied on the ${what} ${ep.socketPath} (${at}): ${
        ep.kind === 'unix'
          ? 'add your user to the group that owns it (usually docker: sudo usermod -aG docker $USER, then log in again), or use a rootless engine’s socket'
          : 'run Fn Studio as a user allowed to use Docker Desktop (the docker-users group)'
      }.`;
    if (code === 'ECONNREFUSED')
      return `nothing answers on the ${what} ${ep.socketPath} (${at}): the file is there but no engine listens on it. Start (or restart) Docker.`;
    return undefined;
  }
  const hostPort = `${ep.host}:${ep.port}`;
  if (ep.kind === 'ssh') {
    if (e.level === 'client-authentication')
      return `ssh login to ${ep.username}@${hostPort} failed (${at}): the machine accepted none of ${
        ssh?.tried.length ? ssh.tried.join(', ') : 'the keys (there is no ssh agent and no key in ~/.ssh)'
      }. Add your public key to ${ep.username}'s ~/.ssh/authorized_keys there, or load the right key into your ssh agent.`;
    if (ssh?.hostKeyProblem) return `ssh to ${hostPort} refused (${at}): ${ssh.hostKeyProblem}.`;
    if (code === 'EREMOTEDOCKER')
      return `${msg} (${at}): an ssh engine needs the docker CLI on the engine's machine, as the docker CLI itself does.`;
    if (e.level === 'client-timeout')
      return `ssh to ${hostPort} did not complete its handshake in time (${at}): check the address and that sshd answers there.`;
  }
  if (code === 'ECONNREFUSED')
    return `nothing listens at ${hostPort} (${at}): check that the engine${ep.kind === 'ssh' ? '’s machine runs sshd' : ' listens on tcp'} at that address and port.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host name ${ep.host} of ${at} does not resolve: check the address.`;
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `${hostPort} cannot be reached (${code}, ${at}): check the address, the network and any firewall.`;
  if (ep.kind === 'tls' && (TLS_CODE.test(code) || /certificate|handshake|ssl|tls/i.test(msg)))
    return `the TLS handshake with ${hostPort} failed (${at}): ${msg}. Check DOCKER_CERT_PATH / the docker_cert_path setting (${ep.tls?.dir}: ca.pem, cert.pem, key.pem) and that the engine's certificate names ${ep.host}.`;
  if (ep.kind === 'tcp' && code === 'ECONNRESET')
    return `${hostPort} closed the connection (${at}): if the engine expects TLS (port 2376), turn on DOCKER_TLS_VERIFY / the docker_tls_verify setting and give its certificates.`;
  const body = typeof e.json === 'string' ? e.json : (e.json?.message ?? msg);
  if (ep.kind === 'tcp' && /HTTP request to an HTTPS server/i.test(body))
    return `the engine at ${hostPort} speaks TLS (${at}): turn on DOCKER_TLS_VERIFY / the docker_tls_verify setting and set DOCKER_CERT_PATH / docker_cert_path to its certificates.`;
  if (ep.kind === 'tls' && code === 'ECONNRESET')
    return `${hostPort} closed the TLS connection (${at}): the engine may not accept the client certificate in ${ep.tls?.dir}, or may not speak TLS on that port.`;
  return undefined;
}
