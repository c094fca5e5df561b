// Writes drafts to the host as they are typed, one write per function at a time: keystrokes made during a write
// collapse into the next one, so the host gets the latest draft without a write per keystroke.
import type { ComposerDraft } from './composer-draft';

export interface DraftWriter {
  /** Queues the function's latest draft (null: forget it). */
  write(fnId: string, draft: ComposerDraft | null): void;
  /** Functions whose draft has not reached the host yet. */
  unwritten(): string[];
}

/** `save` must not reject (it reports its own failure); `onKept` says whether every draft has reached the host. */
export function createDraftWriter(
  save: (fnId: string, draft: ComposerDraft | null) => Promise<void>,
  onKept: (kept: boolean) => void,
): DraftWriter {
  const queued = new Map<string, ComposerDraft | null>();
  const writing = new Set<string>();
  const report = () => onKept(queued.size === 0 && writing.size === 0);

  const drain = async (fnId: string) => {
    writing.add(fnId);
    while (queued.has(fnId)) {
      const draft = queued.get(fnId) ?? null;
      queued.delete(fnId);
      await save(fnId, draft);
    }
    writing.delete(fnId);
    report();
  };

  return {
    write(fnId, draft) {
      queued.set(fnId, draft);
      report();
      if (!writing.has(fnId)) void drain(fnId);
    },
    unwritten: () => [...new Set([...queued.keys(), ...writing])],
  };
}
