// The legend: what a bar's fill (outcome) and border (start kind) and each marker mean.
const OUTCOMES = ['success', 'error', 'timeout', 'cancelled', 'running'] as const;
const KINDS = [
  ['cold', 'cold'],
  ['hot_new', 'hot, new'],
  ['hot_reused', 'hot, reused'],
] as const;

export function TimelineLegend() {
  return (
    <ul className="tl-legend" aria-label="Legend" data-testid="timeline-legend">
      {OUTCOMES.map((o) => (
        <li key={o}>
          <span className={`tl-swatch tl-status-${o}`} aria-hidden="true" /> {o}
        </li>
      ))}
      {KINDS.map(([k, words]) => (
        <li key={k}>
          <span className={`tl-swatch tl-kind-${k}`} aria-hidden="true" /> {words}
        </li>
      ))}
      <li>
        <span className="tl-swatch tl-marker-launch" aria-hidden="true" /> launch
      </li>
      <li>
        <span className="tl-swatch tl-marker-end" aria-hidden="true" /> end (hover for the reason)
      </li>
    </ul>
  );
}
