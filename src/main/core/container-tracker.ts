// The live containers of one agent, their state for the UI, and the removals still in flight.
import { EventEmitter } from 'node:events';
import type { ContainerEndReason, ContainerInfo, ContainerState } from '../../shared/models';
import type { CallOptions } from './call-types';
import { type Clock, systemClock } from './clock';

export class ContainerTracker extends EventEmitter<{
  changed: [ContainerInfo];
  removed: [string];
  /** A container is gone, with why and when. */
  ended: [ContainerInfo];
}> {
  private readonly live = new Map<string, ContainerInfo>();
  private readonly removals = new Set<Promise<void>>();

  constructor(private readonly clock: Clock = systemClock) {
    super();
  }

  add(id: string, call: CallOptions, state: ContainerState, kind: 'hot' | 'cold' = 'hot'): ContainerInfo {
    const now = new Date(this.clock.now()).toISOString();
    const info: ContainerInfo = {
      id,
      fn_id: call.fn_id,
      image: call.image,
      format: call.format,
      state,
      calls_served: state === 'busy' ? 1 : 0,
      memory_mb: call.memory,
      kind,
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
  retire(info: ContainerInfo, remove: () => Promise<void>, reason: ContainerEndReason): void {
    info.state = 'stopping';
    info.end_reason ??= reason;
    this.emit('changed', info);
    const p = remove()
      .catch(() => undefined)
      .finally(() => {
        this.live.delete(info.id);
        this.removals.delete(p);
        info.ended_at = new Date(this.clock.now()).toISOString();
        this.emit('removed', info.id);
        this.emit('ended', { ...info });
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
