// The load runner: a number of requests at a concurrency through sendHttp, each call's start kind read from its record.
import type { StudioClient } from '../../../shared/api-contract';
import type { LoadSample } from './composer-stats';
import type { SentRequest } from './composer-draft';

export interface LoadRun {
  total: number;
  concurrency: number;
  done: number;
  running: boolean;
  samples: LoadSample[];
  error: string | null;
}

export function loadProblem(total: number, concurrency: number): string | null {
  if (!Number.isInteger(total) || total < 1 || total > 10_000)
    return 'Calls must be a whole number from 1 to 10000';
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    return 'Concurrency must be a whole number from 1 to 64';
  }
  return null;
}

/** Runs the load; `onSample` after each call. Failures of one request count as samples with status 0. */
export async function runLoad(
  api: StudioClient,
  request: SentRequest,
  total: number,
  concurrency: number,
  onSample: (s: LoadSample) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const started = performance.now();
      try {
        const res = await api.sendHttp(request);
        const callId = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'fn-call-id')?.[1];
        let startKind = 'unknown';
        if (callId) {
          try {
            startKind = (await api.getCall({ call_id: callId })).start_kind ?? 'unknown';
          } catch {
            // The latency still counts; only its start kind is unknown.
          }
        }
        onSample({ durationMs: res.duration_ms, status: res.status, startKind });
      } catch {
        onSample({ durationMs: performance.now() - started, status: 0, startKind: 'failed' });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}
