// A watched function's rebuild state beside it in the sidebar: watching, rebuilding, or the failed build's error.
import { useStudio } from '../../store/store-context';

const WORDS = {
  watching: 'watching',
  building: 'rebuilding…',
  failed: 'build failed',
  unavailable: 'watch stopped',
} as const;

export function WatchBadge({ fnId }: { fnId: string }) {
  const watch = useStudio((s) => s.watches[fnId]);
  if (!watch || watch.state === 'off') return null;
  const error = watch.state === 'failed' ? watch.last_build?.error : watch.error;
  return (
    <span
      className={`fn-badge watch-badge watch-badge-${watch.state}`}
      data-testid="fn-watch-badge"
      data-state={watch.state}
      title={error ? `${watch.folder}: ${error}` : `${WORDS[watch.state]} ${watch.folder}`}
    >
      {WORDS[watch.state]}
      {error && <span className="fn-badge-error">{error}</span>}
    </span>
  );
}
