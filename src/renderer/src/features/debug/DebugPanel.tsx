// A function's debug mode: the container port its debugger listens on, the host port (or a free one), the debug
// session's own init and call timeouts, and environment added only while debugging; presets for Node and the JVM.
import { useState } from 'react';
import type { Fn } from '../../../../shared/models';
import {
  DEBUG_PRESETS,
  debugToForm,
  parseDebugForm,
  readDebug,
  type DebugFormValues,
} from '../../store/debug-form';
import { useStudio } from '../../store/store-context';
import { KeyValueRows } from '../functions/KeyValueRows';
import './debug.css';

type TextField = Exclude<keyof DebugFormValues, 'env'>;

const FIELDS: Array<{ field: TextField; label: string; placeholder: string; hint: string }> = [
  { field: 'port', label: 'Debugger port (in the container)', placeholder: '9229', hint: '' },
  { field: 'host_port', label: 'Host port', placeholder: 'free port', hint: 'on 127.0.0.1' },
  { field: 'init_timeout', label: 'Init timeout (s)', placeholder: '5', hint: 'start, up to 3600' },
  { field: 'timeout', label: 'Call timeout (s)', placeholder: 'as the function', hint: 'up to 3600' },
];

export function DebugPanel({ fn, onClose }: { fn: Fn; onClose(): void }) {
  const [values, setValues] = useState<DebugFormValues>(() => debugToForm(fn));
  const [problem, setProblem] = useState<string | null>(null);
  const busy = useStudio((s) => s.debugBusy);
  const refused = useStudio((s) => (s.debugError?.fnId === fn.id ? s.debugError.message : null));
  const saveDebug = useStudio((s) => s.saveDebug);
  const clearDebugError = useStudio((s) => s.clearDebugError);
  const on = readDebug(fn) !== null;
  const message = problem ?? refused;

  const set = (patch: Partial<DebugFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setProblem(null);
    clearDebugError();
  };
  const save = () => {
    const parsed = parseDebugForm(values);
    if (!parsed.ok) return setProblem(parsed.message);
    void saveDebug(fn.id, parsed.debug);
  };

  return (
    <div
      className="debug-panel"
      role="group"
      aria-label={`Debug mode of ${fn.name}`}
      data-testid="debug-panel"
      data-debug-on={on}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <p className="field-hint" data-testid="debug-state">
        {on
          ? 'Debug mode is on: one container, its debugger port published on 127.0.0.1, never reaped when idle. The containers view shows where to attach.'
          : 'Debug mode is off.'}
      </p>
      <div className="button-row">
        {Object.entries(DEBUG_PRESETS).map(([key, preset]) => (
          <button
            key={key}
            type="button"
            data-testid={`debug-preset-${key}`}
            onClick={() => set(preset.values)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <div className="debug-fields">
        {FIELDS.map(({ field, label, placeholder, hint }) => (
          <div key={field}>
            <label htmlFor={`debug-${fn.id}-${field}`}>{label}</label>
            <input
              id={`debug-${fn.id}-${field}`}
              data-testid={`debug-${field}`}
              type="number"
              min={1}
              value={values[field]}
              placeholder={placeholder}
              aria-invalid={Boolean(message) || undefined}
              onChange={(e) => set({ [field]: e.target.value })}
            />
            {hint && <span className="field-hint">{hint}</span>}
          </div>
        ))}
      </div>
      <KeyValueRows prefix={`debug-${fn.id}`} kind="env" rows={values.env} onChange={(env) => set({ env })} />
      {message && (
        <p className="inline-error" role="alert" data-testid="debug-error">
          {message}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="primary" data-testid="debug-save" disabled={busy} onClick={save}>
          {on ? 'Save debug mode' : 'Turn debug mode on'}
        </button>
        {on && (
          <button
            type="button"
            data-testid="debug-off"
            disabled={busy}
            onClick={() =>
              void saveDebug(fn.id, null).then((ok) => ok && setValues(debugToForm({ annotations: {} })))
            }
          >
            Turn off
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
