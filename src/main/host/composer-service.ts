// The composer's remembered work on the host: one copy for every window and browser, told to all of them on change.
import type { StudioApi } from '../../shared/api-contract';
import { KEPT_BODY_CHARS } from '../../shared/composer-history';
import { newId } from '../../shared/ids';
import type { EventHub } from './event-hub';
import type { ComposerStore } from './store/composer-store';

type ComposerApi = Pick<
  StudioApi,
  | 'getComposerState'
  | 'addComposerHistory'
  | 'clearComposerHistory'
  | 'saveComposerDraft'
  | 'saveComposerRequest'
  | 'deleteComposerRequest'
  | 'importComposerState'
>;

export function createComposerApi(store: ComposerStore, events: EventHub): ComposerApi {
  const changed = (part: 'history' | 'saved') => events.publish('composer', { part });
  return {
    getComposerState: async () => store.state(),
    addComposerHistory: async ({ entry }) => {
      const kept = { ...entry, id: newId(), at: new Date().toISOString() };
      store.addHistory([kept]);
      changed('history');
      // As kept: the body cut to what the store holds.
      return { ...kept, body: kept.body.slice(0, KEPT_BODY_CHARS) };
    },
    clearComposerHistory: async ({ fn_id }) => {
      store.clearHistory(fn_id);
      changed('history');
      return null;
    },
    // Drafts change with every keystroke: no event (another window keeps its own draft until it reloads).
    saveComposerDraft: async ({ fn_id, draft }) => {
      store.saveDraft(fn_id, draft);
      return null;
    },
    saveComposerRequest: async ({ request }) => {
      store.save(request);
      changed('saved');
      return store.saved();
    },
    deleteComposerRequest: async ({ name }) => {
      store.deleteSaved(name);
      changed('saved');
      return store.saved();
    },
    importComposerState: async ({ state }) => {
      store.addHistory(state.history);
      for (const s of state.saved) store.save(s, true);
      for (const [fnId, draft] of Object.entries(state.drafts)) store.saveDraft(fnId, draft, true);
      changed('history');
      changed('saved');
      return store.state();
    },
  };
}
