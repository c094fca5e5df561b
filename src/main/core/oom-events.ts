// Whether the engine reported an `oom` event for a container: the engine can record an OOM kill after the exit it
// caused (its OOM notice and the exit arrive separately), and then inspect's State.OOMKilled stays false.
import type Docker from 'dockerode';
import { type Clock, systemClock } from './clock';

/**
 * Asks the engine for the container's `oom` events from `sinceMs` on, waiting up to `waitMs` for one still on its
 * way; false if none came or the engine could not be asked (the exit then stands as it is).
 */
export async function oomReported(
  docker: Docker,
  id: string,
  sinceMs: number,
  waitMs: number,
  clock: Clock = systemClock,
): Promise<boolean> {
  try {
    // No `until`: the wait is timed here rather than on the engine's clock, which may not agree with this one.
    const stream = (await docker.getEvents({
      since: Math.floor(sinceMs / 1000) - 1,
      filters: { container: [id], event: ['oom'] },
    })) as NodeJS.ReadableStream & { destroy(): void };
    return await new Promise<boolean>((resolve) => {
      const waited = clock.setTimeout(() => done(false), waitMs);
      const done = (seen: boolean) => {
        waited.cancel();
        stream.destroy();
        resolve(seen);
      };
      // Any event line at all is an oom of this container: the filter asked for nothing else.
      stream.on('data', (chunk: Buffer) => chunk.toString().trim() !== '' && done(true));
      stream.on('end', () => done(false));
      stream.on('error', () => done(false));
    });
  } catch {
    return false;
  }
}
