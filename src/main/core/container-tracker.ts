// The live containers of one agent, their state for the UI, the removals still in flight, and what each container
// (live or recently ended) was started with.
import { EventEmitter } from 'node:events';
import type { ContainerEndReason, ContainerInfo, ContainerState } from '../../shared/models';
import type { CallOptions } from './call-types';
import { type Clock, systemClock } from './clock';
import type { StartedWith } from './container-setup';

/** How many ended containers are kept (their last state and start spec), for the timeline and their details. */
export const ENDED_CONTAINERS_KEPT = 500;

export class ContainerTracker extends EventEmitter<{
  changed: [ContainerInfo];
  removed: [string];
  /** A container is gone, with why and when. */
  ended: [ContainerInfo];
}> {
  private readonly live = new Map<string, ContainerInfo>();
  private readonly removals = new Set<Promise<void>>();
  /** Start specs by container id, of live containers and of those in `endedList`. */
  private readonly started = new Map<string, StartedWith>();
  /** Ended containers as they ended, oldest first, at most ENDED_CONTAINERS_KEPT. */
  private readonly endedList: ContainerInfo[] = [];

  constructor(private readonly clock: Clock = systemClock) {
    super();
  }

  add(
    id: string,
    call: CallOptions,
    state: ContainerState,
    kind: 'hot' | 'cold' = 'hot',
    started?: StartedWith,
    relayMemoryMb?: number,
  ): ContainerInfo {
    const now = new Date(this.clock.now()).toISOString();
    const info: ContainerInfo = {
      id,
      fn_id: call.fn_id,
      image: call.image,
      format: call.format,
      state,
      calls_served: state === 'busy' ? 1 : 0,
      memory_mb: call.memory,
      ...(relayMemoryMb ? { relay_memory_mb: relayMemoryMb } : {}),
      kind,
      started_at: now,
      last_used_at: state === 'busy' ? now : undefined,
    };
    this.live.set(id, info);
    if (started) this.started.set(id, started);
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
        const ended = { ...info };
        this.keepEnded(ended);
        this.emit('removed', info.id);
        this.emit('ended', ended);
      });
    this.removals.add(p);
  }

  private keepEnded(info: ContainerInfo): void {
    this.endedList.push(info);
    if (this.endedList.length > ENDED_CONTAINERS_KEPT) {
      const dropped = this.endedList.shift();
      if (dropped) this.started.delete(dropped.id);
    }
  }

  list(): ContainerInfo[] {
    return [...this.live.values()];
  }

  /** The containers that ended recently, oldest first. */
  ended(): ContainerInfo[] {
    return [...this.endedList];
  }

  /**
   * A live or recently ended container, by its id or its short id (`docker ps` shows 12 characters): its state now
   * (or as it ended) and what it was started with.
   */
  find(id: string): { info: ContainerInfo; started?: StartedWith } | undefined {
    const matches = (c: ContainerInfo) => c.id === id || (id.length >= 12 && c.id.startsWith(id));
    let info = [...this.live.values()].find(matches);
    for (let i = this.endedList.length - 1; !info && i >= 0; i--)
      if (matches(this.endedList[i])) info = this.endedList[i];
    return info && { info: { ...info }, started: this.started.get(info.id) };
  }

  async settled(): Promise<void> {
    while (this.removals.size) await Promise.all([...this.removals]);
  }
}
