// Watches whether the Docker engine answers, sizes the pool from its memory, and reports changes to the UI.
import type { HostStatus } from '../../shared/models';
import type { ContainerDriver, EngineInfo } from '../core/driver';
import { cgroupMemoryLimitBytes } from '../core/machine-memory';

export type DockerStatus = HostStatus['docker'];

const RECHECK_MS = 5000;

/** One line for people: the cause comes from the status, the advice is always the same. */
export function describeUnreachable(status: DockerStatus): string {
  return `Docker not reachable at ${status.endpoint}: ${status.message}`;
}

export class DockerMonitor {
  private status: DockerStatus;
  private timer: NodeJS.Timeout | undefined;
  private engine: EngineInfo | undefined;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly onChange: (status: DockerStatus, engine: EngineInfo | undefined) => void,
  ) {
    this.status = { reachable: false, endpoint: driver.endpoint, message: 'not checked yet' };
  }

  get current(): DockerStatus {
    return this.status;
  }

  /** The engine machine's CPU count, once the engine has answered. */
  get engineCpus(): number | undefined {
    return this.engine?.cpus;
  }

  /** Pool size in MB from the engine's memory, capped by this machine's cgroup when the engine is local. */
  static poolInput(engine: EngineInfo): { memBytes: number; cgroupBytes?: number } {
    return {
      memBytes: engine.memTotalBytes,
      cgroupBytes: engine.local ? cgroupMemoryLimitBytes() : undefined,
    };
  }

  async check(): Promise<DockerStatus> {
    let next: DockerStatus;
    try {
      this.engine = await this.driver.ping();
      const e = this.engine;
      next = {
        reachable: true,
        endpoint: this.driver.endpoint,
        engine_version: e.version,
        engine: {
          name: e.name ?? 'Docker Engine',
          version: e.version,
          os: e.os ?? 'unknown',
          remote: !e.local,
          connection: e.connection ?? 'unix',
          source: e.source ?? 'platform default',
        },
      };
    } catch (err) {
      next = {
        reachable: false,
        endpoint: this.driver.endpoint,
        message: (err as Error).message ?? String(err),
      };
    }
    const changed = next.reachable !== this.status.reachable || next.message !== this.status.message;
    this.status = next;
    if (changed) this.onChange(next, this.engine);
    return next;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), RECHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
