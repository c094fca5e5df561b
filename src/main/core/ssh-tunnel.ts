// One long-lived SSH connection to an ssh:// engine, carrying every API request as a channel of it: a forward to the
// engine's unix socket on the remote machine (learned once from its docker CLI), or `docker system dial-stdio` where
// there is no such socket. dockerode alone opens a new SSH connection per request (300–700 ms each).
import { Agent, type AgentOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { EngineEndpoint } from './docker-endpoint';
import { type SshAuth, sshAuthMethods } from './ssh-auth';

/** An error of the remote side, worded by engine-errors.ts from its code. */
export class SshRemoteError extends Error {
  constructor(
    message: string,
    readonly code: 'EREMOTEDOCKER',
  ) {
    super(message);
  }
}

const REMOTE_ENDPOINT_CMD = "docker context inspect --format '{{.Endpoints.docker.Host}}'";
const DIAL_STDIO_CMD = 'docker system dial-stdio';

export class SshTunnel {
  private client?: Promise<Client>;
  /** The engine's socket on the remote machine; undefined: none to forward to, use dial-stdio. */
  private remoteSocket?: Promise<string | undefined>;
  readonly agent: Agent;
  /** Channels opened, for tests and the bench: how the tunnel carried its requests. */
  readonly opened = { connections: 0, forwards: 0, dialStdio: 0 };

  constructor(
    private readonly ep: EngineEndpoint,
    private readonly auth: SshAuth,
  ) {
    // keepAlive: a finished request leaves its channel for the next one, as the http agent of a TCP engine does.
    const options: AgentOptions = { keepAlive: true };
    this.agent = new Agent(options);
    (this.agent as unknown as { createConnection: unknown }).createConnection = (
      _opts: unknown,
      cb: (err: Error | null, socket?: Duplex) => void,
    ) => {
      this.channel().then(
        (ch) => cb(null, asSocket(ch)),
        (err: Error) => cb(err),
      );
    };
  }

  /** A new channel to the engine's API over the shared connection (connecting first when there is none). */
  async channel(): Promise<ClientChannel> {
    const client = await this.connection();
    // Asked once per connection; a failure (no docker CLI there yet) is asked again by the next request.
    this.remoteSocket ??= this.learnSocket(client).catch((err: unknown) => {
      this.remoteSocket = undefined;
      throw err;
    });
    const socket = await this.remoteSocket;
    if (socket) {
      try {
        const ch = await new Promise<ClientChannel>((resolve, reject) =>
          client.openssh_forwardOutStreamLocal(socket, (err, ch) => (err ? reject(err) : resolve(ch))),
        );
        this.opened.forwards++;
        return ch;
      } catch {
        // The server forbids socket forwarding (AllowStreamLocalForwarding no): dial-stdio from now on.
        this.remoteSocket = Promise.resolve(undefined);
      }
    }
    this.opened.dialStdio++;
    return this.exec(client, DIAL_STDIO_CMD);
  }

  private connection(): Promise<Client> {
    this.client ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      const forget = () => {
        if (this.client === pending) {
          this.client = undefined;
          this.remoteSocket = undefined;
        }
      };
      client.once('ready', () => {
        this.opened.connections++;
        // Requests are small writes answered at once: Nagle's delay would add ~40 ms to each.
        client.setNoDelay(true);
        // Lost later (network, server restart): the next request connects again.
        client.once('close', forget);
        resolve(client);
      });
      client.once('error', (err) => {
        forget();
        reject(err);
      });
      client.on('error', () => undefined);
      const config: ConnectConfig = {
        host: this.ep.host,
        port: this.ep.port,
        username: this.ep.username,
        authHandler: sshAuthMethods(this.auth, this.ep.username ?? ''),
        hostVerifier: this.auth.hostVerifier,
        keepaliveInterval: 15_000,
        readyTimeout: 20_000,
      };
      client.connect(config);
    });
    const pending = this.client;
    return pending;
  }

  /** Asks the remote docker CLI where its engine is (it honours the remote DOCKER_HOST and context). */
  private async learnSocket(client: Client): Promise<string | undefined> {
    const ch = await this.exec(client, REMOTE_ENDPOINT_CMD);
    let out = '';
    let err = '';
    ch.on('data', (b: Buffer) => (out += b.toString()));
    ch.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) =>
      ch.on('exit', (c: number | null) => resolve(c)),
    );
    if (code === 127)
      throw new SshRemoteError(
        `the docker CLI was not found on ${this.ep.host} (${err.trim() || 'command not found'})`,
        'EREMOTEDOCKER',
      );
    const host = out.trim();
    return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
  }

  private exec(client: Client, cmd: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => client.exec(cmd, (err, ch) => (err ? reject(err) : resolve(ch))));
  }

  close(): void {
    this.agent.destroy();
    void this.client?.then(
      (c) => c.end(),
      () => undefined,
    );
    this.client = undefined;
  }
}

/** An SSH channel standing in for a net.Socket: node's http client and agent call these on their sockets. */
function asSocket(ch: ClientChannel): Duplex {
  const s = ch as ClientChannel & Record<string, unknown>;
  for (const m of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref'])
    if (typeof s[m] !== 'function') s[m] = () => s;
  return ch;
}
