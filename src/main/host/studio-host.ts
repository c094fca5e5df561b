// The host: composes store, settings, driver, agent, registry, calls, detached queue, HTTP API, WebSocket and
// events; starts and stops them in order.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { totalmem } from 'node:os';
import type { StudioApi } from '../../shared/api-contract';
import { newId } from '../../shared/ids';
import type { HostStatus } from '../../shared/models';
import type { StartupSource } from '../../shared/settings';
import { Agent } from '../core/agent';
import { sweepOrphans } from '../core/container-labels';
import { DockerDriver } from '../core/docker-driver';
import { endpointFromSettings } from '../core/docker-endpoint';
import type { ContainerDriver } from '../core/driver';
import { type PoolSizing, poolSizing } from '../core/resource-pool';
import { createApiService } from './api-service';
import { CallService } from './call-service';
import { createComposerApi } from './composer-service';
import { acquireDataDirLock } from './data-dir-lock';
import { DetachedQueue } from './detached-queue';
import { DockerMonitor } from './docker-monitor';
import { EventHub } from './event-hub';
import { FunctionRegistry } from './function-registry';
import type { StartSettings } from './host-settings';
import { InvocationGate } from './invocation';
import { HttpApi } from './http-api';
import { TriggerRegistry } from './trigger-registry';
import { WatchService } from './watch-service';
import { WarmFunctions } from './warm-functions';
import { ImageService } from './image-service';
import { createHttpServer } from './http-server';
import { LiveFeed } from './live-feed';
import { startRetention } from './retention';
import { SettingsService, type HostFacts } from './settings-service';
import { clearStaleWriteLock, Store } from './store/store';
import { WsServer } from './ws-server';

export interface HostOptions {
  host: string;
  dataDir: string;
  uiRoot: string;
  version: string;
  /** Settings from flags and environment; they override saved settings. */
  given?: StartSettings['given'];
  /** Where the data dir and listen address came from. Absent when a caller (a test) starts the host from code:
   * it gave both explicitly, so they are reported as given by flag. */
  from?: StartSettings['from'];
  /** The port to listen on instead of the setting (the desktop app's fallback to the next free port). */
  port?: number;
  driver?: ContainerDriver;
  /** The folder of the example functions (resources/examples), when this installation ships them. */
  examplesDir?: string;
}

export class PortBusyError extends Error {
  constructor(
    readonly port: number,
    message: string,
  ) {
    super(message);
  }
}

export class StudioHost {
  readonly events = new EventHub();
  readonly api: StudioApi;
  readonly agent: Agent;
  readonly monitor: DockerMonitor;
  readonly settings: SettingsService;
  readonly token = randomBytes(18).toString('base64url');
  private readonly store: Store;
  private readonly server: Server;
  private readonly ws: WsServer;
  private readonly queue: DetachedQueue;
  private readonly feed: LiveFeed;
  /** Functions tied to a source folder with watch on: rebuilt on change. */
  readonly watches: WatchService;
  private readonly warm: WarmFunctions;
  private boundPort = 0;
  /** What automatic sizing gives: from this machine's memory until the engine answers, then from the engine's. */
  private autoPool: PoolSizing & { from: 'engine' | 'this machine' } = {
    ...poolSizing(totalmem()),
    from: 'this machine',
  };
  private readonly instanceId = newId();
  private retention = { stop: () => undefined as void, prune: () => undefined as void };
  private readonly driver: ContainerDriver;
  private readonly portSource: StartupSource;

