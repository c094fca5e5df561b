// A line diff as a <pre>: each line marked ' ', '+' or '-' and styled by its kind (the composer's and the Calls view's).
import type { DiffLine } from '../../store/composer-diff';

const MARK = { same: ' ', added: '+', removed: '-' } as const;

export function DiffLinesView({
  lines,
  className,
  testId,
}: {
  lines: readonly DiffLine[];
  className?: string;
  testId: string;
}) {
  return (
    <pre className={className} data-testid={testId}>
      {lines.map((l, i) => (
        <span key={i} className={`diff-${l.kind}`}>
          {MARK[l.kind]} {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
