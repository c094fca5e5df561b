// Whether the engine reported an `oom` event for a container: the engine can record an OOM kill after the exit it
// caused (its OOM notice and the exit arrive separately), and then inspect's State.OOMKilled stays false.
import type Docker from 'dockerode';
import { type Clock, systemClock } from './clock';
import { askEngineEvents } from './engine-event-lines';

/**
 * Asks the engine for the container's `oom` events from `sinceMs` on, waiting up to `waitMs` for one still on its
 * way; false if none came or the engine could not be asked (the exit then stands as it is).
 */
export function oomReported(
  docker: Docker,
  id: string,
  sinceMs: number,
  waitMs: number,
  clock: Clock = systemClock,
): Promise<boolean> {
  return askEngineEvents(
    docker,
    { sinceMs, filters: { container: [id], event: ['oom'] } },
    // Any event line at all is an oom of this container: the filter asked for nothing else.
    (line) => (line.trim() !== '' ? true : undefined),
    waitMs,
    clock,
  );
}
