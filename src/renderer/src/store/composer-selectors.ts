// Selectors of the composer: the selected function's draft (or its default) and history.
import { defaultDraft, type ComposerDraft, type HistoryEntry } from './composer-draft';
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