  private constructor(
    private readonly opts: HostOptions,
    private readonly releaseLock: () => void,
  ) {
    this.store = Store.open(opts.dataDir);
    const settings = (this.settings = new SettingsService(
      this.store.settings,
      opts.given ?? { flag: {}, environment: {} },
      () => this.facts(),
    ));
    // The port's source at start: a saved port changed later applies only at the next start.
    this.portSource = opts.port !== undefined ? 'fallback' : settings.sources.port;
    const v = settings.values;
    const driver = (this.driver =
      opts.driver ?? new DockerDriver(() => endpointFromSettings(v, settings.sources.docker_host)));
    // Until the engine answers, size the pool from this machine; the engine's figure replaces it.
    this.agent = new Agent({
      driver,
      poolMb: v.pool_mb ?? this.autoPool.pool_mb,
      owner: { instanceId: this.instanceId, dataDir: opts.dataDir },
      waitBoundMs: v.wait_bound_s * 1000,
      httpStreamMode: v.http_stream_mode,
    });
    this.monitor = new DockerMonitor(driver, (status, engine) => {
      if (status.reachable && engine) {
        this.agent.streamModes.engineAnswered(engine);
        const m = DockerMonitor.poolInput(engine);
        this.autoPool = { ...poolSizing(m.memBytes, m.cgroupBytes), from: 'engine' };
        this.applyPoolSize();
        // Builds that failed while the engine was away are worth another try now.
        this.watches?.retryFailed();
        // Warm containers that could not start while Docker was away.
        this.warm?.retry();
      }
      this.events.publish('status', this.status());
    });
    const registry = new FunctionRegistry({
      store: this.store.registry,
      maxMemoryMb: () => this.agent.pool.totalMb,
      retireIdle: (fnId) => this.agent.hot.retireIdleOf(fnId),
      engineCpus: () => this.monitor.engineCpus,
    });
    registry.onChange(() => this.events.publish('apps', null));
    this.warm = new WarmFunctions(registry, this.agent, (fnId, err) =>
      console.warn(
        `could not keep containers of function ${fnId} warm: ${(err as Error).message ?? String(err)}`,
      ),
    );
    registry.onChange(() => this.warm.sync());
    const triggers = new TriggerRegistry(this.store.registry, registry);
    // A UI lists triggers with apps and functions: one "registry changed" event for all three.
    triggers.onChange(() => this.events.publish('apps', null));
    const calls = new CallService({
      agent: this.agent,
      events: this.events,
      store: this.store.calls,
      limits: () => ({
        keepBytes: settings.values.body_keep_bytes,
        logCapBytes: settings.values.call_log_max_bytes,
      }),
    });
    const port = () => this.boundPort;
    const bodyLimitBytes = () => settings.values.body_limit_bytes;
    const gate = new InvocationGate({ registry, triggers, port });
    this.queue = new DetachedQueue({
      store: this.store.calls,
      calls,
      gate,
      agent: this.agent,
      events: this.events,
    });
    this.agent.on('containerLog', (l) => this.store.calls.saveContainerLog(l.container_id, l.fn_id, l.text));
    this.feed = new LiveFeed(this.agent, this.events, calls);
    const images = new ImageService(driver, this.events, (tag) => this.agent.images.refresh(tag));
    this.watches = new WatchService(registry, {
      build: (folder, tag, signal) => images.build(folder, tag, signal),
      publish: (status) => this.events.publish('watch', status),
    });
    const http = new HttpApi({
      gate,
      registry,
      triggers,
      calls,
      queue: this.queue,
      agent: this.agent,
      settings,
      version: opts.version,
      status: () => this.status(),
      port,
      bodyLimitBytes,
      watchOf: (fnId) => this.watches.of(fnId)?.current(),
    });
    this.api = createApiService({
      registry,
      calls,
      agent: this.agent,
      http,
      port,
      status: () => this.status(),
      feed: this.feed,
      settings,
      images,
      watches: this.watches,
      triggers,
      composer: createComposerApi(this.store.composer, this.events),
      examplesDir: opts.examplesDir,
    });
    this.ws = new WsServer(this.api, this.events, this.token, port);
    this.server = createHttpServer({
      api: http,
      ws: this.ws,
      uiRoot: opts.uiRoot,
      port,
      limits: () => ({ bodyLimitBytes: bodyLimitBytes(), keepBytes: settings.values.body_keep_bytes }),
    });
    settings.onChange((changed) => {
      if (changed.includes('pool_mb')) this.applyPoolSize();
      if (changed.includes('wait_bound_s')) this.agent.setWaitBound(settings.values.wait_bound_s * 1000);
      if (changed.some((k) => k.startsWith('retention_'))) this.retention.prune();
    });
  }

  static async start(opts: HostOptions): Promise<StudioHost> {
    const releaseLock = acquireDataDirLock(opts.dataDir);
    let host: StudioHost;
    try {
      clearStaleWriteLock(opts.dataDir);
      host = new StudioHost(opts, releaseLock);
    } catch (err) {
      releaseLock();
      throw err;
    }
    try {
      await host.listen(opts.port ?? host.settings.values.port);
    } catch (err) {
      host.store.close();
      releaseLock();
      throw err;
    }
    const docker = await host.monitor.check();
    if (docker.reachable) await sweepOrphans(host.driver).catch(() => 0);
    host.warm.sync();
    host.monitor.start();
    host.feed.start();
    host.retention = startRetention(host.store.calls, () => host.settings.values);
    host.queue.recover();
    host.watches.start();
    return host;
  }

  /** A saved pool size wins; otherwise the engine's machine decides (this machine's until the engine answers). */
  private applyPoolSize(): void {
    this.agent.pool.resize(this.settings.values.pool_mb ?? this.autoPool.pool_mb);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          reject(
            new PortBusyError(
              port,
              `port ${port} on ${this.opts.host} is already in use; choose another with --port`,
            ),
          );
        } else reject(err);
      };
      this.server.once('error', onError);
      this.server.listen(port, this.opts.host, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }
  private get hostPort(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `${h}:${this.boundPort}`;
  }
  get apiUrl(): string {
    return `http://${this.hostPort}`;
  }

  private facts(): HostFacts {
    return {
      data_dir: { value: this.opts.dataDir, source: this.opts.from?.dataDir ?? 'flag' },
      listen: { value: this.hostPort, source: this.portSource, host_source: this.opts.from?.host ?? 'flag' },
      pool: { size_mb: this.agent.pool.totalMb, auto: this.autoPool },
      engine: this.monitor.current,
      http_stream: this.agent.streamModes.current(),
    };
  }
  /** The UI's URL: it carries the WebSocket token. */
  get uiUrl(): string {
    return `${this.apiUrl}/?token=${this.token}`;
  }

  status(): HostStatus {
    return {
      version: this.opts.version,
      docker: this.monitor.current,
      http_stream: this.agent.streamModes.current(),
      api_url: this.apiUrl,
      instance_id: this.instanceId,
    };
  }

  /** Stops taking requests, lets calls finish or time out, removes our containers, releases the data dir.
   *  Detached calls still queued stay queued in the store and run at the next start. */
  async close(): Promise<void> {
    await this.watches.close();
    this.monitor.stop();
    this.feed.stop();
    this.retention.stop();
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    const queueDone = this.queue.close();
    await this.agent.close();
    await queueDone;
    this.ws.close();
    this.server.closeAllConnections();
    await closed;
    this.driver.close?.();
    this.events.close();
    this.store.close();
    this.releaseLock();
  }
}
