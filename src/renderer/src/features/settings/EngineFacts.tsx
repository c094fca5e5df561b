// The engine in use, read-only: what it is, where, how it is reached and where its address came from, or why it
// cannot be reached; and how http-stream functions are reached (direct or relay), with the reason.
import type { SettingsView } from '../../../../shared/settings';

export function EngineFacts({ view }: { view: SettingsView }) {
  const { engine, http_stream: stream } = view;
  if (!engine) return null;
  const e = engine.engine;
  return (
    <section
      className="setting-row startup-facts"
      aria-labelledby="engine-facts-title"
      data-testid="engine-facts"
    >
      <h3 id="engine-facts-title" className="setting-label">
        Engine in use (read-only)
      </h3>
      <dl className="facts">
        <div>
          <dt>Endpoint</dt>
          <dd>
            <code data-testid="engine-endpoint">{engine.endpoint}</code>
            {e && (
              <span className="setting-source" data-testid="engine-source">
                {' '}
                {e.connection}, from {e.source}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Engine</dt>
          <dd data-testid="engine-summary">
            {e
              ? `${e.name} ${e.version} on ${e.os}, ${e.remote ? 'remote (another machine)' : 'local (this machine)'}`
              : `not reachable: ${engine.message ?? 'not checked yet'}`}
          </dd>
        </div>
        {stream && (
          <div>
            <dt>http-stream</dt>
            <dd data-testid="engine-http-stream">
              <strong>{stream.mode}</strong> — {stream.reason}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
