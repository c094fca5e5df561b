// The legend: what a bar's fill (outcome) and the shape under it (start kind), a group of calls, the selected call,
// the lifetime band and each marker mean.
import { useId } from 'react';
import { startKindLabel } from '../../store/start-kind-label';
import { END_REASON_ORDER, END_REASONS } from '../../store/timeline-ends';

const OUTCOMES = ['success', 'error', 'timeout', 'cancelled', 'running'] as const;
const KINDS = (['cold', 'hot_new', 'hot_reused'] as const).map((k) => [k, startKindLabel(k)] as const);

export function TimelineLegend() {
  const endsId = useId();
  return (
    <div className="tl-legend" data-testid="timeline-legend">
      <ul aria-label="Legend: calls and containers">
        {OUTCOMES.map((o) => (
          <li key={o}>
            <span className={`tl-swatch tl-status-${o}`} aria-hidden="true" /> {o}
          </li>
        ))}
        {KINDS.map(([k, words]) => (
          <li key={k} data-testid="timeline-legend-kind" data-start-kind={k}>
            {/* The bar in a neutral fill with its start kind's shape under it; hot reused, the usual case, has none. */}
            <span className="tl-swatch tl-kind-swatch" aria-hidden="true">
              {k !== 'hot_reused' && <span className={`tl-kind-mark tl-kind-${k}`} />}
            </span>{' '}
            {words}
          </li>
        ))}
        <li>
          <span className="tl-swatch tl-group-key" aria-hidden="true">
            3
          </span>{' '}
          calls too close to tell apart: click to zoom in
        </li>
        <li>
          <span className="tl-swatch tl-status-success tl-selected-key" aria-hidden="true" /> selected call
        </li>
        <li>
          <span className="tl-swatch tl-band-key" aria-hidden="true" /> container alive (idle where no bar)
        </li>
        <li>
          <span className="tl-key tl-marker-launch" aria-hidden="true">
            <span className="tl-pin" />
          </span>{' '}
          launch
        </li>
      </ul>
      <div className="tl-legend-row">
        <span className="muted" id={endsId}>
          Container ended:
        </span>
        <ul aria-labelledby={endsId}>
          {END_REASON_ORDER.map((r) => (
            <li key={r} data-testid="timeline-legend-end" data-end-reason={r} title={END_REASONS[r].words}>
              <span className={`tl-key tl-end-${r}`} aria-hidden="true">
                <span className="tl-pin" />
              </span>{' '}
              {END_REASONS[r].short}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
