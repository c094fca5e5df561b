// Plain-function selectors; each returns a primitive or a reference already in the state, so React subscriptions stay stable.
import type { Fn, HostStatus } from '../../../shared/models';
import type { ComposerResult } from './composer-slice';
import type { StudioState } from './studio-state';

const NO_LINES: string[] = [];

/** The Docker part of the status when the engine is unreachable; null when all is well or not yet known. */
export const selectDockerProblem = (s: StudioState): HostStatus['docker'] | null =>
  s.status && !s.status.docker.reachable ? s.status.docker : null;

/** Why the UI cannot talk to the host, if it cannot. */
export const selectConnectionProblem = (s: StudioState): string | null => {
  if (s.connection.state === 'reconnecting' || s.connection.state === 'failed') {
    return s.connection.message ?? 'Not connected to the Fn Studio host.';
  }
  return s.statusError;
};

export const selectSelectedFn = (s: StudioState): Fn | null =>
  s.fns.find((f) => f.id === s.selectedFnId) ?? null;

/** The composer's last response, only while the function it came from is the selected one. */
export const selectResult = (s: StudioState): ComposerResult | null =>
  s.result && s.result.fnId === s.selectedFnId ? s.result : null;

/**
 * The log of the composer's call: live lines and the stored log are views of the same stream,
 * so whichever has more lines is the more complete one.
 */
export const selectResultLogLines = (s: StudioState): string[] => {
  const result = selectResult(s);
  if (!result?.callId) return NO_LINES;
  const live = s.liveLogs[result.callId] ?? NO_LINES;
  const stored = result.log ?? NO_LINES;
  return stored.length >= live.length ? stored : live;
};

export const selectResultCallId = (s: StudioState): string | null => selectResult(s)?.callId ?? null;
