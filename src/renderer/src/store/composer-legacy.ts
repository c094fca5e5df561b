// What a browser kept in localStorage before the host kept the composer's work: read once, handed to the host,
// then removed, so the page never uses it again.
import type { z } from 'zod';
import { composerDraftSchema, historyEntrySchema, savedRequestSchema } from '../../../shared/api-schemas';
import type { ComposerDraft, ComposerState } from '../../../shared/composer-history';
import { pageStorage } from './local-storage';

export const DRAFTS_KEY = 'fn-studio.composer.drafts';
export const HISTORY_KEY = 'fn-studio.composer.history';
export const SAVED_KEY = 'fn-studio.composer.saved';
const KEYS = [DRAFTS_KEY, HISTORY_KEY, SAVED_KEY];

function read(key: string): unknown {
  const text = pageStorage()?.getItem(key);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// An entry that does not fit today's shape (hand-edited, from an old version) is left behind, not the rest with it.
const valid = <T>(schema: z.ZodType<T>, items: unknown[]): T[] =>
  items.flatMap((item) => {
    const r = schema.safeParse(item);
    return r.success ? [r.data] : [];
  });

const values = (v: unknown): unknown[] =>
  typeof v === 'object' && v !== null ? Object.values(v as Record<string, unknown>) : [];

/** What this page's localStorage still holds of the composer, or null when it holds nothing. */
export function legacyComposerState(): ComposerState | null {
  const storage = pageStorage();
  if (!storage || KEYS.every((k) => storage.getItem(k) === null)) return null;
  const history = values(read(HISTORY_KEY)).flatMap((list) => (Array.isArray(list) ? list : []));
  const savedRaw = read(SAVED_KEY);
  const drafts: Record<string, ComposerDraft> = {};
  const draftsRaw = read(DRAFTS_KEY);
  if (typeof draftsRaw === 'object' && draftsRaw !== null)
    for (const [fnId, d] of Object.entries(draftsRaw)) {
      const r = composerDraftSchema.safeParse(d);
      if (r.success && fnId !== '__proto__') drafts[fnId] = r.data;
    }
  return {
    history: valid(historyEntrySchema, history),
    saved: valid(savedRequestSchema, Array.isArray(savedRaw) ? savedRaw : []),
    drafts,
  };
}

/** After the host has taken it: the page stops holding its own copy. */
export function forgetLegacyComposerState(): void {
  const storage = pageStorage();
  for (const k of KEYS) {
    try {
      storage?.removeItem(k);
    } catch {
      // Refused storage: nothing to forget.
    }
  }
}
