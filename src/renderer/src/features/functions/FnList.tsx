// The sidebar's functions, grouped by app: click to select one for the composer, or delete it.
import { useMemo } from 'react';
import type { App, Fn } from '../../../../shared/models';
import { useStudio } from '../../store/store-context';

interface AppGroup {
  app: App | null;
  fns: Fn[];
}

// Functions whose app is not in the list yet (events race the list) still show, under their app id.
function groupByApp(apps: App[], fns: Fn[]): AppGroup[] {
  const groups = new Map<string, AppGroup>();
  for (const app of apps) groups.set(app.id, { app, fns: [] });
  for (const fn of fns) {
    const group = groups.get(fn.app_id) ?? { app: null, fns: [] };
    group.fns.push(fn);
    groups.set(fn.app_id, group);
  }
  return [...groups.values()].filter((g) => g.fns.length > 0);
}

export function FnList() {
  const apps = useStudio((s) => s.apps);
  const fns = useStudio((s) => s.fns);
  const selectedFnId = useStudio((s) => s.selectedFnId);
  const error = useStudio((s) => s.catalogError);
  const selectFn = useStudio((s) => s.selectFn);
  const deleteFn = useStudio((s) => s.deleteFn);
  const groups = useMemo(() => groupByApp(apps, fns), [apps, fns]);

  return (
    <section className="fn-list" aria-label="Functions">
      <h2>Functions</h2>
      {error && (
        <p className="inline-error" role="alert" data-testid="catalog-error">
          {error}
        </p>
      )}
      {groups.length === 0 && <p className="muted">No functions yet: register one above.</p>}
      <ul data-testid="fn-list">
        {groups.map(({ app, fns: groupFns }) => (
          <li key={app?.id ?? groupFns[0]?.app_id} className="app-group">
            <div className="app-name">{app?.name ?? groupFns[0]?.app_id}</div>
            <ul>
              {groupFns.map((fn) => (
                <li
                  key={fn.id}
                  className={fn.id === selectedFnId ? 'fn-item selected' : 'fn-item'}
                  data-testid="fn-item"
                  data-fn-id={fn.id}
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
                    <span className="fn-meta">
                      {fn.format} · {fn.memory} MB
                    </span>
                  </button>
                  <button
                    type="button"
                    className="fn-delete"
                    data-testid="fn-delete"
                    aria-label={`Delete ${fn.name}`}
                    title={`Delete ${fn.name}`}
                    onClick={() => void deleteFn(fn.id)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
