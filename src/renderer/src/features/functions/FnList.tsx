// The sidebar's apps and their functions: select a function for the composer; edit or delete apps and functions.
import { useMemo } from 'react';
import { shapingOf, shapingWords } from '../../../../shared/fn-shaping';
import { useStudio } from '../../store/store-context';
import { groupByApp } from '../../store/catalog-groups';
import { AppForm } from './AppForm';
import { ConfirmButton } from './ConfirmButton';
import { EmptyState } from './EmptyState';
import { ImageBadge } from './ImageBadge';
import './functions.css';

export function FnList() {
  const apps = useStudio((s) => s.apps);
  const fns = useStudio((s) => s.fns);
  const selectedFnId = useStudio((s) => s.selectedFnId);
  const editingFnId = useStudio((s) => s.editingFnId);
  const appEditor = useStudio((s) => s.appEditor);
  const error = useStudio((s) => s.catalogError);
  const selectFn = useStudio((s) => s.selectFn);
  const deleteFn = useStudio((s) => s.deleteFn);
  const startEditFn = useStudio((s) => s.startEditFn);
  const deleteApp = useStudio((s) => s.deleteApp);
  const openAppEditor = useStudio((s) => s.openAppEditor);
  const groups = useMemo(() => groupByApp(apps, fns), [apps, fns]);

  return (
    <section className="fn-list" aria-label="Apps and functions">
      <div className="fn-list-head">
        <h2>Functions</h2>
        <button type="button" data-testid="app-new" onClick={() => openAppEditor('new')}>
          New app
        </button>
      </div>
      <AppForm key={appEditor ?? 'closed'} />
      {error && (
        <p className="inline-error" role="alert" data-testid="catalog-error">
          {error}
        </p>
      )}
      {fns.length === 0 && <EmptyState />}
      <ul data-testid="fn-list">
        {groups.map(({ app, appId, fns: groupFns }) => (
          <li key={appId} className="app-group" data-testid="app-item" data-app-id={appId}>
            <div className="app-head">
              <span className="app-name" data-testid="app-item-name">
                {app?.name ?? appId}
              </span>
              {app && (
                <>
                  <button
                    type="button"
                    className="icon-button"
                    data-testid="app-edit"
                    aria-label={`Edit app ${app.name}`}
                    title={`Edit app ${app.name}`}
                    onClick={() => openAppEditor(app.id)}
                  >
                    ✎
                  </button>
                  <ConfirmButton
                    label={`Delete app ${app.name}`}
                    testId="app-delete"
                    question={`Delete ${app.name} and its ${groupFns.length} function(s)?`}
                    onConfirm={() => void deleteApp(app.id)}
                  />
                </>
              )}
            </div>
            <ul>
              {groupFns.map((fn) => (
                <li
                  key={fn.id}
                  className={fn.id === selectedFnId ? 'fn-item selected' : 'fn-item'}
                  data-testid="fn-item"
                  data-fn-id={fn.id}
                  data-editing={fn.id === editingFnId || undefined}
                >
                  <button
                    type="button"
                    className="fn-select"
                    aria-pressed={fn.id === selectedFnId}
                    onClick={() => selectFn(fn.id)}
                  >
                    <span className="fn-name" data-testid="fn-item-name">
                      {fn.name}
                    </span>
                    <span className="fn-meta" data-testid="fn-item-meta">
                      {[fn.format, `${fn.memory} MB`, ...shapingWords(shapingOf(fn.annotations))].join(' · ')}
                    </span>
                    <ImageBadge image={fn.image} />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    data-testid="fn-edit"
                    aria-label={`Edit ${fn.name}`}
                    title={`Edit ${fn.name}`}
                    onClick={() => startEditFn(fn.id)}
                  >
                    ✎
                  </button>
                  <ConfirmButton
                    label={`Delete ${fn.name}`}
                    testId="fn-delete"
                    question={`Delete ${fn.name}?`}
                    onConfirm={() => void deleteFn(fn.id)}
                  />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
