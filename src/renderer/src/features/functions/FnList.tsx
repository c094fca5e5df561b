// The sidebar's apps and their functions, listed first: select a function for the composer; register, edit or
// delete functions and apps through forms opened on demand.
import { useMemo, useState } from 'react';
import { DebugPanel } from '../debug/DebugPanel';
import { readDebug } from '../../store/debug-form';
import { shapingOf, shapingWords } from '../../../../shared/fn-shaping';
import { useStudio } from '../../store/store-context';
import { groupByApp } from '../../store/catalog-groups';
import { AppForm } from './AppForm';
import { ConfirmButton } from './ConfirmButton';
import { EmptyState } from './EmptyState';
import { FnForm } from './FnForm';
import { ImageBadge } from './ImageBadge';
import { WatchBadge } from './WatchBadge';
import './functions.css';

export function FnList() {
  const apps = useStudio((s) => s.apps);
  const fns = useStudio((s) => s.fns);
  const selectedFnId = useStudio((s) => s.selectedFnId);
  const editingFnId = useStudio((s) => s.editingFnId);
  const appEditor = useStudio((s) => s.appEditor);
  const fnFormOpen = useStudio((s) => s.fnFormOpen);
  const openNewFnForm = useStudio((s) => s.openNewFnForm);
  const error = useStudio((s) => s.catalogError);
  const selectFn = useStudio((s) => s.selectFn);
  const deleteFn = useStudio((s) => s.deleteFn);
  const startEditFn = useStudio((s) => s.startEditFn);
  const deleteApp = useStudio((s) => s.deleteApp);
  const openAppEditor = useStudio((s) => s.openAppEditor);
  const groups = useMemo(() => groupByApp(apps, fns), [apps, fns]);
  const [debugFnId, setDebugFnId] = useState<string | null>(null);

  return (
    <section className="fn-list" aria-label="Apps and functions">
      <div className="fn-list-head">
        <h2>Functions</h2>
        <button
          type="button"
          data-testid="fn-new"
          aria-expanded={fnFormOpen && editingFnId === null}
          onClick={openNewFnForm}
        >
          New function
        </button>
        <button type="button" data-testid="app-new" onClick={() => openAppEditor('new')}>
          New app
        </button>
      </div>
      <AppForm key={appEditor ?? 'closed'} />
      {fnFormOpen && <FnForm key={editingFnId ?? 'new'} />}
      {error && (
        <p className="inline-error" role="alert" data-testid="catalog-error">
          {error}
        </p>
      )}
      {fns.length === 0 && !fnFormOpen && <EmptyState />}
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
                      {[
                        fn.format,
                        `${fn.memory} MB`,
                        ...shapingWords(shapingOf(fn.annotations)),
                        ...(readDebug(fn) ? ['debug'] : []),
                      ].join(' · ')}
                    </span>
                    <ImageBadge image={fn.image} />
                    <WatchBadge fnId={fn.id} />
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
                  <button
                    type="button"
                    className="icon-button debug-toggle"
                    data-testid="fn-debug"
                    aria-label={`Debug mode of ${fn.name}`}
                    aria-expanded={debugFnId === fn.id}
                    title={`Debug mode of ${fn.name}`}
                    onClick={() => setDebugFnId(debugFnId === fn.id ? null : fn.id)}
                  >
                    dbg
                  </button>
                  <ConfirmButton
                    label={`Delete ${fn.name}`}
                    testId="fn-delete"
                    question={`Delete ${fn.name}?`}
                    onConfirm={() => void deleteFn(fn.id)}
                  />
                  {debugFnId === fn.id && <DebugPanel fn={fn} onClose={() => setDebugFnId(null)} />}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
