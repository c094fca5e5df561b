// Why a call failed, in words a person can act on: chosen from the call's error_kind alone; its message is shown
// beneath by the caller and never parsed here.
import { type ErrorKind, isErrorKind } from './error-kinds';
import type { CallRecord } from './models';

export interface FailureExplanation {
  /** A short title, e.g. "Ran out of memory". */
  title: string;
  /** What happened and what to do, in one or two sentences. */
  advice: string;
}

// A Record over every kind, so a kind added to ERROR_KINDS without words here fails the type check.
const BY_KIND: Record<ErrorKind, FailureExplanation> = {
  timeout: {
    title: 'Timed out',
    advice:
      "The function ran past its timeout and its container was stopped. Raise the function's timeout or make it faster.",
  },
  init_timeout: {
    title: 'Did not start in time',
    advice:
      'The container did not become ready within the start-up limit. Check its log; an http-stream function needs an FDK that opens its socket.',
  },
  init_failed: {
    title: 'Failed to start',
    advice:
      "The container stopped before it was ready to take calls. Its log usually says why; check the image's entrypoint and format.",
  },
  oom: {
    title: 'Ran out of memory',
    advice:
      "The function needed more memory than it was given: it was killed, or it stalled at its limit until its timeout stopped it. Raise the function's memory (a longer timeout would not help).",
  },
  exit: {
    title: 'Function exited',
    advice: 'The function process stopped with an error while it ran the call. Its log usually says why.',
  },
  bad_reply: {
    title: 'Invalid reply',
    advice:
      "The function's answer did not follow its format's protocol. Check that the function's format matches its FDK and that it writes nothing else to stdout.",
  },
  function_error: {
    title: 'Function error',
    advice: 'The function answered that it failed (502). Its log usually says why.',
  },
  pull_failed: {
    title: 'Image missing',
    advice:
      'The image is not on this machine and could not be pulled. Check its name, pull it, or build it from a folder with a Dockerfile.',
  },
  no_capacity: {
    title: 'No capacity',
    advice:
      "No memory became free for the function in time. Wait and send again, raise Memory pool or Wait for capacity in Settings, or lower the function's memory.",
  },
  shutdown: {
    title: 'Shutting down',
    advice: 'Fn Studio was stopping, so the call was not run. Send it again once it is running.',
  },
  cancelled: {
    title: 'Cancelled',
    advice: 'The call was cancelled (or its client went away); a running container was stopped.',
  },
  too_large: {
    title: 'Request too large',
    advice:
      'The request body went over the size limit. Send a smaller body or raise Request body limit in Settings.',
  },
  interrupted: {
    title: 'Interrupted',
    advice: 'Fn Studio stopped while this call ran; it was not run again. Send it again if it is needed.',
  },
  engine_unavailable: {
    title: 'Docker unavailable',
    advice: 'The Docker Engine did not answer. Start Docker (or check its socket) and send the call again.',
  },
  launch_failed: {
    title: 'Could not launch',
    advice:
      "Docker refused to create or start the function's container. Check the function's network and image settings.",
  },
  fn_deleted: {
    title: 'Function deleted',
    advice: 'The function was deleted before this queued call ran.',
  },
  internal: {
    title: 'Internal error',
    advice: 'Fn Studio failed while it handled this call. The message below says where; please report it.',
  },
};

// Records older than error_kind carry only a status.
const BY_STATUS: Record<'timeout' | 'cancelled' | 'error', FailureExplanation> = {
  timeout: { title: 'Timed out', advice: 'The call ran out of time. The message below says more.' },
  cancelled: BY_KIND.cancelled,
  error: { title: 'Failed', advice: 'The call failed. The message below says more.' },
};

/** Why an ended call failed: by its kind; by its status only for a record with no kind this host knows. */
export function explainFailure(call: Pick<CallRecord, 'status' | 'error_kind'>): FailureExplanation | null {
  if (call.status === 'success' || call.status === 'queued' || call.status === 'running') return null;
  // A kind from another version of the host (an imported store, a newer host) still gets words.
  const byKind = call.error_kind && isErrorKind(call.error_kind) ? BY_KIND[call.error_kind] : undefined;
  return byKind ?? BY_STATUS[call.status];
}
