// Turns agent activity into bounded UI events (container snapshots at most 4/s, a RAM sample each second) and
// keeps what a reconnecting UI needs to rebuild its view: the current state plus the last minutes of RAM samples.
import type { LiveState } from '../../shared/api-contract';
import type { ContainerInfo, HostStatus, RamSample } from '../../shared/models';
import type { Agent } from '../core/agent';
import type { CallService } from './call-service';
import type { EventHub } from './event-hub';

const CONTAINER_SNAPSHOT_MS = 250;
const RAM_SAMPLE_MS = 1000;
const RAM_HISTORY = 300;
const RECENT_CALLS = 100;

export class LiveFeed {
  private pending: NodeJS.Timeout | undefined;
  private ramTimer: NodeJS.Timeout | undefined;
  private readonly ram: RamSample[] = [];
  private readonly onEnded = (info: ContainerInfo) => this.events.publish('containerEnded', info);
  private readonly schedule = () => {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.events.publish('containers', this.agent.containers.list());
    }, CONTAINER_SNAPSHOT_MS);
  };

  constructor(
    private readonly agent: Agent,
    private readonly events: EventHub,
    private readonly calls: CallService,
  ) {}

  start(): void {
    this.agent.on('container', this.schedule);
    this.agent.on('containerRemoved', this.schedule);
    this.agent.on('containerEnded', this.onEnded);
    this.ramTimer = setInterval(() => {
      const sample = this.agent.ramSample();
      this.ram.push(sample);
      if (this.ram.length > RAM_HISTORY) this.ram.shift();
      this.events.publish('ram', sample);
    }, RAM_SAMPLE_MS);
    this.ramTimer.unref();
  }

  /** Everything at this moment; events after `seq` carry on from here. */
  state(status: HostStatus): LiveState {
    // What is still batched goes out first, so the snapshot's number covers it.
    this.events.flush();
    const live = this.calls.liveRecords();
    const liveIds = new Set(live.map((c) => c.id));
    const recent = this.calls.list({}, RECENT_CALLS).filter((c) => !liveIds.has(c.id));
    return {
      seq: this.events.seq,
      status,
      containers: this.agent.containers.list(),
      ended_containers: this.agent.containers.ended(),
      ram: [...this.ram],
      calls: [...live, ...recent],
    };
  }

  stop(): void {
    clearTimeout(this.pending);
    clearInterval(this.ramTimer);
    this.agent.off('container', this.schedule);
    this.agent.off('containerRemoved', this.schedule);
    this.agent.off('containerEnded', this.onEnded);
  }
}
