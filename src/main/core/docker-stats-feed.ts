// Follows one container's stats stream from the engine (`GET /containers/{id}/stats?stream=true`): a JSON frame per
// line as the engine samples (about once a second), each turned into a usage sample on this machine's clock.
import type Docker from 'dockerode';
import type { Clock } from './clock';
import { readTime, sampleOf, type StatsFrame, type UsageSample } from './usage-sample';

type StatsStream = NodeJS.ReadableStream & { destroy(): void };

/**
 * Starts following; the returned function stops. `onEnd` is told once, when the stream ends or fails or is stopped.
 * A stream rather than single samples: the engine samples every followed container on one tick, and a request for
 * a single sample waits for that tick anyway (about a second), while a stream hands over each tick's sample.
 */
export function watchStats(
  container: Docker.Container,
  clock: Clock,
  onSample: (s: UsageSample) => void,
  onEnd: () => void,
): () => void {
  let stream: StatsStream | undefined;
  let stopped = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  // Arrival minus the engine's `read` time, its smallest seen: the delivery delay plus any clock difference.
  let offset = Infinity;
  let pending = '';
  const onLine = (line: string) => {
    let frame: StatsFrame;
    try {
      frame = JSON.parse(line) as StatsFrame;
    } catch {
      return;
    }
    const read = readTime(frame);
    if (read === undefined) return;
    offset = Math.min(offset, clock.now() - read);
    const sample = sampleOf(frame, offset);
    if (sample) onSample(sample);
  };
  container.stats({ stream: true }).then(
    (s) => {
      stream = s as StatsStream;
      if (stopped) {
        stream.destroy();
        return end();
      }
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line) onLine(line);
        }
      });
      stream.on('end', end);
      stream.on('close', end);
      stream.on('error', end);
    },
    () => end(),
  );
  return () => {
    stopped = true;
    stream?.destroy();
    end();
  };
}
