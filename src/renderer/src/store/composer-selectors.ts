// Selectors of the composer: the selected function's draft (or its default), history, why its call failed, and what
// the call being sent waits for.
import { explainFailure, type FailureExplanation } from '../../../shared/explain-failure';
import type { CallRecord, WaitReason } from '../../../shared/models';
import { defaultDraft, type ComposerDraft, type HistoryEntry } from './composer-draft';
import { selectResult } from './selectors';
import type { StudioState } from './studio-state';

const NO_HISTORY: HistoryEntry[] = [];
// One default per function id, so a selector returns the same object while nothing changed.
const defaults = new Map<string, ComposerDraft>();

export const selectDraft = (s: StudioState): ComposerDraft | null => {
  const fnId = s.selectedFnId;
  if (!fnId) return null;
  const saved = s.drafts[fnId];
  if (saved) return saved;
  let d = defaults.get(fnId);
  if (!d) {
    d = defaultDraft(fnId);
    defaults.set(fnId, d);
  }
  return d;
};

export const selectFnHistory = (s: StudioState): HistoryEntry[] =>
  (s.selectedFnId && s.history[s.selectedFnId]) || NO_HISTORY;

export interface ComposerFailure extends FailureExplanation {
  /** The host's own error text, shown beneath the advice (never parsed); null when the record has none. */
  error: string | null;
}

// One explanation per call record: the selector must return the same object while the record is unchanged,
// or every store update would re-render the response panel.
const failures = new WeakMap<CallRecord, ComposerFailure | null>();

/** Why the composer's last call failed, in words (null when it did not fail or its record is not loaded). */
export const selectResultFailure = (s: StudioState): ComposerFailure | null => {
  const call = selectResult(s)?.call;
  if (!call) return null;
  let failure = failures.get(call);
  if (failure === undefined) {
    const explained = explainFailure(call);
    failure = explained && { ...explained, error: call.error || null };
    failures.set(call, failure);
  }
  return failure;
};

/**
 * What the call being sent waits for, from the live feed: the newest queued call of the target function that
 * arrived since the send began (the call id is known only with the reply).
 */
export function selectSendWait(s: StudioState): WaitReason | null {
  const to = s.sendingTo;
  if (!to) return null;
  const call = s.tableCalls.find(
    (c) => c.fn_id === to.fnId && c.status === 'queued' && Date.parse(c.created_at) >= to.since - 1000,
  );
  return call?.waiting_for ?? null;
}
