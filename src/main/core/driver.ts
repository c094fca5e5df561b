// The small container-driver interface the agent runs on: a Docker implementation for real use, fakes for unit tests.
import type { Readable, Writable } from 'node:stream';
import type { EngineKind } from './engine-kind';
import type { UsageSample } from './usage-sample';

/** Docker hardening as Fn applies it; each item can be switched off for images that need it. */
export interface Hardening {
  capDropAll: boolean;
  noNewPrivileges: boolean;
  readOnlyRootfs: boolean;
  pidsLimit: number | null;
  init: boolean;
}

export const DEFAULT_HARDENING: Hardening = {
  capDropAll: true,
  noNewPrivileges: true,
  readOnlyRootfs: true,
  pidsLimit: 256,
  init: true,
};

export interface ContainerSpec {
  image: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  memoryMb: number;
  /** CPU limit in Docker's NanoCPUs (CPUs × 1e9); absent: no limit. */
  nanoCpus?: number;
  network: string;
  hardening: Hardening;
  /** Hot containers keep stdin open across calls; cold ones see it close after the body. */
  keepStdinOpen?: boolean;
  /** Host directories to mount, `host:container` as Docker's Binds. */
  binds?: string[];
  /** Named Docker volumes to mount. */
  volumes?: Array<{ name: string; target: string }>;
  /** Run as this user (e.g. root for the relay) instead of the image's own. */
  user?: string;
  /** A container port (TCP) to publish on 127.0.0.1 of the engine's machine: at `hostPort`, or a free one. */
  publish?: { port: number; hostPort?: number };
}

export interface ExitInfo {
  exitCode: number;
  oomKilled: boolean;
}

/** A started container with its attached stdio. */
export interface RunningContainer {
  readonly id: string;
  /** The host port the spec's `publish` port was given on 127.0.0.1 (read back from the engine). */
  readonly publishedPort?: number;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves when the container has exited and its output streams have ended. */
  wait(): Promise<ExitInfo>;
  kill(): Promise<void>;
  remove(): Promise<void>;
  /**
   * Whether the container's memory figures show it reached its memory limit (memory-limit.ts says how); asked
   * before a timed-out container is killed. False when the engine has no figures to give (e.g. it has exited).
   */
  reachedMemoryLimit(): Promise<boolean>;
  /**
   * Follows the engine's samples of the container's CPU and memory figures (about one a second, each as soon as it
   * arrives) until the returned function is called; `onEnd` is told once when no more will come. Absent where the
   * driver has no such figures.
   */
  watchUsage?(onSample: (s: UsageSample) => void, onEnd: () => void): () => void;
}

export interface EngineInfo {
  version: string;
  /** Docker Engine or Podman (the driver reads each one's answers as it means them). */
  kind?: EngineKind;
  memTotalBytes: number;
  /** The CPUs of the machine the engine runs on (docker info NCPU); absent when the engine does not say. */
  cpus?: number;
  local: boolean;
  /** True when a directory of this machine can be mounted into containers (a local engine on Linux). */
  sharesFilesystem: boolean;
  /** False when that is a guess to check: the engine is reached over the network yet may run here (loopback). */
  filesystemKnown?: boolean;
  /** Why `sharesFilesystem` is what it is, in words. */
  filesystemReason?: string;
  /** The engine's product: Docker Engine, Docker Desktop, Podman. */
  name?: string;
  /** The engine machine's operating system, as the engine reports it. */
  os?: string;
  /** How it is reached (unix, npipe, tcp, tls, ssh), and where its address came from, in words. */
  connection?: string;
  source?: string;
}

export interface PullProgress {
  image: string;
  status: string;
  current?: number;
  total?: number;
}

/** A running watch of the engine's image events. */
export interface ImageWatch {
  stop(): void;
}

/** What a watch of the engine's image events tells. */
export interface ImageWatchHandlers {
  /** The engine streams image events from now on. */
  up(): void;
  /** Something happened to an image (tag, untag, delete, pull, build, import, load). */
  changed(): void;
  /** The stream ended or could not start: nothing more will be told. */
  down(): void;
}

export interface OwnedContainer {
  id: string;
  labels: Record<string, string>;
}

export interface ContainerDriver {
  readonly endpoint: string;
  ping(): Promise<EngineInfo>;
  /**
   * Inspect, and pull when missing; resolves with the image's ID, rejects with a message naming the image when it
   * cannot be had.
   */
  ensureImage(image: string, onProgress?: (p: PullProgress) => void): Promise<string>;
  /** The ID of the image a name points to here, undefined when there is none (never pulls). */
  imageId(image: string): Promise<string | undefined>;
  /** Follows the engine's image events until stopped or the stream ends. */
  watchImages(on: ImageWatchHandlers): ImageWatch;
  /** Create, attach and start; the container is ours to remove afterwards. */
  start(spec: ContainerSpec): Promise<RunningContainer>;
  listByLabel(label: string): Promise<OwnedContainer[]>;
  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;
  listVolumesByLabel(label: string): Promise<Array<{ name: string; labels: Record<string, string> }>>;
  /**
   * Whether the engine sees a directory made on this machine (a container of `image` is created, not started, with
   * it bind-mounted); asked when ping cannot tell. Absent: assume ping's answer.
   */
  seesHostDirectories?(image: string): Promise<boolean>;
  /** Ends what the driver keeps open to the engine (an SSH connection). */
  close?(): void;
  /** The engine's machine when it is not this one (ports it publishes on 127.0.0.1 are there); absent when local. */
  readonly remoteHost?: string;
  /** The image of the http-stream relay, built on first use. */
  ensureRelayImage(): Promise<string>;
  forceRemove(id: string): Promise<void>;
}
