// Why a call failed, in words a person can act on: the agent's error texts mapped to a reason and a next step.
import type { CallRecord } from './models';

export interface FailureExplanation {
  /** A short title, e.g. "Ran out of memory". */
  title: string;
  /** What happened and what to do, in one or two sentences. */
  advice: string;
}

export function explainFailure(
  call: Pick<CallRecord, 'status' | 'http_status' | 'error'>,
): FailureExplanation | null {
  const error = call.error ?? '';
  if (call.status === 'success' || call.status === 'queued' || call.status === 'running') return null;
  if (call.status === 'cancelled')
    return {
      title: 'Cancelled',
      advice: 'The call was cancelled (or its client went away); a running container was stopped.',
    };
  if (call.status === 'timeout') {
    if (/did not become ready/.test(error))
      return {
        title: 'Did not start in time',
        advice:
          'The function did not open its socket within the start-up limit. Check its log; an FDK image is needed for http-stream.',
      };
    return {
      title: 'Timed out',
      advice: `${error || 'The function ran past its timeout'}. Raise the function's timeout or make it faster.`,
    };
  }
  if (/out of memory/.test(error))
    return { title: 'Ran out of memory', advice: `${error}. Give the function more memory.` };
  const exit = /exited with code (\d+)/.exec(error);
  if (exit)
    return {
      title: `Exited with code ${exit[1]}`,
      advice: 'The function process stopped with an error. Its log usually says why.',
    };
  if (/not available locally|could not be pulled|No such image|pull access denied/i.test(error))
    return {
      title: 'Image missing',
      advice:
        'The image is not on this machine and could not be pulled. Pull it, or build it from a folder with a Dockerfile.',
    };
  if (/failed to initialize/.test(error)) return { title: 'Failed to start', advice: `${error}.` };
  if (call.http_status === 503)
    return {
      title: 'No capacity',
      advice: `${error || 'No memory became free in time'}. Wait, raise the pool size in Settings, or lower the function's memory.`,
    };
  if (error === 'interrupted: host stopped')
    return { title: 'Interrupted', advice: 'The host stopped while this call ran; it was not run again.' };
  return {
    title: call.http_status ? `Failed (${call.http_status})` : 'Failed',
    advice: error || 'The call failed.',
  };
}
