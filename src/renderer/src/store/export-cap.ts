// What the export bar says when more calls are chosen than one export carries (the host keeps the newest).
import { MAX_EXPORT_CALLS } from '../../../shared/api-contract';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Notes for the export bar: one when the filter matches more calls than the cap, one when more are selected.
 * `tableFull` says the table holds as many calls as it loads, so more may match than it shows.
 */
export function exportCapNotes(matching: number, selected: number, tableFull = false): string[] {
  const notes: string[] = [];
  const cap = count(MAX_EXPORT_CALLS);
  if (matching > MAX_EXPORT_CALLS)
    notes.push(
      `${tableFull ? 'At least ' : ''}${count(matching)} calls match the filter: Export filtered saves only the newest ${cap}.`,
    );
  if (selected > MAX_EXPORT_CALLS)
    notes.push(
      `${count(selected)} calls are selected: Export selected saves only the newest ${cap} of them.`,
    );
  return notes;
}
