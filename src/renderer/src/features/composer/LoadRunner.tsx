// The load runner: a number of calls of the current draft at a given concurrency, then p50/p95/p99 and a latency
// histogram whose bars are split by start kind.
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { latencyHistogram, percentile } from '../../store/composer-stats';
import { startKindLabel } from '../../store/start-kind-label';
import { LEGEND_LABEL_STYLE, TOOLTIP_CONTENT_STYLE, TOOLTIP_ITEM_STYLE } from '../charts/chart-style';

const selectLoadRun = (s: StudioState) => s.loadRun;
const selectStartLoad = (s: StudioState) => s.startLoad;
// Fixed colours per start kind read from the theme, so both themes draw them.
const KIND_COLOUR: Record<string, string> = {
  cold: 'var(--warn)',
  hot_new: 'var(--accent)',
  hot_reused: 'var(--ok)',
  failed: 'var(--bad)',
  unknown: 'var(--muted)',
};

export function LoadRunner() {
  const run = useStudio(selectLoadRun);
  const start = useStudio(selectStartLoad);
  const [total, setTotal] = useState('20');
  const [concurrency, setConcurrency] = useState('4');
  const durations = useMemo(() => run?.samples.map((s) => s.durationMs) ?? [], [run]);
  const histogram = useMemo(() => latencyHistogram(run?.samples ?? []), [run]);
  const finished = run !== null && !run.running && run.error === null;
  const fmt = (p: number) => {
    const v = percentile(durations, p);
    return v === null ? '—' : `${Math.round(v)} ms`;
  };

  return (
    <section className="panel load-runner" aria-label="Load runner">
      <h3>Load runner</h3>
      <div className="composer-line">
        <label>
          Calls{' '}
          <input
            data-testid="load-n"
            inputMode="numeric"
            size={6}
            value={total}
            onChange={(e) => setTotal(e.target.value)}
          />
        </label>
        <label>
          Concurrency{' '}
          <input
            data-testid="load-c"
            inputMode="numeric"
            size={4}
            value={concurrency}
            onChange={(e) => setConcurrency(e.target.value)}
          />
        </label>
        <button
          type="button"
          data-testid="load-run"
          disabled={run?.running === true}
          onClick={() => void start(Number(total), Number(concurrency))}
        >
          {run?.running ? `Running ${run.done}/${run.total}` : 'Run'}
        </button>
      </div>
      {run?.error && (
        <p className="inline-error" role="alert" data-testid="load-error">
          {run.error}
        </p>
      )}
      {run && run.error === null && (
        <div data-testid={finished ? 'load-result' : 'load-progress'}>
          <dl className="facts">
            <div>
              <dt>Done</dt>
              <dd data-testid="load-done">{run.done}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd>{run.samples.filter((s) => s.status === 0 || s.status >= 400).length}</dd>
            </div>
            <div>
              <dt>p50</dt>
              <dd data-testid="load-p50">{fmt(50)}</dd>
            </div>
            <div>
              <dt>p95</dt>
              <dd data-testid="load-p95">{fmt(95)}</dd>
            </div>
            <div>
              <dt>p99</dt>
              <dd data-testid="load-p99">{fmt(99)}</dd>
            </div>
          </dl>
          {histogram.bins.length > 0 && (
            <div data-testid="load-histogram" role="img" aria-label="Latency histogram by start kind">
              <BarChart width={300} height={220} data={histogram.bins}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="label" stroke="var(--muted)" unit=" ms" />
                <YAxis allowDecimals={false} stroke="var(--muted)" />
                <Tooltip contentStyle={TOOLTIP_CONTENT_STYLE} itemStyle={TOOLTIP_ITEM_STYLE} />
                <Legend labelStyle={LEGEND_LABEL_STYLE} />
                {histogram.kinds.map((k) => (
                  <Bar
                    key={k}
                    dataKey={k}
                    name={startKindLabel(k)}
                    stackId="kind"
                    fill={KIND_COLOUR[k] ?? 'var(--accent-strong)'}
                  />
                ))}
              </BarChart>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
