// The timeline's toolbar: Live or paused, earlier and later, zoom buttons and presets, the selected call, and the
// window shown in clock times.
import { ZOOM_LEVELS_MS } from '../../store/timeline-viewport';

const spanWords = (spanMs: number): string =>
  spanMs < 1000 ? `${spanMs} ms` : spanMs < 60_000 ? `${spanMs / 1000} s` : `${spanMs / 60_000} min`;

interface Props {
  live: boolean;
  spanMs: number;
  /** The window in clock times, for the mode line when not live. */
  windowText: string;
  /** False when the window already ends at now. */
  canGoLater: boolean;
  /** A call is selected and has a bar to show. */
  canShowSelected: boolean;
  onPause(): void;
  onLive(): void;
  onPan(fraction: number): void;
  onZoom(dir: -1 | 1): void;
  onSpan(spanMs: number): void;
  onShowSelected(): void;
}

export function TimelineControls(p: Props) {
  return (
    <div className="tl-controls" role="toolbar" aria-label="Timeline controls">
      <div className="tl-control-group">
        <button type="button" data-testid="timeline-live" aria-pressed={p.live} onClick={p.onLive}>
          Live
        </button>
        <button type="button" data-testid="timeline-pause" aria-pressed={!p.live} onClick={p.onPause}>
          Pause
        </button>
      </div>
      <div className="tl-control-group">
        <button
          type="button"
          data-testid="timeline-pan-back"
          aria-label="Earlier: move back half a window"
          title="Earlier (Left arrow, drag, Shift+wheel)"
          onClick={() => p.onPan(-0.5)}
        >
          ◀
        </button>
        <button
          type="button"
          data-testid="timeline-pan-forward"
          aria-label="Later: move forward half a window"
          title="Later (Right arrow, drag, Shift+wheel)"
          disabled={!p.canGoLater}
          onClick={() => p.onPan(0.5)}
        >
          ▶
        </button>
      </div>
      <div className="tl-control-group">
        <button
          type="button"
          data-testid="timeline-zoom-in"
          aria-label="Zoom in"
          title="Zoom in (+, Ctrl+wheel)"
          disabled={p.spanMs === ZOOM_LEVELS_MS[0]}
          onClick={() => p.onZoom(-1)}
        >
          +
        </button>
        <select
          data-testid="timeline-window"
          aria-label="Time window"
          value={p.spanMs}
          onChange={(e) => p.onSpan(Number(e.target.value))}
        >
          {ZOOM_LEVELS_MS.map((z) => (
            <option key={z} value={z}>
              {spanWords(z)}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="timeline-zoom-out"
          aria-label="Zoom out"
          title="Zoom out (−, Ctrl+wheel)"
          disabled={p.spanMs === ZOOM_LEVELS_MS[ZOOM_LEVELS_MS.length - 1]}
          onClick={() => p.onZoom(1)}
        >
          −
        </button>
      </div>
      <button
        type="button"
        data-testid="timeline-show-selected"
        disabled={!p.canShowSelected}
        title="Move the window to the selected call"
        onClick={p.onShowSelected}
      >
        Show selected call
      </button>
      <span className="muted tl-mode" data-testid="timeline-mode" aria-live="polite">
        {p.live ? 'Live' : `Paused · ${p.windowText}`}
      </span>
    </div>
  );
}
