// The host's call path for unit tests, without Docker: the real store, registries and invocation gate
// (registry-fixture.ts), a fake agent, and the real event hub, CallService and DetachedQueue over them.
import { CallService } from '../../src/main/host/call-service';
import { DetachedQueue } from '../../src/main/host/detached-queue';
import { EventHub } from '../../src/main/host/event-hub';
import { FakeAgent, success } from './fake-agent';
import { openRegistryFixture, type RegistryFixture } from './registry-fixture';

export interface CallPath {
  f: RegistryFixture;
  agent: FakeAgent;
  events: EventHub;
  calls: CallService;
  queue: DetachedQueue;
  /** Ends the calls still running (the queue's close waits for those it runs), then closes everything. */
  close(): Promise<void>;
}

export function openCallPath({ poolMb = 1024, keepBytes = 1024 } = {}): CallPath {
  const f = openRegistryFixture(poolMb);
  const agent = new FakeAgent(poolMb);
  const events = new EventHub();
  const calls = new CallService({
    agent: agent.asAgent,
    events,
    store: f.store.calls,
    limits: () => ({ keepBytes, logCapBytes: 1024 }),
  });
  const queue = new DetachedQueue({
    store: f.store.calls,
    calls,
    gate: f.gate,
    agent: agent.asAgent,
    events,
  });
  return {
    f,
    agent,
    events,
    calls,
    queue,
    async close() {
      for (const id of [...agent.runs.keys()]) agent.end(id, success());
      await queue.close();
      events.close();
      f.close();
    },
  };
}
