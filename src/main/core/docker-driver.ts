// The container driver over a real Docker Engine API (local socket, Docker Desktop, Podman, DOCKER_HOST) via dockerode.
import { CallFailure } from './call-failure';
import Docker from 'dockerode';
import { ApiError } from '../../shared/errors';
import type { Readable } from 'node:stream';
import type {
  ContainerDriver,
  ContainerSpec,
  EngineInfo,
  ExitInfo,
  ImageWatch,
  ImageWatchHandlers,
  OwnedContainer,
  PullProgress,
  RunningContainer,
} from './driver';
import type { UsageSample } from './usage-sample';
import { type Clock, systemClock } from './clock';
import { credentialsFor } from './docker-credentials';
import { watchStats } from './docker-stats-feed';
import { type MemoryFigures, reachedMemoryLimit } from './memory-limit';
import { watchImageEvents } from './image-events';
import { oomReported } from './oom-events';
import { ensureRelayImage } from './relay-image';
import { attachStdio } from './container-attach';
import { demuxStdio, endStdio } from './stdio-demux';
import { type EngineKind, engineKindOf, type VersionReply } from './engine-kind';
import { podmanKernelKill } from './podman-quirks';
import {
  type EngineEndpoint,
  endpointFromEnvironment,
  parseEndpoint,
  tlsVerifyFromEnv,
  isLocalEndpoint,
} from './docker-endpoint';
import { connectionFor, type EngineConnection } from './docker-connection';
import { explainEngineError } from './engine-errors';
import { engineFacts } from './engine-facts';
import { seesHostDirectories } from './shared-dir-probe';

/** How long an exit 137 this host did not cause waits for the engine's late OOM notice. */
const OOM_NOTICE_WAIT_MS = 3000;
/** How long the engine may take for a container's one-shot stats (it samples about once a second). */
const STATS_WAIT_MS = 2500;

interface DockerError {
  statusCode?: number;
  message?: string;
  json?: { message?: string };
}

/** The engine's own words, without dockerode's "(HTTP code N) server error - " wrapping. */
const errorText = (err: unknown): string => {
  const e = err as DockerError;
  return (e.json?.message ?? e.message ?? String(err)).trim().replace(/^\(HTTP code \d+\) [^-]*- /, '');
};

