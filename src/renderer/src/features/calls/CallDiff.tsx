// Two calls compared: status, response headers, response body and timings as line diffs (older −, newer +).
import type { StudioState } from '../../store/studio-state';
import { useStudio } from '../../store/store-context';
import { callDiff } from '../../store/call-diff';
import { DiffLinesView } from '../composer/DiffLinesView';

const selectCompare = (s: StudioState) => s.compare;

export function CallDiff() {
  const compare = useStudio(selectCompare);
  const close = useStudio((s) => s.closeCompare);
  if (!compare) return null;
  const calls = compare.calls;
  return (
    <section className="panel call-diff" aria-label="Call comparison" data-testid="call-diff">
      <div className="detail-head">
        <h3>Compare calls</h3>
        <button type="button" data-testid="call-diff-close" onClick={close}>
          Close
        </button>
      </div>
      {compare.error && <p className="inline-error">{compare.error}</p>}
      {!calls && !compare.error && <p className="muted">Loading…</p>}
      {calls && (
        <>
          <p className="muted">
            − <span className="mono">{calls[0].id}</span> (
            {new Date(calls[0].created_at).toLocaleTimeString()})
            <br />+ <span className="mono">{calls[1].id}</span> (
            {new Date(calls[1].created_at).toLocaleTimeString()})
          </p>
          {callDiff(calls[0], calls[1]).map((section) => (
            <details key={section.title} open={!section.same} data-testid="call-diff-section">
              <summary>
                {section.title}
                {section.same ? ' — same' : ''}
              </summary>
              <DiffLinesView
                lines={section.lines}
                className="call-diff-lines"
                testId={`call-diff-${section.title.toLowerCase().replace(/ /g, '-')}`}
              />
            </details>
          ))}
        </>
      )}
    </section>
  );
}
