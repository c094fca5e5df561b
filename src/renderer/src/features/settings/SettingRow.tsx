// One setting: its value and source, the saved value a flag or the environment overrides, an editor, Save and Reset.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SettingKey, SettingsView } from '../../../../shared/settings';
import {
  BYTE_UNITS,
  MODE_OPTIONS,
  SETTING_META,
  SOURCE_LABELS,
  defaultOf,
  draftOf,
  formatSetting,
  needsRestart,
  parseSetting,
  poolInEffect,
  type ByteUnit,
} from './setting-meta';

interface Props {
  name: SettingKey;
  view: SettingsView;
  /** The host's error for this row's last save, if it refused it. */
  hostError: string | null;
  busy: boolean;
  onSave(name: SettingKey, value: SettingsView['values'][SettingKey] | null): void;
}

export function SettingRow({ name, view, hostError, busy, onSave }: Props) {
  const meta = SETTING_META[name];
  const value = view.values[name];
  const source = view.sources[name];
  const initial = draftOf(name, value);
  const [text, setText] = useState(initial.text);
  const [unit, setUnit] = useState<ByteUnit>(initial.unit);
  const [error, setError] = useState<string | null>(null);
  const id = `setting-${name}`;
  const overridden = (source === 'flag' || source === 'environment') && view.saved[name] !== undefined;
  const pending = view.restart_required.includes(name);
  // The pool's number in MB, also when it is sized automatically.
  const pool = name === 'pool_mb' ? poolInEffect(view) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSetting(name, text, unit);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    onSave(name, parsed.value);
  };
  const shownError = error ?? hostError;
  // Escape puts back what is in effect.
  const revert = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    setText(initial.text);
    setUnit(initial.unit);
    setError(null);
  };

  return (
    <form className="setting-row" data-testid={id} onSubmit={submit} aria-labelledby={`${id}-label`}>
      <div className="setting-head">
        <label id={`${id}-label`} htmlFor={`${id}-input`} className="setting-label">
          {meta.label} <code className="muted">{name}</code>
        </label>
        <span className={`setting-source source-${source}`} data-testid={`${id}-source`}>
          {SOURCE_LABELS[source]}
        </span>
      </div>
      <p className="field-hint" id={`${id}-help`}>
        {meta.help} Applies {meta.applies}. Default: {formatSetting(name, defaultOf(name))}.
      </p>
      <p className="setting-current">
        In effect: <strong data-testid={`${id}-value`}>{pool?.value ?? formatSetting(name, value)}</strong>
        {pool && (
          <span className="muted" data-testid={`${id}-detail`}>
            {' '}
            {pool.detail}
          </span>
        )}
        {overridden && (
          <span className="muted" data-testid={`${id}-saved`}>
            {' '}
            (saved {formatSetting(name, view.saved[name])}, overridden by the {SOURCE_LABELS[source]})
          </span>
        )}
        {pending && (
          <span className="setting-restart" data-testid={`${id}-restart`}>
            {' '}
            Restart Fn Studio to apply.
          </span>
        )}
        {!pending && needsRestart(name) && <span className="muted"> Changes apply at restart.</span>}
      </p>
      <div className="setting-edit">
        {meta.kind === 'mode' ? (
          <select
            id={`${id}-input`}
            data-testid={`${id}-input`}
            value={text}
            aria-describedby={`${id}-help`}
            onKeyDown={revert}
            onChange={(e) => setText(e.target.value)}
          >
            {(MODE_OPTIONS[name] ?? []).map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${id}-input`}
            data-testid={`${id}-input`}
            type="text"
            inputMode={meta.kind === 'text' ? 'text' : 'numeric'}
            value={text}
            placeholder={name === 'pool_mb' ? 'auto' : undefined}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={`${id}-help${shownError ? ` ${id}-error` : ''}`}
            onKeyDown={revert}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        {meta.kind === 'bytes' && (
          <select
            aria-label={`${meta.label} unit`}
            data-testid={`${id}-unit`}
            value={unit}
            onChange={(e) => setUnit(e.target.value as ByteUnit)}
          >
            {Object.keys(BYTE_UNITS).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        )}
        {meta.kind === 'mb' && <span className="muted">MB</span>}
        {meta.kind === 'seconds' && <span className="muted">s</span>}
        {meta.kind === 'days' && <span className="muted">days</span>}
        <button type="submit" className="primary" disabled={busy} data-testid={`${id}-save`}>
          Save<span className="visually-hidden"> {meta.label}</span>
        </button>
        <button
          type="button"
          disabled={busy || view.saved[name] === undefined}
          data-testid={`${id}-reset`}
          aria-label={`Reset ${meta.label} to default`}
          onClick={() => onSave(name, null)}
        >
          Reset to default
        </button>
      </div>
      {shownError && (
        <p className="inline-error" role="alert" id={`${id}-error`} data-testid={`${id}-error`}>
          {shownError}
        </p>
      )}
    </form>
  );
}
