// The function form, opened on demand: register a new function or edit the chosen one, with every field of
// DESIGN.md §3.
import { useState, type FormEvent } from 'react';
import { FN_FORMATS } from '../../../../shared/models';
import {
  DEFAULT_FN_FORM,
  fnToForm,
  type FnFormField,
  type FnFormValues,
  type FnTextField,
} from '../../store/fn-form';
import { useStudio } from '../../store/store-context';
import { KeyValueRows } from './KeyValueRows';
import { ImageField } from './ImageField';
import { ShapingFields } from './ShapingFields';
import { EMPTY_SHAPING } from '../../store/shaping-form';
import './functions.css';

const ERROR_ID = 'fn-form-errors';

/** Mounted by the sidebar only while open, keyed by what it edits, so it starts from that function's values. */
export function FnForm() {
  const issues = useStudio((s) => s.formIssues);
  const busy = useStudio((s) => s.formBusy);
  const editing = useStudio((s) => (s.editingFnId === null ? null : s.editingFnBase));
  const editingApp = useStudio((s) => s.apps.find((a) => a.id === editing?.app_id));
  // A new function starts in the app of the selected one: functions are usually registered app by app.
  const selectedAppName = useStudio((s) => {
    const fn = s.fns.find((f) => f.id === s.selectedFnId);
    return s.apps.find((a) => a.id === fn?.app_id)?.name ?? '';
  });
  const [values, setValues] = useState<FnFormValues>(() =>
    editing
      ? fnToForm(editing, editingApp?.name ?? editing.app_id)
      : { ...DEFAULT_FN_FORM, app: selectedAppName },
  );
  const saveFn = useStudio((s) => s.saveFn);
  const startEditFn = useStudio((s) => s.startEditFn);
  const clearFormIssues = useStudio((s) => s.clearFormIssues);

  const set = (patch: Partial<FnFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    clearFormIssues();
  };
  const invalid = (field: FnFormField) => issues.some((i) => i.field === field);
  const fieldProps = (field: FnTextField) => ({
    id: `fn-form-${field}`,
    'data-testid': `fn-form-${field}`,
    value: values[field],
    'aria-invalid': invalid(field) || undefined,
    'aria-describedby': invalid(field) ? ERROR_ID : undefined,
    onChange: (e: { target: { value: string } }) => set({ [field]: e.target.value }),
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void saveFn(values); // on success the store closes the form
  };

  return (
    <form
      className="fn-form"
      data-testid="fn-form"
      data-mode={editing ? 'edit' : 'create'}
      onSubmit={onSubmit}
      aria-label={editing ? `Edit ${editing.name}` : 'Register a function'}
      onKeyDown={(e) => e.key === 'Escape' && startEditFn(null)}
      noValidate
    >
      <h3>{editing ? `Edit ${editing.name}` : 'Register a function'}</h3>
      <label htmlFor="fn-form-app">App</label>
      {/* Focus where typing starts: the app when none is given yet, else the name. */}
      <input
        {...fieldProps('app')}
        autoComplete="off"
        disabled={Boolean(editing)}
        autoFocus={!editing && values.app === ''}
      />
      <p className="field-hint">
        {editing ? 'A function stays in its app.' : 'Created on the fly if it does not exist.'}
      </p>

      <label htmlFor="fn-form-name">Function name</label>
      <input
        {...fieldProps('name')}
        autoComplete="off"
        placeholder="hello"
        autoFocus={Boolean(editing) || values.app !== ''}
      />

      <ImageField
        value={values.image}
        invalid={invalid('image')}
        describedBy={invalid('image') ? ERROR_ID : undefined}
        onChange={(image) => set({ image })}
      />

      <div className="field-row">
        <div>
          <label htmlFor="fn-form-format">Format</label>
          <select {...fieldProps('format')}>
            {FN_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="fn-form-network">Network</label>
          <input {...fieldProps('network')} autoComplete="off" placeholder="bridge" />
        </div>
      </div>
      <p className="field-hint">
        Fn&apos;s own default is http-stream; default runs one cold container per call.
      </p>

      <div className="field-row three">
        <div>
          <label htmlFor="fn-form-memory">Memory (MB)</label>
          <input {...fieldProps('memory')} type="number" min={1} max={8192} step={1} />
        </div>
        <div>
          <label htmlFor="fn-form-timeout">Timeout (s)</label>
          <input {...fieldProps('timeout')} type="number" min={1} max={300} step={1} />
        </div>
        <div>
          <label htmlFor="fn-form-idle_timeout">Idle (s)</label>
          <input {...fieldProps('idle_timeout')} type="number" min={1} max={3600} step={1} placeholder="30" />
        </div>
      </div>

      <ShapingFields
        values={values.shaping ?? EMPTY_SHAPING}
        hotFormat={values.format !== 'default'}
        invalid={invalid}
        describedBy={ERROR_ID}
        onChange={(shaping) => set({ shaping })}
      />

      <KeyValueRows
        prefix="fn-form"
        rows={values.config ?? []}
        invalid={invalid('config')}
        onChange={(config) => set({ config })}
      />
      <KeyValueRows
        prefix="fn-form"
        kind="annotation"
        rows={values.annotations ?? []}
        invalid={invalid('annotations')}
        onChange={(annotations) => set({ annotations })}
      />

      {issues.length > 0 && (
        <ul className="form-error" id={ERROR_ID} role="alert" data-testid="form-error">
          {issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
      )}

      <div className="button-row">
        <button type="submit" className="primary" data-testid="fn-form-submit" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save changes' : 'Register function'}
        </button>
        <button type="button" data-testid="fn-form-cancel" onClick={() => startEditFn(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
