// The app form: a new app, or the name and config of an existing one.
import { useState, type FormEvent } from 'react';
import { appToForm, EMPTY_APP_FORM, type AppFormValues } from '../../store/catalog-app-form';
import { useStudio } from '../../store/store-context';
import { KeyValueRows } from './KeyValueRows';

export function AppForm() {
  const target = useStudio((s) => s.appEditor);
  const app = useStudio((s) => s.apps.find((a) => a.id === s.appEditor));
  // Keyed by the parent on `target`, so the initial values are read once per opened app.
  const [values, setValues] = useState<AppFormValues>(app ? appToForm(app) : EMPTY_APP_FORM);
  const issues = useStudio((s) => s.appIssues);
  const busy = useStudio((s) => s.appBusy);
  const saveApp = useStudio((s) => s.saveApp);
  const close = useStudio((s) => s.openAppEditor);
  if (target === null) return null;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void saveApp(values);
  };
  return (
    <form
      className="app-form"
      data-testid="app-form"
      onSubmit={onSubmit}
      onKeyDown={(e) => e.key === 'Escape' && close(null)}
      noValidate
    >
      <h3>{app ? `Edit app ${app.name}` : 'New app'}</h3>
      <label htmlFor="app-form-name">App name</label>
      <input
        id="app-form-name"
        data-testid="app-form-name"
        value={values.name}
        autoComplete="off"
        aria-invalid={issues.some((i) => i.field === 'name') || undefined}
        onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
      />
      <KeyValueRows
        prefix="app-form"
        rows={values.config}
        onChange={(config) => setValues((v) => ({ ...v, config }))}
      />
      {issues.length > 0 && (
        <ul className="form-error" role="alert" data-testid="app-form-error">
          {issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="submit" className="primary" data-testid="app-form-submit" disabled={busy}>
          {busy ? 'Saving…' : app ? 'Save app' : 'Create app'}
        </button>
        <button type="button" onClick={() => close(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
