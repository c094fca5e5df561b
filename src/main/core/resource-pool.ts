// The RAM pool: memory tokens that wait (FIFO) until memory frees, can be cancelled, and are released exactly once.
import type { PoolAutoSize } from '../../shared/settings';
import { ApiError } from '../../shared/errors';

export interface MemoryToken {
  readonly mb: number;
  /** Returns the memory to the pool; later calls do nothing. */
  release(): void;
}

/** Who a reservation is for, so the scheduler can judge whom the head of the line has kept waiting. */
export interface WaiterTag {
  /** The hot key of the launch it is for; none for a cold call. */
  key?: string;
  /** When the call it is for started waiting (clock ms). */
  since: number;
}

interface Waiter {
  mb: number;
  tag?: WaiterTag;
  grant: (t: MemoryToken) => void;
}

export class ResourcePool {
  private used = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private total: number) {}

  get totalMb(): number {
    return this.total;
  }
  get usedMb(): number {
    return this.used;
  }
  get freeMb(): number {
    return this.total - this.used;
  }
  get waiting(): number {
    return this.waiters.length;
  }
  /** Whether a reservation of `mb` made now would wait: memory is short, or others already wait (FIFO). */
  wouldWait(mb: number): boolean {
    return this.waiters.length > 0 || this.used + mb > this.total;
  }
  /** The first waiter: what it needs and who it is for. */
  get headWaiter(): { mb: number; tag?: WaiterTag } | undefined {
    const w = this.waiters[0];
    return w && { mb: w.mb, tag: w.tag };
  }

  /** Resolves with a token once `mb` is free; rejects when the signal aborts first. */
  reserve(mb: number, signal?: AbortSignal, tag?: WaiterTag): Promise<MemoryToken> {
    if (mb > this.total) {
      return Promise.reject(
        new ApiError(
          'invalid_input',
          `the function needs ${mb} MB but the whole memory pool is ${this.total} MB`,
        ),
      );
    }
    if (!this.wouldWait(mb)) return Promise.resolve(this.grant(mb));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { mb, tag, grant: resolve };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
        this.drain();
      };
      if (signal?.aborted) return onAbort();
      waiter.grant = (t) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(t);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** A user override of the pool size; waiters that now fit are served. */
  resize(totalMb: number): void {
    this.total = totalMb;
    this.drain();
  }

  private grant(mb: number): MemoryToken {
    this.used += mb;
    let released = false;
    return {
      mb,
      release: () => {
        if (released) return;
        released = true;
        this.used -= mb;
        this.drain();
      },
    };
  }

  private drain(): void {
    while (this.waiters.length && this.used + this.waiters[0].mb <= this.total) {
      const w = this.waiters.shift() as Waiter;
      w.grant(this.grant(w.mb));
    }
  }
}

/** How an automatic pool size comes about: the machine's memory, the reserve kept from it, what is left. */
export type PoolSizing = Omit<PoolAutoSize, 'from'>;

/**
 * The pool from the engine machine's memory (capped by this machine's cgroup limit where given), as Fn sizes it:
 * a reserve of 10 % of that memory, the reserve clamped to 256 MB–5 GB, and the pool is the rest.
 */
export function poolSizing(engineMemBytes: number, cgroupLimitBytes?: number): PoolSizing {
  const bytes = cgroupLimitBytes && cgroupLimitBytes < engineMemBytes ? cgroupLimitBytes : engineMemBytes;
  const mb = Math.floor(bytes / (1024 * 1024));
  const reserve = Math.min(Math.max(Math.floor(mb * 0.1), 256), 5 * 1024);
  return { machine_mb: mb, reserve_mb: Math.min(reserve, mb), pool_mb: Math.max(mb - reserve, 0) };
}

export const poolSizeMb = (engineMemBytes: number, cgroupLimitBytes?: number): number =>
  poolSizing(engineMemBytes, cgroupLimitBytes).pool_mb;
