// The time axis over the lanes: clock times at round moments, as precise as the zoom needs.
import { axisTicks } from '../../store/timeline-axis';
import type { TimeWindow } from '../../store/timeline-viewport';

/** Room for one label ("10:00:01.25"), so they never run into each other. */
const LABEL_PX = 96;

interface Props {
  window: TimeWindow;
  trackPx: number;
  /** The track element: the view measures it to turn pixels into time. */
  trackRef: (el: HTMLDivElement | null) => void;
}

export function TimelineAxis({ window: w, trackPx, trackRef }: Props) {
  const ticks = axisTicks(w, Math.max(2, Math.floor(trackPx / LABEL_PX)));
  return (
    <div className="tl-axis muted" aria-hidden="true" data-testid="timeline-axis">
      <span />
      <div className="tl-axis-track" ref={trackRef}>
        {ticks.map((t) => (
          <span key={t.atMs} className="tl-tick" style={{ left: `${t.at}%` }}>
            {/* Labels near an edge would run past the chart. */}
            {t.at > 4 && t.at < 94 && <span className="tl-tick-label">{t.label}</span>}
          </span>
        ))}
      </div>
    </div>
  );
}
