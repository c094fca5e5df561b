// Multi-select of table rows: a click toggles one row, a shift-click selects the range from the last clicked row.
export interface Selection {
  ids: ReadonlySet<string>;
  /** The row the last plain click toggled: the anchor of a shift-click range. */
  anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export function toggleRow(sel: Selection, rowIds: readonly string[], id: string, shift: boolean): Selection {
  const ids = new Set(sel.ids);
  const from = sel.anchor ? rowIds.indexOf(sel.anchor) : -1;
  const to = rowIds.indexOf(id);
  if (shift && from >= 0 && to >= 0) {
    const [a, b] = from < to ? [from, to] : [to, from];
    for (let i = a; i <= b; i++) ids.add(rowIds[i]);
    return { ids, anchor: sel.anchor };
  }
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** Keeps only the selected ids still shown, e.g. after the filter changed. */
export function visibleSelected(sel: Selection, rowIds: readonly string[]): string[] {
  if (sel.ids.size === 0) return [];
  return rowIds.filter((id) => sel.ids.has(id));
}
