// Watch for the chosen function: tie it to a folder with a Dockerfile and rebuild its image on every saved change;
// shows the watch's state, the last build's time or error, and the running build's log.
import { useState } from 'react';
import { useStudio } from '../../store/store-context';
import { sourceFolderOf } from '../../store/watch-slice';
import './watch.css';

const STATE_TEXT = {
  watching: 'Watching: a saved change rebuilds the image.',
  building: 'Rebuilding…',
  failed: 'The last build failed; the image from before keeps serving.',
  unavailable: 'The folder cannot be watched.',
  off: 'Not watching.',
} as const;

export function WatchPanel() {
  const fn = useStudio((s) => s.fns.find((f) => f.id === s.selectedFnId));
  if (!fn) return null;
  // Keyed by function: another function's panel starts from its own folder.
  return <WatchForm key={fn.id} fnId={fn.id} />;
}

function WatchForm({ fnId }: { fnId: string }) {
  const fn = useStudio((s) => s.fns.find((f) => f.id === fnId))!;
  const watch = useStudio((s) => s.watches[fnId]);
  const error = useStudio((s) => s.watchErrors[fnId]);
  const busy = useStudio((s) => s.watchBusy);
  const progress = useStudio((s) => s.images[fn.image]);
  const setWatch = useStudio((s) => s.setWatch);
  const [folder, setFolder] = useState(sourceFolderOf(fn));
  const on = Boolean(watch);
  const last = watch?.last_build;
  const lines = progress?.kind === 'build' ? progress.lines : [];

  return (
    <section className="watch-panel" data-testid="watch-panel" aria-label={`Watch ${fn.name}`}>
      <h3>Watch {fn.name}</h3>
      <label htmlFor="fn-watch-folder">Source folder with a Dockerfile (on the host)</label>
      <input
        id="fn-watch-folder"
        data-testid="fn-watch-folder"
        // While on, the folder the host watches (it may have been set elsewhere, e.g. with the fn CLI).
        value={watch ? watch.folder : folder}
        placeholder="/path/to/my-function"
        autoComplete="off"
        disabled={on}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={error ? 'fn-watch-error' : undefined}
        onChange={(e) => setFolder(e.target.value)}
      />
      <p className="field-hint">
        Rebuilds {fn.image} on each change; .dockerignore and node_modules are skipped.
      </p>
      <div className="button-row">
        <button
          type="button"
          className={on ? undefined : 'primary'}
          data-testid="fn-watch-toggle"
          aria-pressed={on}
          disabled={busy}
          onClick={() => void setWatch(fn, folder, !on)}
        >
          {on ? 'Stop watching' : 'Watch'}
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert" id="fn-watch-error" data-testid="fn-watch-error">
          {error}
        </p>
      )}
      {watch && (
        <p className="watch-state" role="status" data-testid="fn-watch-state" data-state={watch.state}>
          {watch.state === 'unavailable' && watch.error ? watch.error : STATE_TEXT[watch.state]}
          {last && watch.state !== 'building' && (
            <span className="muted" data-testid="fn-watch-last" data-builds={watch.builds}>
              {' '}
              Last build {last.ok ? 'succeeded' : 'failed'} in {(last.duration_ms / 1000).toFixed(1)} s at{' '}
              {new Date(last.started_at).toLocaleTimeString()}.
            </span>
          )}
        </p>
      )}
      {watch?.state === 'failed' && last?.error && (
        <pre className="watch-error" role="alert" data-testid="fn-watch-build-error">
          {last.error}
        </pre>
      )}
      {on && lines.length > 0 && (
        <pre className="build-log" data-testid="fn-watch-log" aria-label="Build log" tabIndex={0}>
          {lines.join('\n')}
        </pre>
      )}
    </section>
  );
}
