// The host: composes driver, agent, registry, calls, HTTP API, WebSocket and events; starts and stops them in order.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StudioApi } from '../../shared/api-contract';
import { newId } from '../../shared/ids';
import type { HostStatus } from '../../shared/models';
import { Agent } from '../core/agent';
import { sweepOrphans } from '../core/container-labels';
import { DockerDriver } from '../core/docker-driver';
import type { ContainerDriver } from '../core/driver';
import { poolSizeMb } from '../core/resource-pool';
import { createApiService } from './api-service';
import { CallService } from './call-service';
import { acquireDataDirLock } from './data-dir-lock';
import { DockerMonitor } from './docker-monitor';
import { EventHub } from './event-hub';
import { FunctionRegistry } from './function-registry';
import { HttpApi } from './http-api';
import { createHttpServer } from './http-server';
import { WsServer } from './ws-server';
import { startLiveFeed } from './live-feed';
import { totalmem } from 'node:os';

export interface HostOptions {
  port: number;
  host: string;
  dataDir: string;
  uiRoot: string;
  version: string;
  driver?: ContainerDriver;
  /** A user override of the pool size in MB. */
  poolMb?: number;
  bodyLimitBytes?: number;
  waitBoundMs?: number;
  httpStreamMode?: 'auto' | 'direct' | 'relay';
}

export class PortBusyError extends Error {}

export class StudioHost {
  readonly events = new EventHub();
  readonly api: StudioApi;
  readonly agent: Agent;
  readonly monitor: DockerMonitor;
  readonly token = randomBytes(18).toString('base64url');
  private readonly server: Server;
  private readonly ws: WsServer;
  private readonly releaseLock: () => void;
  private boundPort = 0;
  private stopFeed: () => void = () => undefined;
  private readonly driver: ContainerDriver;

  private constructor(private readonly opts: HostOptions) {
    this.releaseLock = acquireDataDirLock(opts.dataDir);
    const driver = (this.driver = opts.driver ?? new DockerDriver());
    // Until the engine answers, size the pool from this machine; the engine's figure replaces it.
    this.agent = new Agent({
      driver,
      poolMb: opts.poolMb ?? poolSizeMb(totalmem()),
      owner: { instanceId: newId(), dataDir: opts.dataDir },
      waitBoundMs: opts.waitBoundMs,
      httpStreamMode: opts.httpStreamMode,
    });
    this.monitor = new DockerMonitor(driver, (status, engine) => {
      if (status.reachable && engine && opts.poolMb === undefined) {
        const m = DockerMonitor.poolInput(engine);
        this.agent.pool.resize(poolSizeMb(m.memBytes, m.cgroupBytes));
      }
      this.events.publish('status', this.status());
    });
    const registry = new FunctionRegistry(() => this.agent.pool.totalMb);
    registry.onChange(() => this.events.publish('apps', null));
    const calls = new CallService(this.agent, this.events);
    const port = () => this.boundPort;
    const bodyLimitBytes = opts.bodyLimitBytes ?? 6 * 1024 * 1024;
    const http = new HttpApi({
      registry,
      calls,
      agent: this.agent,
      version: opts.version,
      port,
      bodyLimitBytes,
    });
    this.api = createApiService({
      registry,
      calls,
      agent: this.agent,
      http,
      port,
      bodyLimitBytes,
      status: () => this.status(),
    });
    this.ws = new WsServer(this.api, this.events, this.token, port);
    this.server = createHttpServer({ api: http, ws: this.ws, uiRoot: opts.uiRoot, bodyLimitBytes });
  }

  static async start(opts: HostOptions): Promise<StudioHost> {
    const host = new StudioHost(opts);
    try {
      await host.listen();
    } catch (err) {
      host.releaseLock();
      throw err;
    }
    const docker = await host.monitor.check();
    if (docker.reachable) await sweepOrphans(host.driver).catch(() => 0);
    host.monitor.start();
    host.stopFeed = startLiveFeed(host.agent, host.events);
    return host;
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          reject(
            new PortBusyError(
              `port ${this.opts.port} on ${this.opts.host} is already in use; choose another with --port`,
            ),
          );
        } else reject(err);
      };
      this.server.once('error', onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }
  get apiUrl(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `http://${h}:${this.boundPort}`;
  }
  /** The UI's URL: it carries the WebSocket token. */
  get uiUrl(): string {
    return `${this.apiUrl}/?token=${this.token}`;
  }

  status(): HostStatus {
    return { version: this.opts.version, docker: this.monitor.current, api_url: this.apiUrl };
  }

  /** Stops taking requests, lets calls finish or time out, removes our containers, releases the data dir. */
  async close(): Promise<void> {
    this.monitor.stop();
    this.stopFeed();
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    await this.agent.close();
    this.ws.close();
    this.server.closeAllConnections();
    await closed;
    this.events.close();
    this.releaseLock();
  }
}
