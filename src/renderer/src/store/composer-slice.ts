// Composer slice: per-function drafts, sending them, the response with its call record and log, history,
// saved requests and the load runner. Drafts, history and saved requests live in localStorage.
import type { CallRecord } from '../../../shared/models';
import {
  addToHistory,
  defaultDraft,
  draftProblem,
  loadDrafts,
  loadHistory,
  loadSaved,
  saveDrafts,
  saveHistory,
  saveSaved,
  toRequest,
  type ComposerDraft,
  type HistoryEntry,
  type SavedRequest,
  type SentRequest,
} from './composer-draft';
import { loadProblem, runLoad, type LoadRun } from './composer-load';
import { fnOfPath } from './trigger-target';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface ComposerResult {
  fnId: string;
  request: SentRequest;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  body: string;
  callId: string | null;
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

  const sendRequest = async (fnId: string, request: SentRequest) => {
    if (get().sending) return;
    const seq = ++latest;
    set({ sending: true, sendingTo: { fnId, since: Date.now() }, sendError: null });
    try {
      const response = await api.sendHttp(request);
      if (seq !== latest) return;
      const callId = headerValue(response.headers, CALL_ID_HEADER);
      const entry: HistoryEntry = {
        id: `${Date.now()}-${seq}`,
        fnId,
        at: new Date().toISOString(),
        request,
        status: response.status,
        durationMs: response.duration_ms,
        headers: response.headers,
        body: response.body,
        callId,
      };
      const history = addToHistory(get().history, entry);
      saveHistory(history);
      set({
        sending: false,
        sendingTo: null,
        history,
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
    } catch (err) {
      if (seq === latest)
        set({ sending: false, sendingTo: null, sendError: errorMessage(err), result: null });
    }
  };

  return {
    drafts: loadDrafts(),
    history: loadHistory(),
    saved: loadSaved(),
    sending: false,
    sendingTo: null,
    sendError: null,
    result: null,
    loadRun: null,
    setBody(body) {
      get().updateDraft({ body });
    },
    updateDraft(patch) {
      const fnId = get().selectedFnId;
      const draft = currentDraft();
      if (!fnId || !draft) return;
      const drafts = { ...get().drafts, [fnId]: { ...draft, ...patch } };
      saveDrafts(drafts);
      set({ drafts });
    },
    resetDraft() {
      const fnId = get().selectedFnId;
      if (!fnId) return;
      const drafts = { ...get().drafts, [fnId]: defaultDraft(fnId) };
      saveDrafts(drafts);
      set({ drafts });
    },
    importDraft(draft) {
      const { fns, apps, triggers, selectedFnId } = get();
      const target = fnOfPath(draft.path, fns, apps, triggers);
      const fnId = target ?? selectedFnId;
      if (!fnId) return false;
      get().selectFn(fnId);
      const drafts = { ...get().drafts, [fnId]: draft };
      saveDrafts(drafts);
      set({ drafts });
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
        if (entry) return sendRequest(entry.fnId, entry.request);
      }
    },
    saveRequest(name) {
      const fnId = get().selectedFnId;
      const draft = currentDraft();
      const trimmed = name.trim();
      if (!fnId || !draft || trimmed === '') return;
      const saved = [...get().saved.filter((s) => s.name !== trimmed), { name: trimmed, fnId, draft }];
      saveSaved(saved);
      set({ saved });
    },
    openSaved(name) {
      const entry = get().saved.find((s) => s.name === name);
      if (!entry) return;
      get().selectFn(entry.fnId);
      const drafts = { ...get().drafts, [entry.fnId]: { ...entry.draft } };
      saveDrafts(drafts);
      set({ drafts });
    },
    deleteSaved(name) {
      const saved = get().saved.filter((s) => s.name !== name);
      saveSaved(saved);
      set({ saved });
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
