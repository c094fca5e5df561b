// The live containers of one agent, their state for the UI, and the removals still in flight.
import { EventEmitter } from 'node:events';
import type { ContainerInfo, ContainerState } from '../../shared/models';
import type { CallOptions } from './call-types';

export class ContainerTracker extends EventEmitter<{ changed: [ContainerInfo]; removed: [string] }> {
  private readonly live = new Map<string, ContainerInfo>();
  private readonly removals = new Set<Promise<void>>();

  add(id: string, call: CallOptions, state: ContainerState): ContainerInfo {
    const now = new Date().toISOString();
    const info: ContainerInfo = {
      id,
      fn_id: call.fn_id,
      image: call.image,
      format: call.format,
      state,
      calls_served: state === 'busy' ? 1 : 0,
      memory_mb: call.memory,
      started_at: now,
      last_used_at: state === 'busy' ? now : undefined,
    };
    this.live.set(id, info);
    this.emit('changed', info);
    return info;
  }

  update(info: ContainerInfo, patch: Partial<ContainerInfo>): void {
    Object.assign(info, patch);
    this.emit('changed', info);
  }

  /** Marks the container stopping and runs its removal; Close awaits every pending removal. */
  retire(info: ContainerInfo, remove: () => Promise<void>): void {
    info.state = 'stopping';
    this.emit('changed', info);
    const p = remove()
      .catch(() => undefined)
      .finally(() => {
        this.live.delete(info.id);
        this.removals.delete(p);
        this.emit('removed', info.id);
      });
    this.removals.add(p);
  }

  list(): ContainerInfo[] {
    return [...this.live.values()];
  }

  async settled(): Promise<void> {
    while (this.removals.size) await Promise.all([...this.removals]);
  }
}
