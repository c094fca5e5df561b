// The composer's remembered work, kept by the host for every window and browser: drafts, sent requests, saved ones.

export interface HeaderRow {
  key: string;
  value: string;
}

export type BodyMode = 'text' | 'json';

export interface ComposerDraft {
  method: string;
  path: string;
  headers: HeaderRow[];
  body: string;
  bodyMode: BodyMode;
  detached: boolean;
}

/** Exactly what goes to sendHttp, kept with history entries so a re-run or a curl copy repeats it. */
export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface HistoryEntry {
  id: string;
  fnId: string;
  at: string;
  request: SentRequest;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  body: string;
  callId: string | null;
}

export interface SavedRequest {
  name: string;
  fnId: string;
  draft: ComposerDraft;
}

/** All of it, as a UI loads it: history newest first, saved requests by name, drafts by function id. */
export interface ComposerState {
  history: HistoryEntry[];
  saved: SavedRequest[];
  drafts: Record<string, ComposerDraft>;
}

/** What the host keeps: the newest 200 sent requests over all functions; older ones are dropped as new ones come. */
export const HISTORY_LIMIT = 200;
/** Saved requests and drafts are kept up to these counts (the least recently written go first). */
export const SAVED_LIMIT = 500;
export const DRAFTS_LIMIT = 500;
/** A history entry's response body is kept up to 64 KiB (characters): enough to diff, without one reply filling the store. */
export const KEPT_BODY_CHARS = 64 * 1024;
/** A request body in a draft, a saved request or a history entry: at most the host's default request body limit. */
export const MAX_REQUEST_BODY_CHARS = 6 * 1024 * 1024;
