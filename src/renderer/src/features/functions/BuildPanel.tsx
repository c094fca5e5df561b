// Build an image from a folder with a Dockerfile on the host's machine: folder and tag, live build log, result.
import { useState } from 'react';
import { useStudio } from '../../store/store-context';

export function BuildPanel({ initialTag, onClose }: { initialTag: string; onClose(): void }) {
  const [folder, setFolder] = useState('');
  const [tag, setTag] = useState(initialTag);
  // Results show only for a build started here, not for an earlier check of the same tag.
  const [started, setStarted] = useState(false);
  const key = tag.trim();
  const progress = useStudio((s) => s.images[key]);
  const check = useStudio((s) => s.imageChecks[key]);
  const buildImage = useStudio((s) => s.buildImage);
  const building = check?.state === 'building';
  const lines = progress?.kind === 'build' ? progress.lines : [];

  return (
    <div
      className="build-panel"
      data-testid="build-panel"
      role="group"
      aria-label="Build from folder"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <label htmlFor="fn-build-folder">Folder with a Dockerfile (on the host)</label>
      <input
        id="fn-build-folder"
        data-testid="fn-build-folder"
        value={folder}
        placeholder="/path/to/resources/examples/hello-shell"
        autoComplete="off"
        onChange={(e) => setFolder(e.target.value)}
      />
      <label htmlFor="fn-build-tag">Image tag</label>
      <input
        id="fn-build-tag"
        data-testid="fn-build-tag"
        value={tag}
        autoComplete="off"
        onChange={(e) => setTag(e.target.value)}
      />
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="fn-build-submit"
          disabled={building}
          onClick={() => {
            setStarted(true);
            void buildImage(folder, tag);
          }}
        >
          {building ? 'Building…' : 'Build'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {lines.length > 0 && (
        <pre className="build-log" data-testid="fn-build-log" aria-label="Build log" tabIndex={0}>
          {lines.join('\n')}
        </pre>
      )}
      {started && check?.state === 'present' && (
        <p className="ok-text" role="status" data-testid="fn-build-result">
          Built {key}.
        </p>
      )}
      {started && check?.state === 'failed' && (
        <p className="inline-error" role="alert" data-testid="fn-build-error">
          {check.error}
        </p>
      )}
    </div>
  );
}
