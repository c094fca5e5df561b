// An engine endpoint as dockerode options: the socket or pipe, plain tcp, TLS with the endpoint's certificate files
// (read here, with a message naming a missing or unreadable one), or ssh through one shared SSH connection.
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type Docker from 'dockerode';
import { type EndpointEnv, type EngineEndpoint, EndpointError, systemEndpointEnv } from './docker-endpoint';
import { sshAuthFor, type SshAuth } from './ssh-auth';
import { SshTunnel } from './ssh-tunnel';

/** docker-modem takes an http(s) agent too; its types do not say so. */
type ModemOptions = Docker.DockerOptions & { agent?: Agent };

export interface EngineConnection {
  options: ModemOptions;
  /** Set for ssh engines: the shared connection, and what its login tried (for messages). */
  ssh?: { tunnel: SshTunnel; auth: SshAuth };
  /** Ends what the connection keeps open (the SSH connection, kept-alive sockets). */
  close(): void;
}

export function connectionFor(ep: EngineEndpoint, e: EndpointEnv = systemEndpointEnv()): EngineConnection {
  switch (ep.kind) {
    case 'unix':
    case 'npipe':
      return { options: { socketPath: ep.socketPath }, close: () => undefined };
    case 'tcp':
      return { options: { protocol: 'http', host: ep.host, port: ep.port }, close: () => undefined };
    case 'tls': {
      const tls = ep.tls;
      const read = (what: string, path: string | undefined) => {
        if (!path) return undefined;
        try {
          return readFileSync(path);
        } catch (err) {
          throw new EndpointError(`cannot read the TLS ${what} ${path}: ${(err as Error).message}`);
        }
      };
      if (tls?.verify && !tls.ca)
        throw new EndpointError(
          `TLS verification is on (DOCKER_TLS_VERIFY) but ${tls.dir} has no ca.pem: set DOCKER_CERT_PATH (or the docker_cert_path setting) to the folder with ca.pem, cert.pem and key.pem`,
        );
      if (tls && Boolean(tls.cert) !== Boolean(tls.key))
        throw new EndpointError(
          `${tls.dir} has ${tls.cert ? 'cert.pem but no key.pem' : 'key.pem but no cert.pem'}`,
        );
      const material = {
        ca: read('CA certificate', tls?.ca),
        cert: read('client certificate', tls?.cert),
        key: read('client key', tls?.key),
      };
      // One agent holds every TLS option (dockerode passes only some of them on), and keeps connections for reuse.
      const agent = new HttpsAgent({
        ...material,
        rejectUnauthorized: tls?.verify ?? false,
        keepAlive: true,
      });
      return {
        options: { protocol: 'https', host: ep.host, port: ep.port, ...material, agent },
        close: () => agent.destroy(),
      };
    }
    case 'ssh': {
      const auth = sshAuthFor(ep.host ?? '', ep.port ?? 22, e);
      const tunnel = new SshTunnel(ep, auth);
      // dockerode speaks plain HTTP over whatever socket the agent gives it: here, a channel of the SSH connection.
      return {
        options: { protocol: 'http', host: 'docker', port: 80, agent: tunnel.agent },
        ssh: { tunnel, auth },
        close: () => tunnel.close(),
      };
    }
  }
}
