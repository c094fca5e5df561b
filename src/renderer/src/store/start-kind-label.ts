// A call's start kind in words, one wording for every table, badge and legend (exports keep the raw values).
import type { StartKind } from '../../../shared/models';

const LABELS: Record<StartKind, string> = {
  cold: 'cold',
  hot_new: 'hot · new',
  hot_reused: 'hot · reused',
};

/**
 * "cold", "hot · new" or "hot · reused"; "—" when the call has none yet. Other values (the load runner's "failed"
 * and "unknown" buckets) are already words and pass through.
 */
export function startKindLabel(kind: StartKind | string | null | undefined): string {
  if (!kind) return '—';
  return kind in LABELS ? LABELS[kind as StartKind] : kind;
}
