// The composer's drafts, history and saved requests in SQLite: one JSON document per row, each table bounded.
import {
  DRAFTS_LIMIT,
  HISTORY_LIMIT,
  KEPT_BODY_CHARS,
  SAVED_LIMIT,
  type ComposerDraft,
  type ComposerState,
  type HistoryEntry,
  type SavedRequest,
} from '../../../shared/composer-history';
import { type Database, type Row, transaction } from './sqlite';

const parse = <T>(rows: Row[]): T[] => {
  const out: T[] = [];
  for (const r of rows) {
    try {
      out.push(JSON.parse(String(r.doc)) as T);
    } catch {
      // A row that no longer parses is skipped rather than hiding all the others.
    }
  }
  return out;
};

export interface ComposerLimits {
  history: number;
  saved: number;
  drafts: number;
}

const LIMITS: ComposerLimits = { history: HISTORY_LIMIT, saved: SAVED_LIMIT, drafts: DRAFTS_LIMIT };

export class ComposerStore {
  constructor(
    private readonly db: Database,
    private readonly limits: ComposerLimits = LIMITS,
  ) {}

  state(): ComposerState {
    const drafts: Record<string, ComposerDraft> = {};
    for (const r of this.db.all('SELECT fn_id, doc FROM composer_drafts') as Row[]) {
      const [draft] = parse<ComposerDraft>([r]);
      if (draft) drafts[String(r.fn_id)] = draft;
    }
    return { history: this.history(), saved: this.saved(), drafts };
  }

  history(): HistoryEntry[] {
    return parse(this.db.all('SELECT doc FROM composer_history ORDER BY at DESC, rowid DESC') as Row[]);
  }

  saved(): SavedRequest[] {
    return parse(this.db.all('SELECT doc FROM composer_saved ORDER BY name') as Row[]);
  }

  /** Adds sent requests (an id already kept is left as it is), then drops the oldest past HISTORY_LIMIT. */
  addHistory(entries: readonly HistoryEntry[]): void {
    transaction(this.db, () => {
      for (const e of entries) {
        const kept = { ...e, body: e.body.slice(0, KEPT_BODY_CHARS) };
        this.db.run(
          'INSERT INTO composer_history (id, fn_id, at, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
          [e.id, e.fnId, e.at, JSON.stringify(kept)],
        );
      }
      this.db.run(
        `DELETE FROM composer_history WHERE id NOT IN
           (SELECT id FROM composer_history ORDER BY at DESC, rowid DESC LIMIT ?)`,
        [this.limits.history],
      );
    });
  }

  /** Removes the history of one function, or all of it. */
  clearHistory(fnId?: string): void {
    if (fnId === undefined) this.db.run('DELETE FROM composer_history');
    else this.db.run('DELETE FROM composer_history WHERE fn_id = ?', [fnId]);
  }

  /** Saves under its name (replacing one of the same name unless `keepExisting`). */
  save(request: SavedRequest, keepExisting = false): void {
    transaction(this.db, () => {
      this.db.run(
        `INSERT INTO composer_saved (name, written_at, doc) VALUES (?, ?, ?)
         ON CONFLICT(name) DO ${keepExisting ? 'NOTHING' : 'UPDATE SET written_at = excluded.written_at, doc = excluded.doc'}`,
        [request.name, new Date().toISOString(), JSON.stringify(request)],
      );
      this.db.run(
        `DELETE FROM composer_saved WHERE name NOT IN
           (SELECT name FROM composer_saved ORDER BY written_at DESC, rowid DESC LIMIT ?)`,
        [this.limits.saved],
      );
    });
  }

  deleteSaved(name: string): void {
    this.db.run('DELETE FROM composer_saved WHERE name = ?', [name]);
  }

  /** Keeps a function's draft (replacing it unless `keepExisting`); null removes it (the default applies again). */
  saveDraft(fnId: string, draft: ComposerDraft | null, keepExisting = false): void {
    if (draft === null) {
      this.db.run('DELETE FROM composer_drafts WHERE fn_id = ?', [fnId]);
      return;
    }
    transaction(this.db, () => {
      this.db.run(
        `INSERT INTO composer_drafts (fn_id, written_at, doc) VALUES (?, ?, ?)
         ON CONFLICT(fn_id) DO ${keepExisting ? 'NOTHING' : 'UPDATE SET written_at = excluded.written_at, doc = excluded.doc'}`,
        [fnId, new Date().toISOString(), JSON.stringify(draft)],
      );
      this.db.run(
        `DELETE FROM composer_drafts WHERE fn_id NOT IN
           (SELECT fn_id FROM composer_drafts ORDER BY written_at DESC, rowid DESC LIMIT ?)`,
        [this.limits.drafts],
      );
    });
  }
}
