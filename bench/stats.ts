// Percentiles and the ratio table every benchmark prints.
export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export interface Comparison {
  name: string;
  baseline: string;
  p50: number;
  p99: number;
  baseP50: number;
  baseP99: number;
  perSecond: number;
}

export function compare(
  name: string,
  baseline: string,
  subject: number[],
  base: number[],
  wallMs: number,
): Comparison {
  return {
    name,
    baseline,
    p50: percentile(subject, 50),
    p99: percentile(subject, 99),
    baseP50: percentile(base, 50),
    baseP99: percentile(base, 99),
    perSecond: (subject.length / wallMs) * 1000,
  };
}

export function formatTable(rows: Comparison[]): string {
  const f = (n: number) => n.toFixed(2);
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(34)} p50 ${f(r.p50).padStart(8)} ms  p99 ${f(r.p99).padStart(8)} ms | ${r.baseline.padEnd(30)} p50 ${f(r.baseP50).padStart(8)} ms  p99 ${f(r.baseP99).padStart(8)} ms | ratio p50 ${f(r.p50 / r.baseP50)}x  p99 ${f(r.p99 / r.baseP99)}x | ${f(r.perSecond)} calls/s`,
  );
  return lines.join('\n');
}
