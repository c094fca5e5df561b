// The composer's target: the function's invoke endpoint or one of its HTTP triggers; and adding or deleting a trigger.
import { useState } from 'react';
import type { Fn } from '../../../../shared/models';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import {
  CUSTOM_TARGET,
  INVOKE_TARGET,
  targetOf,
  targetOptions,
  triggerPath,
} from '../../store/trigger-target';

const selectApps = (s: StudioState) => s.apps;
const selectTriggers = (s: StudioState) => s.triggers;
const selectTriggerError = (s: StudioState) => s.triggerError;
const selectTriggerBusy = (s: StudioState) => s.triggerBusy;
const selectAddTrigger = (s: StudioState) => s.addTrigger;
const selectDeleteTrigger = (s: StudioState) => s.deleteTrigger;

interface Props {
  fn: Fn;
  path: string;
  onPath(path: string): void;
}

export function TriggerTarget({ fn, path, onPath }: Props) {
  const apps = useStudio(selectApps);
  const triggers = useStudio(selectTriggers);
  const error = useStudio(selectTriggerError);
  const busy = useStudio(selectTriggerBusy);
  const addTrigger = useStudio(selectAddTrigger);
  const deleteTrigger = useStudio(selectDeleteTrigger);
  const [name, setName] = useState('');
  const [source, setSource] = useState('/');
  const options = targetOptions(fn, apps, triggers);
  const current = targetOf(path, options);
  const appName = apps.find((a) => a.id === fn.app_id)?.name ?? '';

  const add = async () => {
    const created = await addTrigger(fn.id, name, source);
    if (!created) return;
    // Aim the composer at the new trigger: that is why one adds a trigger here.
    onPath(triggerPath(appName, created));
    setName('');
    setSource('/');
  };

  return (
    <div className="composer-line trigger-target">
      <label>
        Target{' '}
        <select
          data-testid="composer-target"
          value={current}
          onChange={(e) => {
            const option = options.find((o) => o.value === e.target.value);
            if (option) onPath(option.path);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {current === CUSTOM_TARGET && <option value={CUSTOM_TARGET}>Custom path</option>}
        </select>
      </label>
      {current !== INVOKE_TARGET && current !== CUSTOM_TARGET && (
        <button
          type="button"
          data-testid="trigger-delete"
          disabled={busy}
          onClick={() => {
            onPath(options[0].path);
            void deleteTrigger(current);
          }}
        >
          Delete trigger
        </button>
      )}
      <details className="trigger-add">
        <summary>Add a trigger</summary>
        <input
          aria-label="Trigger name"
          data-testid="trigger-name"
          placeholder="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <span className="muted">/t/{appName}</span>
        <input
          aria-label="Trigger path"
          data-testid="trigger-source"
          placeholder="/path"
          value={source}
          onChange={(e) => setSource(e.target.value)}
        />
        <button type="button" data-testid="trigger-add" disabled={busy} onClick={() => void add()}>
          Add
        </button>
      </details>
      {error && (
        <p className="inline-error" role="alert" data-testid="trigger-error">
          {error}
        </p>
      )}
    </div>
  );
}
