// Composer slice: per-function drafts, sending them, the response with its call record and log, history,
// saved requests and the load runner. Drafts, history and saved requests are kept by the host (every window and
// browser sees the same); what a browser kept in localStorage before is handed to the host once.
import type { CallRecord } from '../../../shared/models';
import {
  defaultDraft,
  draftProblem,
  historyByFn,
  toRequest,
  type ComposerDraft,
  type HistoryEntry,
  type SavedRequest,
  type SentRequest,
} from './composer-draft';
import { forgetLegacyComposerState, legacyComposerState } from './composer-legacy';
import { createDraftWriter } from './draft-writer';
import { loadProblem, runLoad, type LoadRun } from './composer-load';
import { fnOfPath } from './trigger-target';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

/** The last response: what history keeps of it, plus its call record and log as fetched afterwards. */
export interface ComposerResult extends Omit<HistoryEntry, 'id' | 'at'> {
  call: CallRecord | null;
  /** The stored log, split into lines; null until fetched. */
  log: string[] | null;
  /** Why the call record or log could not be fetched (the response itself still stands). */
  detailError: string | null;
}

export interface ComposerSlice {
  drafts: Record<string, ComposerDraft>;
  history: Record<string, HistoryEntry[]>;
  saved: SavedRequest[];
  sending: boolean;
  /** While sending: to which function, since when (ms), to find the call in the live feed and say what it waits for. */
  sendingTo: { fnId: string; since: number } | null;
  sendError: string | null;
  result: ComposerResult | null;
  loadRun: LoadRun | null;
  /** Why the host could not load or keep the drafts, history or saved requests (the composer still sends). */
  keepError: string | null;
  /** False while a draft change is still on its way to the host. */
  draftsKept: boolean;
  /** Loads what the host keeps; the first time a browser had its own copy, hands that to the host first. */
  loadComposer(): Promise<void>;
  /** Reloads one part after another window changed it. */
  reloadComposerPart(part: 'history' | 'saved'): Promise<void>;
  /** Forgets the sent requests of one function, or of all. */
  clearHistory(fnId?: string): Promise<void>;
  /**
   * Sends a request as the composer does (kept in the history, shown as the response) for the given function;
   * answers the new call's id, or null when nothing was sent or the reply named no call.
   */
  sendFor(fnId: string, request: SentRequest): Promise<string | null>;
  setBody(body: string): void;
  updateDraft(patch: Partial<ComposerDraft>): void;
  resetDraft(): void;
  /**
   * Makes an imported request the draft of the function it sends to, and selects that function (its trigger then
   * shows as the target). False when its path names none of the functions: it stays the selected one's draft.
   */
  importDraft(draft: ComposerDraft): boolean;
  send(): Promise<void>;
  rerun(entryId: string): Promise<void>;
  saveRequest(name: string): void;
  openSaved(name: string): void;
  deleteSaved(name: string): void;
  startLoad(total: number, concurrency: number): Promise<void>;
}

export const CALL_ID_HEADER = 'fn-call-id';

// Header names arrive in whatever case the host's HTTP layer used; HTTP says they are case-insensitive.
export function headerValue(headers: Record<string, string>, name: string): string | null {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? null : (headers[key] ?? null);
}

