// Percentiles and a latency histogram split by start kind, for the load runner.

export interface LoadSample {
  durationMs: number;
  status: number;
  /** cold, hot_new, hot_reused, or unknown when the call record could not be read. */
  startKind: string;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface HistogramBin {
  label: string;
  from: number;
  to: number;
  /** Count per start kind. */
  [kind: string]: number | string;
}

/** `bins` equal-width bins over the samples' range, each counting samples per start kind. */
export function latencyHistogram(
  samples: readonly LoadSample[],
  bins = 10,
): { bins: HistogramBin[]; kinds: string[] } {
  const kinds = [...new Set(samples.map((s) => s.startKind))].sort();
  if (samples.length === 0) return { bins: [], kinds };
  const values = samples.map((s) => s.durationMs);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = max > min ? (max - min) / bins : 1;
  const count = max > min ? bins : 1;
  const out: HistogramBin[] = Array.from({ length: count }, (_, k) => {
    const from = min + k * width;
    const bin: HistogramBin = { label: `${Math.round(from)}`, from, to: from + width };
    for (const kind of kinds) bin[kind] = 0;
    return bin;
  });
  for (const s of samples) {
    const k = Math.min(count - 1, Math.floor((s.durationMs - min) / width));
    const bin = out[k]!;
    bin[s.startKind] = (bin[s.startKind] as number) + 1;
  }
  return { bins: out, kinds };
}
