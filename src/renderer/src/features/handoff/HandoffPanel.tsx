// Hand-off to a real Fn server: export apps, functions and triggers as a file, import such a file, or push them to
// another Fn-compatible server through its v2 API (created or updated by name).
import { useState } from 'react';
import { useStudio } from '../../store/store-context';
import './handoff.css';

export function HandoffPanel() {
  const busy = useStudio((s) => s.handoffBusy);
  const report = useStudio((s) => s.handoffReport);
  const error = useStudio((s) => s.handoffError);
  const exportRegistry = useStudio((s) => s.exportRegistry);
  const importRegistry = useStudio((s) => s.importRegistry);
  const pushRegistry = useStudio((s) => s.pushRegistry);
  const [url, setUrl] = useState('');

  const exportFile = async () => {
    const file = await exportRegistry();
    if (!file) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    a.download = 'fn-studio-registry.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <section className="panel handoff" aria-labelledby="handoff-title" data-testid="handoff">
      <h2 id="handoff-title">Hand off to an Fn server</h2>
      <p className="muted">
        Apps, functions and triggers travel by name: export them as a file, import such a file here, or push
        them to another Fn-compatible server through its v2 API. An exported file has secret-looking config
        values (keys with TOKEN, SECRET, PASSWORD or KEY) masked; a push carries them to the server.
      </p>
      <div className="handoff-row">
        <button type="button" onClick={() => void exportFile()} disabled={busy} data-testid="handoff-export">
          Export file
        </button>
        <label>
          Import file{' '}
          <input
            type="file"
            accept="application/json,.json"
            disabled={busy}
            data-testid="handoff-import"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(importRegistry);
            }}
          />
        </label>
      </div>
      <div className="handoff-row">
        <label htmlFor="handoff-url">Fn server API URL</label>
        <input
          id="handoff-url"
          type="url"
          placeholder="http://localhost:8080"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void pushRegistry(url)}
          data-testid="handoff-url"
        />
        <button
          type="button"
          onClick={() => void pushRegistry(url)}
          disabled={busy}
          data-testid="handoff-push"
        >
          Push
        </button>
      </div>
      {error && (
        <p className="handoff-error" role="alert" data-testid="handoff-error">
          {error}
        </p>
      )}
      {report && (
        <pre className="handoff-report" data-testid="handoff-report">
          {report}
        </pre>
      )}
    </section>
  );
}
