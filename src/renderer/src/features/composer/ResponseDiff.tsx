// A line diff of two history entries' responses (status and body).
import type { HistoryEntry } from '../../store/composer-draft';
import { diffLines } from '../../store/composer-diff';
import { DiffLinesView } from './DiffLinesView';

const asText = (e: HistoryEntry) => `HTTP ${e.status}\n${e.body}`;

export function ResponseDiff({ left, right }: { left: HistoryEntry; right: HistoryEntry }) {
  const lines = diffLines(asText(left), asText(right));
  return (
    <div className="response-diff" aria-label="Response diff">
      <p className="muted">
        − {new Date(left.at).toLocaleTimeString()} / + {new Date(right.at).toLocaleTimeString()}
      </p>
      <DiffLinesView lines={lines} testId="response-diff" />
    </div>
  );
}