export function splitLogLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const createComposerSlice: SliceCreator<ComposerSlice> = (api) => (set, get) => {
  // Each send gets a number so a slow earlier reply cannot overwrite a newer one.
  let latest = 0;
  // `work` runs inside the promise, so a transport that throws at once is reported like one that rejects.
  const keep = (what: string, work: () => Promise<unknown>): Promise<void> =>
    Promise.resolve()
      .then(work)
      .then(
        () => {
          if (get().keepError) set({ keepError: null });
        },
        (err: unknown) => set({ keepError: `Could not keep ${what}: ${errorMessage(err)}` }),
      );

  const writer = createDraftWriter(
    (fnId, draft) => keep('the draft', () => api.saveComposerDraft({ fn_id: fnId, draft })),
    (kept) => {
      if (get().draftsKept !== kept) set({ draftsKept: kept });
    },
  );

  const setDraft = (fnId: string, draft: ComposerDraft | null) => {
    const drafts = { ...get().drafts };
    if (draft) drafts[fnId] = draft;
    else delete drafts[fnId];
    set({ drafts });
    writer.write(fnId, draft);
  };

  const currentDraft = (): ComposerDraft | null => {
    const fnId = get().selectedFnId;
    return fnId ? (get().drafts[fnId] ?? defaultDraft(fnId)) : null;
  };

  const fetchDetails = async (seq: number, callId: string) => {
    const [call, log] = await Promise.allSettled([
      api.getCall({ call_id: callId }),
      api.getCallLog({ call_id: callId }),
    ]);
    const current = get().result;
    if (seq !== latest || !current) return;
    const failed = [call, log].find((r) => r.status === 'rejected');
    set({
      result: {
        ...current,
        call: call.status === 'fulfilled' ? call.value : current.call,
        log: log.status === 'fulfilled' ? splitLogLines(log.value) : current.log,
        detailError: failed ? `Could not load the call details: ${errorMessage(failed.reason)}` : null,
      },
    });
    if (call.status === 'fulfilled') get().upsertCall(call.value);
  };

  const addHistory = async (entry: Omit<HistoryEntry, 'id' | 'at'>) => {
    try {
      const kept = await api.addComposerHistory({ entry });
      const all = Object.values(get().history).flat();
      if (!all.some((e) => e.id === kept.id))
        set({ history: historyByFn([kept, ...all].sort((a, b) => (a.at < b.at ? 1 : -1))) });
      if (get().keepError) set({ keepError: null });
    } catch (err) {
      set({ keepError: `Could not keep the request in the history: ${errorMessage(err)}` });
    }
  };

  const sendRequest = async (fnId: string, request: SentRequest): Promise<string | null> => {
    if (get().sending) return null;
    const seq = ++latest;
    set({ sending: true, sendingTo: { fnId, since: Date.now() }, sendError: null });
    try {
      const response = await api.sendHttp(request);
      if (seq !== latest) return null;
      const callId = headerValue(response.headers, CALL_ID_HEADER);
      void addHistory({
        fnId,
        request,
        status: response.status,
        durationMs: response.duration_ms,
        headers: response.headers,
        body: response.body,
        callId,
      });
      set({
        sending: false,
        sendingTo: null,
        result: {
          fnId,
          request,
          status: response.status,
          durationMs: response.duration_ms,
          headers: response.headers,
          body: response.body,
          callId,
          call: null,
          log: null,
          detailError: null,
        },
      });
      if (callId) await fetchDetails(seq, callId);
      return callId;
    } catch (err) {
      if (seq === latest)
        set({ sending: false, sendingTo: null, sendError: errorMessage(err), result: null });
      return null;
    }
  };

  return {
    drafts: {},
    history: {},
    saved: [],
    sending: false,
    sendingTo: null,
    sendError: null,
    result: null,
    loadRun: null,
    keepError: null,
    draftsKept: true,
    async loadComposer() {
      try {
        const legacy = legacyComposerState();
        const state = legacy
          ? await api.importComposerState({ state: legacy })
          : await api.getComposerState({});
        if (legacy) forgetLegacyComposerState();
        // A draft being typed (not yet written) wins over the host's older copy.
        const drafts = { ...state.drafts };
        for (const fnId of writer.unwritten()) {
          const typing = get().drafts[fnId];
          if (typing) drafts[fnId] = typing;
        }
        set({ drafts, history: historyByFn(state.history), saved: state.saved, keepError: null });
      } catch (err) {
        set({ keepError: `Could not load the saved requests and history: ${errorMessage(err)}` });
      }
    },
    async reloadComposerPart(part) {
      try {
        const state = await api.getComposerState({});
        if (part === 'history') set({ history: historyByFn(state.history) });
        else set({ saved: state.saved });
      } catch (err) {
        set({ keepError: `Could not load the saved requests and history: ${errorMessage(err)}` });
      }
    },
    async clearHistory(fnId) {
      const history = { ...get().history };
      if (fnId) delete history[fnId];
      set({ history: fnId ? history : {} });
      await keep('the cleared history', () => api.clearComposerHistory(fnId ? { fn_id: fnId } : {}));
    },
    sendFor: (fnId, request) => sendRequest(fnId, request),
    setBody(body) {
      get().updateDraft({ body });
    },
    updateDraft(patch) {
      const fnId = get().selectedFnId;
      const draft = currentDraft();
      if (!fnId || !draft) return;
      setDraft(fnId, { ...draft, ...patch });
    },
    resetDraft() {
      const fnId = get().selectedFnId;
      if (!fnId) return;
      setDraft(fnId, null);
    },
    importDraft(draft) {
      const { fns, apps, triggers, selectedFnId } = get();
      const target = fnOfPath(draft.path, fns, apps, triggers);
      const fnId = target ?? selectedFnId;
      if (!fnId) return false;
      get().selectFn(fnId);
      setDraft(fnId, draft);
      return target !== null;
    },
    async send() {
      const fnId = get().selectedFnId;
      const draft = currentDraft();
      if (!fnId || !draft) return;
      const problem = draftProblem(draft);
      if (problem) {
        set({ sendError: problem });
        return;
      }
      await sendRequest(fnId, toRequest(draft));
    },
    async rerun(entryId) {
      for (const entries of Object.values(get().history)) {
        const entry = entries.find((e) => e.id === entryId);
        if (entry) {
          await sendRequest(entry.fnId, entry.request);
          return;
        }
      }
    },
    saveRequest(name) {
      const fnId = get().selectedFnId;
      const draft = currentDraft();
      const trimmed = name.trim();
      if (!fnId || !draft || trimmed === '') return;
      const request = { name: trimmed, fnId, draft };
      set({ saved: [...get().saved.filter((s) => s.name !== trimmed), request] });
      void keep(`the saved request "${trimmed}"`, () =>
        api.saveComposerRequest({ request }).then((saved) => set({ saved })),
      );
    },
    openSaved(name) {
      const entry = get().saved.find((s) => s.name === name);
      if (!entry) return;
      get().selectFn(entry.fnId);
      setDraft(entry.fnId, { ...entry.draft });
    },
    deleteSaved(name) {
      set({ saved: get().saved.filter((s) => s.name !== name) });
      void keep(`the removal of "${name}"`, () =>
        api.deleteComposerRequest({ name }).then((saved) => set({ saved })),
      );
    },
    async startLoad(total, concurrency) {
      const draft = currentDraft();
      if (!draft || get().loadRun?.running) return;
      const problem = loadProblem(total, concurrency) ?? draftProblem(draft);
      const base: LoadRun = {
        total,
        concurrency,
        done: 0,
        running: problem === null,
        samples: [],
        error: problem,
      };
      set({ loadRun: base });
      if (problem) return;
      await runLoad(api, toRequest(draft), total, concurrency, (sample) => {
        const run = get().loadRun;
        if (run) set({ loadRun: { ...run, done: run.done + 1, samples: [...run.samples, sample] } });
      });
      const run = get().loadRun;
      if (run) set({ loadRun: { ...run, running: false } });
    },
  };
};
