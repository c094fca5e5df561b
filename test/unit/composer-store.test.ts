// The composer's drafts, history and saved requests in the host's SQLite file: bounds, clearing, surviving a
// reopen, and the one-time import of a browser's copy (the host's own entries win).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HISTORY_LIMIT,
  KEPT_BODY_CHARS,
  type ComposerDraft,
  type HistoryEntry,
} from '../../src/shared/composer-history';
import { ComposerStore } from '../../src/main/host/store/composer-store';
import { openDatabase } from '../../src/main/host/store/sqlite';
import { DATABASE_FILE, Store } from '../../src/main/host/store/store';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fn-studio-composer-store-'));
  store = Store.open(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = (body: string): ComposerDraft => ({
  method: 'POST',
  path: '/invoke/F1',
  headers: [{ key: 'Content-Type', value: 'text/plain' }],
  body,
  bodyMode: 'text',
  detached: false,
});

const entry = (i: number, fnId = 'F1'): HistoryEntry => ({
  id: `h${i}`,
  fnId,
  at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
  request: { method: 'POST', path: `/invoke/${fnId}`, headers: {}, body: `req ${i}` },
  status: 200,
  durationMs: 1,
  headers: {},
  body: `reply ${i}`,
  callId: null,
});

describe('composer store', () => {
  it(`keeps the newest ${HISTORY_LIMIT} sent requests over all functions, newest first, across a reopen`, () => {
    const entries = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => entry(i, i % 2 ? 'F1' : 'F2'));
    store.composer.addHistory(entries.slice(0, 100));
    store.composer.addHistory(entries.slice(100));
    store.close();
    store = Store.open(dir);
    const kept = store.composer.history();
    expect(kept).toHaveLength(HISTORY_LIMIT);
    expect(kept[0]!.id).toBe(`h${HISTORY_LIMIT + 4}`);
    expect(kept.at(-1)!.id).toBe('h5');
  });

  it('cuts a kept response body to 64 KiB and leaves an entry it already has as it is', () => {
    store.composer.addHistory([{ ...entry(1), body: 'x'.repeat(KEPT_BODY_CHARS + 10) }]);
    store.composer.addHistory([{ ...entry(1), status: 500 }]);
    const [kept] = store.composer.history();
    expect(kept!.body).toHaveLength(KEPT_BODY_CHARS);
    expect(kept!.status).toBe(200);
  });

  it('clears the history of one function, or all of it', () => {
    store.composer.addHistory([entry(1, 'F1'), entry(2, 'F2'), entry(3, 'F1')]);
    store.composer.clearHistory('F1');
    expect(store.composer.history().map((e) => e.id)).toEqual(['h2']);
    store.composer.clearHistory();
    expect(store.composer.history()).toEqual([]);
  });

  it('replaces a saved request by name unless asked to keep the existing one; deletes by name', () => {
    store.composer.save({ name: 'a', fnId: 'F1', draft: draft('one') });
    store.composer.save({ name: 'a', fnId: 'F1', draft: draft('two') });
    store.composer.save({ name: 'a', fnId: 'F1', draft: draft('imported') }, true);
    store.composer.save({ name: 'b', fnId: 'F2', draft: draft('b') });
    expect(store.composer.saved().map((s) => [s.name, s.draft.body])).toEqual([
      ['a', 'two'],
      ['b', 'b'],
    ]);
    store.composer.deleteSaved('a');
    expect(store.composer.saved().map((s) => s.name)).toEqual(['b']);
  });

  it('keeps one draft per function, forgets one on null, and keeps the most recently written up to its bound', () => {
    store.composer.saveDraft('F1', draft('one'));
    store.composer.saveDraft('F1', draft('two'));
    store.composer.saveDraft('F1', draft('imported'), true);
    expect(store.composer.state().drafts).toEqual({ F1: draft('two') });
    store.composer.saveDraft('F1', null);
    expect(store.composer.state().drafts).toEqual({});
    store.close();
    // Small bounds, so the test writes a few rows rather than hundreds (each write is a synced transaction).
    const db = openDatabase(join(dir, DATABASE_FILE));
    const small = new ComposerStore(db, { history: 3, saved: 2, drafts: 2 });
    for (const fnId of ['F1', 'F2', 'F3']) small.saveDraft(fnId, draft(fnId));
    for (const name of ['a', 'b', 'c']) small.save({ name, fnId: 'F1', draft: draft(name) });
    expect(Object.keys(small.state().drafts).sort()).toEqual(['F2', 'F3']);
    expect(small.saved().map((s) => s.name)).toEqual(['b', 'c']);
    db.close();
    store = Store.open(dir);
  });
});
