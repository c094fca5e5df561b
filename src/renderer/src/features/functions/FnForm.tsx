// The register-function form: app (created when missing), name, image, format, memory and timeout.
import { useState, type FormEvent } from 'react';
import { FN_FORMATS } from '../../../../shared/models';
import { DEFAULT_FN_FORM, type FnFormField, type FnFormValues } from '../../store/fn-form';
import { useStudio } from '../../store/store-context';

const ERROR_ID = 'fn-form-errors';

export function FnForm() {
  const [values, setValues] = useState<FnFormValues>(DEFAULT_FN_FORM);
  const issues = useStudio((s) => s.formIssues);
  const busy = useStudio((s) => s.formBusy);
  const registerFn = useStudio((s) => s.registerFn);
  const clearFormIssues = useStudio((s) => s.clearFormIssues);

  const invalid = (field: FnFormField) => issues.some((i) => i.field === field);
  const fieldProps = (field: FnFormField) => ({
    id: `fn-form-${field}`,
    'data-testid': `fn-form-${field}`,
    value: values[field],
    'aria-invalid': invalid(field) || undefined,
    'aria-describedby': invalid(field) ? ERROR_ID : undefined,
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [field]: e.target.value }));
      clearFormIssues();
    },
  });

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // Keep app, format and limits: registering several functions in a row usually shares them.
    if (await registerFn(values)) setValues((v) => ({ ...v, name: '' }));
  };

  return (
    <form className="fn-form" data-testid="fn-form" onSubmit={onSubmit} noValidate>
      <h2>Register a function</h2>
      <label htmlFor="fn-form-app">App</label>
      <input {...fieldProps('app')} autoComplete="off" />
      <p className="field-hint">Created on the fly if it does not exist.</p>

      <label htmlFor="fn-form-name">Function name</label>
      <input {...fieldProps('name')} autoComplete="off" placeholder="hello" />

      <label htmlFor="fn-form-image">Image</label>
      <input {...fieldProps('image')} autoComplete="off" placeholder="fnproject/hello:latest" />

      <label htmlFor="fn-form-format">Format</label>
      <select {...fieldProps('format')}>
        {FN_FORMATS.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
      <p className="field-hint">
        Fn&apos;s own default is http-stream; default runs one cold container per call.
      </p>

      <div className="field-row">
        <div>
          <label htmlFor="fn-form-memory">Memory (MB)</label>
          <input {...fieldProps('memory')} type="number" min={1} max={8192} step={1} />
        </div>
        <div>
          <label htmlFor="fn-form-timeout">Timeout (s)</label>
          <input {...fieldProps('timeout')} type="number" min={1} max={300} step={1} />
        </div>
      </div>

      {issues.length > 0 && (
        <ul className="form-error" id={ERROR_ID} role="alert" data-testid="form-error">
          {issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
      )}

      <button type="submit" className="primary" data-testid="fn-form-submit" disabled={busy}>
        {busy ? 'Registering…' : 'Register function'}
      </button>
    </form>
  );
}
