// The memory time series: busy and idle MB as stacked areas under the pool total, and waiting calls below.
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStudio } from '../../store/store-context';
import { LEGEND_LABEL_STYLE, TOOLTIP_CONTENT_STYLE, TOOLTIP_ITEM_STYLE } from '../charts/chart-style';
import { chartRows, formatAgo, maxWaiting, memoryAxisMax, timeTicks } from './ram-chart-data';
import { selectRamSamples } from './ram-selectors';

const noAnimation = { isAnimationActive: false } as const; // a new sample every second; animating each is wasted work
// Steps end at each sample (stepBefore), so the newest sample, the one the gauge shows, is drawn too.

export function RamChart() {
  const rows = chartRows(useStudio(selectRamSamples));
  if (rows.length === 0) {
    return <p className="ram-muted">The chart appears with the first memory sample.</p>;
  }
  const end = rows[rows.length - 1].t;
  const tick = (t: number): string => formatAgo(t, end);
  const domain: [number, number] = [rows[0].t, end];
  const ticks = timeTicks(rows[0].t, end);
  return (
    <div className="ram-charts">
      <figure className="ram-chart" data-testid="ram-chart" aria-label="Pool memory over the last 5 minutes">
        <figcaption className="ram-muted">Memory held (MB), last 5 minutes</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              ticks={ticks}
              tickFormatter={tick}
              stroke="var(--muted)"
            />
            <YAxis
              stroke="var(--muted)"
              allowDecimals={false}
              domain={[0, memoryAxisMax(rows)]}
              allowDataOverflow // an old, larger pool size is cut off rather than stretching the axis
            />
            <Tooltip
              labelFormatter={(t) => tick(Number(t))}
              contentStyle={TOOLTIP_CONTENT_STYLE}
              itemStyle={TOOLTIP_ITEM_STYLE}
            />
            <Legend labelStyle={LEGEND_LABEL_STYLE} />
            <Area
              {...noAnimation}
              type="stepBefore"
              dataKey="busy"
              name="Busy MB"
              stackId="mem"
              stroke="var(--accent-strong)"
              fill="var(--accent)"
              fillOpacity={0.6}
            />
            <Area
              {...noAnimation}
              type="stepBefore"
              dataKey="idle"
              name="Idle MB"
              stackId="mem"
              stroke="var(--ok)"
              fill="var(--ok)"
              fillOpacity={0.35}
            />
            <Line
              {...noAnimation}
              type="stepBefore"
              dataKey="total"
              name="Pool MB"
              stroke="var(--muted)"
              dot={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <figure
        className="ram-chart"
        data-testid="ram-waiting-chart"
        aria-label="Waiting calls over the last 5 minutes"
      >
        <figcaption className="ram-muted">
          Waiting calls: for memory, and for a container of their function
        </figcaption>
        <ResponsiveContainer width="100%" height={110}>
          <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              ticks={ticks}
              tickFormatter={tick}
              stroke="var(--muted)"
            />
            <YAxis stroke="var(--muted)" allowDecimals={false} domain={[0, maxWaiting(rows)]} />
            <Tooltip
              labelFormatter={(t) => tick(Number(t))}
              contentStyle={TOOLTIP_CONTENT_STYLE}
              itemStyle={TOOLTIP_ITEM_STYLE}
            />
            <Legend labelStyle={LEGEND_LABEL_STYLE} />
            <Area
              {...noAnimation}
              type="stepBefore"
              dataKey="waiting"
              name="For memory"
              stroke="var(--bad)"
              fill="var(--bad)"
              fillOpacity={0.3}
            />
            <Line
              {...noAnimation}
              type="stepBefore"
              dataKey="waitingContainer"
              name="For a container"
              stroke="var(--accent-strong)"
              strokeDasharray="4 3"
              dot={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