/** Limits, network, mounts and Fn's hardening for a function container: the one place they are spelled out. */
export function hostConfigFor(
  spec: Pick<
    ContainerSpec,
    'memoryMb' | 'nanoCpus' | 'network' | 'hardening' | 'binds' | 'volumes' | 'publish'
  >,
): Docker.HostConfig {
  const h = spec.hardening;
  return {
    Memory: spec.memoryMb * 1024 * 1024,
    MemorySwap: spec.memoryMb * 1024 * 1024,
    NanoCpus: spec.nanoCpus,
    NetworkMode: spec.network,
    CapDrop: h.capDropAll ? ['ALL'] : undefined,
    SecurityOpt: h.noNewPrivileges ? ['no-new-privileges'] : undefined,
    ReadonlyRootfs: h.readOnlyRootfs,
    Tmpfs: h.readOnlyRootfs ? { '/tmp': 'rw,exec,size=64m' } : undefined,
    PidsLimit: h.pidsLimit ?? undefined,
    Init: h.init,
    Binds: spec.binds,
    Mounts: spec.volumes?.map((v) => ({ Type: 'volume' as const, Source: v.name, Target: v.target })),
    // Loopback only: a debugger port lets whoever reaches it run code in the container. '' lets Docker pick.
    PortBindings: spec.publish && {
      [`${spec.publish.port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(spec.publish.hostPort ?? '') }],
    },
  };
}

/** A DOCKER_HOST-style address given in code: the environment's own is reported as such; TLS from the environment. */
function fromString(address: string): EngineEndpoint {
  const env = process.env;
  const tls = { verify: tlsVerifyFromEnv(env.DOCKER_TLS_VERIFY), certPath: env.DOCKER_CERT_PATH ?? '' };
  return parseEndpoint(address, address === env.DOCKER_HOST ? 'environment' : 'flag', tls);
}

export class DockerDriver implements ContainerDriver {
  readonly docker: Docker;
  readonly endpoint: string;
  private readonly pulls = new Map<string, Promise<void>>();
  /** The ID each image name had when ensureImage last looked, for the containers started from it. */
  private relayImage?: Promise<string>;
  /** Which engine answers, asked once it is reachable. */
  private kind?: Promise<EngineKind>;

  readonly engine: EngineEndpoint;
  readonly remoteHost?: string;
  private readonly connection?: EngineConnection;
  /** Why no connection could be set up (a bad address, a missing certificate): every request answers with it. */
  private readonly setupError?: Error;

  /**
   * `endpoint`: where the engine is (docker-endpoint.ts resolves flags, settings and the docker CLI's context); a
   * DOCKER_HOST-style string is read with the environment's TLS variables. Without one: as the docker CLI would.
   */
  constructor(
    endpoint: EngineEndpoint | string | (() => EngineEndpoint) = endpointFromEnvironment,
    private readonly clock: Clock = systemClock,
  ) {
    let ep: EngineEndpoint;
    let connection: EngineConnection | undefined;
    try {
      ep =
        typeof endpoint === 'string'
          ? fromString(endpoint)
          : typeof endpoint === 'function'
            ? endpoint()
            : endpoint;
      connection = connectionFor(ep);
    } catch (err) {
      this.setupError = err as Error;
      ep =
        typeof endpoint === 'object'
          ? endpoint
          : // Only a docker context or an address can fail to resolve: name what was asked for.
            {
              url: typeof endpoint === 'string' ? endpoint : 'the docker CLI’s context',
              kind: 'tcp',
              source: 'context',
            };
    }
    this.engine = ep;
    this.remoteHost = isLocalEndpoint(ep) ? undefined : ep.host;
    this.connection = connection;
    // A driver that could not be set up still exists, so the host starts and shows why; its requests all fail.
    this.docker = new Docker(connection?.options ?? { socketPath: '/nonexistent/fn-studio-no-engine.sock' });
    this.endpoint = ep.url;
  }

  /** Docker Engine or Podman (asked of the engine once; asked again after a failure). */
  engineKind(): Promise<EngineKind> {
    this.kind ??= this.docker.version().then(
      (v) => engineKindOf(v as VersionReply),
      (err: unknown) => {
        this.kind = undefined;
        throw this.unreachable(err) ?? err;
      },
    );
    return this.kind;
  }

  async ping(): Promise<EngineInfo> {
    if (this.setupError) throw this.setupError;
    try {
      const [info, version] = await Promise.all([
        this.docker.info() as Promise<{ NCPU?: number; MemTotal?: number; ServerVersion?: string }>,
        this.docker.version(),
      ]);
      const kind = engineKindOf(version as VersionReply);
      return { ...engineFacts(this.engine, info, version), kind, cpus: info.NCPU };
    } catch (err) {
      throw this.unreachable(err) ?? err;
    }
  }

  seesHostDirectories(image: string): Promise<boolean> {
    return seesHostDirectories(this.docker, image);
  }

  close(): void {
    this.connection?.close();
  }

  /** A 503 that says the engine itself is away (not the image or the function), with what to check. */
  private unreachable(err: unknown): ApiError | undefined {
    if (this.setupError) return new ApiError('unavailable', this.setupError.message);
    const why = explainEngineError(err, this.engine, this.connection?.ssh?.auth);
    if (why) return new ApiError('unavailable', why);
    const code = (err as NodeJS.ErrnoException).code;
    if (!code || !['ECONNRESET', 'EPIPE'].includes(code)) return undefined;
    return new ApiError(
      'unavailable',
      `Docker is not reachable at ${this.endpoint} (${code}): start Docker, or check DOCKER_HOST / the docker_host setting, then retry`,
    );
  }

  async imagePresent(image: string): Promise<boolean> {
    return (await this.imageId(image)) !== undefined;
  }

  async imageId(image: string): Promise<string | undefined> {
    try {
      return ((await this.docker.getImage(image).inspect()) as { Id: string }).Id;
    } catch (err) {
      if ((err as DockerError).statusCode === 404) return undefined;
      throw (
        this.unreachable(err) ?? new Error(`cannot inspect image ${image}: ${errorText(err)}`, { cause: err })
      );
    }
  }

  async ensureImage(image: string, onProgress?: (p: PullProgress) => void): Promise<string> {
    const present = await this.imageId(image);
    if (present) return present;
    // One pull per image at a time: later callers wait on the pull already running.
    let pull = this.pulls.get(image);
    if (!pull) {
      pull = this.pull(image, onProgress).finally(() => this.pulls.delete(image));
      this.pulls.set(image, pull);
    }
    await pull;
    const pulled = await this.imageId(image);
    if (!pulled)
      throw new CallFailure('pull_failed', `image ${image} was pulled but is not there (removed meanwhile?)`);
    return pulled;
  }

  watchImages(on: ImageWatchHandlers): ImageWatch {
    return watchImageEvents(this.docker, on);
  }

  private async pull(image: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    const authconfig = credentialsFor(image);
    try {
      const stream = await this.docker.pull(image, authconfig ? { authconfig } : {});
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.followProgress(
          stream,
          (err: Error | null, output: Array<{ error?: string }>) => {
            const failed = err ?? output.find((o) => o.error)?.error;
            if (failed) reject(failed instanceof Error ? failed : new Error(failed));
            else resolve();
          },
          (event: { status?: string; progressDetail?: { current?: number; total?: number } }) =>
            onProgress?.({
              image,
              status: event.status ?? '',
              current: event.progressDetail?.current,
              total: event.progressDetail?.total,
            }),
        );
      });
    } catch (err) {
      throw new CallFailure(
        'pull_failed',
        `image ${image} is not available locally and could not be pulled: ${errorText(err)}`,
        { cause: err },
      );
    }
  }

  async start(spec: ContainerSpec): Promise<RunningContainer> {
    const container = await this.createContainer(spec);
    return this.attachAndStart(container, spec);
  }

  private async createContainer(spec: ContainerSpec): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(this.createOptions(spec));
    } catch (err) {
      throw this.unreachable(err) ?? err;
    }
  }

  private createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
    return {
      Image: spec.image,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      Labels: spec.labels,
      User: spec.user,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      OpenStdin: true,
      StdinOnce: !spec.keepStdinOpen,
      Tty: false,
      ExposedPorts: spec.publish && { [`${spec.publish.port}/tcp`]: {} },
      HostConfig: hostConfigFor(spec),
    };
  }

  /** The host port the engine gave the spec's published port (it picks one when the spec names none). */
  private async publishedPort(container: Docker.Container, spec: ContainerSpec): Promise<number | undefined> {
    if (!spec.publish) return undefined;
    const info = (await container.inspect()) as {
      NetworkSettings?: { Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> };
    };
    const binding = info.NetworkSettings?.Ports?.[`${spec.publish.port}/tcp`]?.[0];
    const port = Number(binding?.HostPort);
    if (!port) throw new Error(`the engine published no host port for container port ${spec.publish.port}`);
    return port;
  }

  private async attachAndStart(container: Docker.Container, spec: ContainerSpec): Promise<RunningContainer> {
    const limitBytes = spec.memoryMb * 1024 * 1024;
    try {
      // Attach before start so no output is lost.
      const stream = await attachStdio(this.docker, container);
      const stdio = demuxStdio(stream);
      const { stdout, stderr } = stdio;
      const streamEnded = new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
      });
      streamEnded.then(() => endStdio(stdio));
      const startedAt = this.clock.now();
      let kind: Awaited<ReturnType<DockerDriver['engineKind']>>;
      try {
        [kind] = await Promise.all([this.engineKind(), container.start()]);
      } catch (err) {
        throw publishFailure(err, spec) ?? err;
      }
      const publishedPort = await this.publishedPort(container, spec);
      // Podman sends no OOM notice: there a SIGKILL no client asked for is the kernel's (podman-quirks.ts).
      const oomNotice = kind === 'podman' ? podmanKernelKill : oomReported;
      return new DockerContainer(container, publishedPort, stream, stdout, stderr, streamEnded, {
        oomReported: (waitMs) => oomNotice(this.docker, container.id, startedAt, waitMs, this.clock),
        reachedMemoryLimit: async () => reachedMemoryLimit(await this.memoryFigures(container), limitBytes),
        watchUsage: (onSample, onEnd) => watchStats(container, this.clock, onSample, onEnd),
      });
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      throw err;
    }
  }

  /** The container's `memory_stats` from one sample; undefined when the engine gives none in time. */
  private memoryFigures(container: Docker.Container): Promise<MemoryFigures | undefined> {
    const asked = container.stats({ stream: false }).then(
      (s) => (s as { memory_stats?: MemoryFigures }).memory_stats,
      () => undefined,
    );
    return new Promise((resolve) => {
      const waited = this.clock.setTimeout(() => resolve(undefined), STATS_WAIT_MS);
      void asked.then((figures) => {
        waited.cancel();
        resolve(figures);
      });
    });
  }

  async listByLabel(label: string): Promise<OwnedContainer[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [label] } });
    return list.map((c) => ({ id: c.Id, labels: c.Labels ?? {} }));
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.docker.createVolume({ Name: name, Labels: labels });
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove({ force: true });
    } catch (err) {
      if ((err as DockerError).statusCode !== 404) throw err;
    }
  }

  async listVolumesByLabel(label: string): Promise<Array<{ name: string; labels: Record<string, string> }>> {
    const res = (await this.docker.listVolumes({ filters: { label: [label] } })) as {
      Volumes?: Array<{ Name: string; Labels?: Record<string, string> | null }>;
    };
    return (res.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
  }

  ensureRelayImage(): Promise<string> {
    this.relayImage ??= ensureRelayImage(this.docker).catch((err: unknown) => {
      this.relayImage = undefined;
      throw err;
    });
    return this.relayImage;
  }

  async forceRemove(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true });
    } catch (err) {
      // Gone already, or someone else's removal of it is under way (409): either way it is going.
      const status = (err as DockerError).statusCode;
      if (status === 404 || (status === 409 && /already in progress/.test(errorText(err)))) return;
      throw err;
    }
  }
}

/** A start that failed because the fixed host port of a published port is in use: said with what to do. */
function publishFailure(err: unknown, spec: ContainerSpec): CallFailure | undefined {
  const hostPort = spec.publish?.hostPort;
  if (hostPort === undefined || !/port is already allocated|address already in use/i.test(errorText(err)))
    return undefined;
  return new CallFailure(
    'init_failed',
    `debug host_port ${hostPort} is already taken on 127.0.0.1 (by another program or container): choose another in the function's debug settings, or leave host_port out for a free one`,
    { cause: err },
  );
}

class DockerContainer implements RunningContainer {
  readonly id: string;
  readonly stdin: NodeJS.WritableStream & import('node:stream').Writable;
  private exit?: Promise<ExitInfo>;
  /** Set when this host kills or removes the container: its 137 is then ours, not the kernel's OOM killer. */
  private stoppedByUs = false;

  constructor(
    private readonly container: Docker.Container,
    readonly publishedPort: number | undefined,
    stream: NodeJS.ReadWriteStream,
    readonly stdout: Readable,
    readonly stderr: Readable,
    private readonly streamEnded: Promise<void>,
    private readonly memory: {
      /** Whether the engine reported an OOM kill of this container, waiting up to `waitMs` for the notice. */
      oomReported: (waitMs: number) => Promise<boolean>;
      reachedMemoryLimit: () => Promise<boolean>;
      watchUsage: (onSample: (s: UsageSample) => void, onEnd: () => void) => () => void;
    },
  ) {
    this.id = container.id;
    this.stdin = stream as unknown as import('node:stream').Writable;
  }

  wait(): Promise<ExitInfo> {
    this.exit ??= (async () => {
      const result = (await this.container.wait()) as { StatusCode: number };
      // The exit status arrives before the last output is read: drain the stream (bounded) first.
      await Promise.race([this.streamEnded, new Promise((r) => setTimeout(r, 2000))]);
      // The inspect also catches a container removed meanwhile (its 404 fails the wait: the container is lost),
      // where Podman's wait can answer 0 as if it had succeeded (seen for auto-removed containers).
      const state = (await this.container.inspect()).State as { OOMKilled?: boolean };
      let oom = Boolean(state.OOMKilled);
      // A SIGKILL nobody here sent may be the OOM killer's even when inspect says otherwise (its notice can come
      // after the exit): ask for the container's oom events, waiting a moment for a late one. The wait is generous
      // because a busy engine delivers the notice late (seen past 1 s), and only a kill nobody here sent pays it.
      // The memory figures are asked too, for engines that send no notice at all; Docker drops them with the
      // container's cgroup at its exit (it then answers at once with none), so there the notice decides.
      if (!oom && result.StatusCode === 137 && !this.stoppedByUs) {
        const [notice, figures] = await Promise.all([
          this.memory.oomReported(OOM_NOTICE_WAIT_MS),
          this.memory.reachedMemoryLimit(),
        ]);
        oom = notice || figures;
      }
      return { exitCode: result.StatusCode, oomKilled: oom };
    })();
    return this.exit;
  }

  reachedMemoryLimit(): Promise<boolean> {
    return this.memory.reachedMemoryLimit();
  }

  watchUsage(onSample: (s: UsageSample) => void, onEnd: () => void): () => void {
    return this.memory.watchUsage(onSample, onEnd);
  }

  async kill(): Promise<void> {
    this.stoppedByUs = true;
    try {
      await this.container.kill();
    } catch (err) {
      const code = (err as DockerError).statusCode;
      if (code !== 404 && code !== 409) throw err;
    }
  }

  async remove(): Promise<void> {
    this.stoppedByUs = true;
    try {
      await this.container.remove({ force: true });
    } catch (err) {
      if ((err as DockerError).statusCode !== 404) throw err;
    }
  }
}
