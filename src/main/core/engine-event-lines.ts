// One yes-or-no question put to the engine's event stream: its events, line by line, until a line answers it.
import type Docker from 'dockerode';
import { type Clock, systemClock } from './clock';

/**
 * Reads the engine's events that `filters` select from `sinceMs` on and hands each whole line (one event) to
 * `decide`, until it answers true or false (undefined: read on). When `waitMs` has passed with no answer, the answer
 * is `atWaitEnd()` (false unless given). False when the stream ends or fails first, or when the engine cannot be
 * asked.
 */
export async function askEngineEvents(
  docker: Docker,
  query: { sinceMs: number; filters: Record<string, string[]> },
  decide: (line: string) => boolean | undefined,
  waitMs: number,
  clock: Clock = systemClock,
  atWaitEnd: () => boolean = () => false,
): Promise<boolean> {
  try {
    // A second early, as `since` counts whole seconds. No `until`: the wait is timed here rather than on the
    // engine's clock, which may not agree with this one.
    const stream = (await docker.getEvents({
      since: Math.floor(query.sinceMs / 1000) - 1,
      filters: query.filters,
    })) as NodeJS.ReadableStream & { destroy(): void };
    return await new Promise<boolean>((resolve) => {
      let pending = '';
      const waited = clock.setTimeout(() => done(atWaitEnd()), waitMs);
      const done = (answer: boolean) => {
        waited.cancel();
        stream.destroy();
        resolve(answer);
      };
      stream.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const answer = decide(line);
          if (answer !== undefined) return done(answer);
        }
      });
      stream.on('end', () => done(false));
      stream.on('error', () => done(false));
    });
  } catch {
    return false;
  }
}
