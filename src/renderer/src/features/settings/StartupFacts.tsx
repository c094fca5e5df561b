// What the running host was started with and no setting changes while it runs: the data dir and listen address.
import type { SettingsView } from '../../../../shared/settings';
import { STARTUP_SOURCE_LABELS } from './setting-meta';

export function StartupFacts({ view }: { view: SettingsView }) {
  const { data_dir: dataDir, listen } = view;
  // A host from before these facts were reported sends neither: show nothing rather than blanks.
  if (!dataDir && !listen) return null;
  return (
    <section
      className="setting-row startup-facts"
      aria-labelledby="startup-facts-title"
      data-testid="startup-facts"
    >
      <h3 id="startup-facts-title" className="setting-label">
        Running with (read-only)
      </h3>
      <p className="field-hint">
        Chosen when Fn Studio starts: a command-line flag, the environment or the default. Change them by
        restarting with --data-dir, FN_STUDIO_DATA_DIR, --port or the port setting.
      </p>
      <dl className="facts">
        {dataDir && (
          <div>
            <dt>Data dir</dt>
            <dd>
              <code data-testid="startup-data-dir">{dataDir.value}</code>{' '}
              <span
                className={`setting-source source-${dataDir.source}`}
                data-testid="startup-data-dir-source"
              >
                {STARTUP_SOURCE_LABELS[dataDir.source]}
              </span>
            </dd>
          </div>
        )}
        {listen && (
          <div>
            <dt>Listen address</dt>
            <dd>
              <code data-testid="startup-listen">{listen.value}</code>{' '}
              <span className={`setting-source source-${listen.source}`} data-testid="startup-listen-source">
                port: {STARTUP_SOURCE_LABELS[listen.source]}
              </span>{' '}
              <span
                className={`setting-source source-${listen.host_source}`}
                data-testid="startup-listen-host-source"
              >
                address: {STARTUP_SOURCE_LABELS[listen.host_source]}
              </span>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
