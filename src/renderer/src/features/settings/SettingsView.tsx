// Settings: the data dir and listen address (read-only), every configurable value, where it comes from, and
// saving changes (checked before they reach the host).
import { useEffect, useState } from 'react';
import { SETTING_KEYS, type SettingKey, type SettingsPatch } from '../../../../shared/settings';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { SettingRow } from './SettingRow';
import { EngineFacts } from './EngineFacts';
import { StartupFacts } from './StartupFacts';
import './settings.css';

const selectSettings = (s: StudioState) => s.settings;
const selectSettingsError = (s: StudioState) => s.settingsError;
const selectLoad = (s: StudioState) => s.loadSettings;
const selectSave = (s: StudioState) => s.saveSettings;

export function SettingsView() {
  const settings = useStudio(selectSettings);
  const error = useStudio(selectSettingsError);
  const loadSettings = useStudio(selectLoad);
  const saveSettings = useStudio(selectSave);
  const [lastKey, setLastKey] = useState<SettingKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  const save = (key: SettingKey, value: SettingsPatch[SettingKey]) => {
    setLastKey(key);
    setBusy(true);
    setNotice('');
    // One key at a time: the value was checked against this key's schema by the row.
    void saveSettings({ [key]: value } as SettingsPatch)
      .then((ok) => ok && setNotice(value === null ? `${key} reset to its default.` : `${key} saved.`))
      .finally(() => setBusy(false));
  };

  return (
    <section className="panel settings" aria-labelledby="settings-title" data-testid="settings-view">
      <h2 id="settings-title">Settings</h2>
      <p className="field-hint">
        Precedence: command-line flag, then environment, then saved, then default. Saved values live in the
        data dir.
      </p>
      {/* Announces each save to screen readers; the row itself shows the new value and source. */}
      <p className="visually-hidden" role="status" data-testid="settings-notice">
        {notice}
      </p>
      {settings?.restart_required.length ? (
        <p className="setting-restart" role="status" data-testid="settings-restart-required">
          Restart Fn Studio to apply: {settings.restart_required.join(', ')}.
        </p>
      ) : null}
      {!settings && error && (
        <p className="inline-error" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
      {!settings && !error && <p className="muted">Loading settings…</p>}
      {settings && <StartupFacts view={settings} />}
      {settings && <EngineFacts view={settings} />}
      {settings &&
        SETTING_KEYS.map((key) => (
          <SettingRow
            // A new value from the host starts the editor afresh.
            key={`${key}:${JSON.stringify(settings.values[key])}:${settings.sources[key]}`}
            name={key}
            view={settings}
            busy={busy}
            hostError={lastKey === key ? error : null}
            onSave={save}
          />
        ))}
    </section>
  );
}
