// Turns agent activity into bounded UI events: container snapshots at most 4/s, a RAM sample each second.
import type { Agent } from '../core/agent';
import type { EventHub } from './event-hub';

const CONTAINER_SNAPSHOT_MS = 250;
const RAM_SAMPLE_MS = 1000;

export function startLiveFeed(agent: Agent, events: EventHub): () => void {
  let pending: NodeJS.Timeout | undefined;
  const schedule = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      events.publish('containers', agent.containers.list());
    }, CONTAINER_SNAPSHOT_MS);
  };
  agent.on('container', schedule);
  agent.on('containerRemoved', schedule);
  const ram = setInterval(() => events.publish('ram', agent.ramSample()), RAM_SAMPLE_MS);
  ram.unref();
  return () => {
    clearTimeout(pending);
    clearInterval(ram);
    agent.off('container', schedule);
    agent.off('containerRemoved', schedule);
  };
}
