// The function form: register a new function or edit the chosen one, with every field of DESIGN.md §3.
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

export function FnForm() {
  const [values, setValues] = useState<FnFormValues>(DEFAULT_FN_FORM);
  const issues = useStudio((s) => s.formIssues);
  const busy = useStudio((s) => s.formBusy);
  const editingFnId = useStudio((s) => s.editingFnId);
  const editing = useStudio((s) => s.fns.find((f) => f.id === s.editingFnId));
  const editingApp = useStudio((s) => s.apps.find((a) => a.id === editing?.app_id));
  const saveFn = useStudio((s) => s.saveFn);
  const startEditFn = useStudio((s) => s.startEditFn);
  const clearFormIssues = useStudio((s) => s.clearFormIssues);

  // Fill the form when an edit starts, back to a fresh form (keeping the app) when it ends: adjusted during
  // render when the edited id changes, not on every store update of the function.
  const [formFor, setFormFor] = useState<string | null>(null);
  if (formFor !== editingFnId) {
    setFormFor(editingFnId);
    setValues(
      editing
        ? fnToForm(editing, editingApp?.name ?? editing.app_id)
        : { ...DEFAULT_FN_FORM, app: editingApp?.name ?? values.app },
    );
  }

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

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const wasEditing = Boolean(editing);
    // Keep app, format and limits: registering several functions in a row usually shares them.
    if ((await saveFn(values)) && !wasEditing)
      setValues((v) => ({ ...v, name: '', config: [], annotations: [] }));
  };

  return (
    <form
      className="fn-form"
      data-testid="fn-form"
      data-mode={editing ? 'edit' : 'create'}
      onSubmit={onSubmit}
      onKeyDown={(e) => e.key === 'Escape' && editing && startEditFn(null)}
      noValidate
    >
      <h2>{editing ? `Edit ${editing.name}` : 'Register a function'}</h2>
      <label htmlFor="fn-form-app">App</label>
      <input {...fieldProps('app')} autoComplete="off" disabled={Boolean(editing)} />
      <p className="field-hint">
        {editing ? 'A function stays in its app.' : 'Created on the fly if it does not exist.'}
      </p>

      <label htmlFor="fn-form-name">Function name</label>
      <input {...fieldProps('name')} autoComplete="off" placeholder="hello" />

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
        {editing && (
          <button type="button" data-testid="fn-form-cancel" onClick={() => startEditFn(null)}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
