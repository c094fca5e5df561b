// A line diff of two history entries' responses (status and body).
import type { HistoryEntry } from '../../store/composer-draft';
import { diffLines } from '../../store/composer-diff';

const asText = (e: HistoryEntry) => `HTTP ${e.status}\n${e.body}`;
const MARK = { same: ' ', added: '+', removed: '-' } as const;

export function ResponseDiff({ left, right }: { left: HistoryEntry; right: HistoryEntry }) {
  const lines = diffLines(asText(left), asText(right));
  return (
    <div className="response-diff" aria-label="Response diff">
      <p className="muted">
        − {new Date(left.at).toLocaleTimeString()} / + {new Date(right.at).toLocaleTimeString()}
      </p>
      <pre data-testid="response-diff">
        {lines.map((l, i) => (
          <span key={i} className={`diff-${l.kind}`}>
            {MARK[l.kind]} {l.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  );
}
