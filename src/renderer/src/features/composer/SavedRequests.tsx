// Named requests: save the current draft, open one back into the composer, delete it.
import { useState } from 'react';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';

const selectSaved = (s: StudioState) => s.saved;
const selectSave = (s: StudioState) => s.saveRequest;
const selectOpen = (s: StudioState) => s.openSaved;
const selectDelete = (s: StudioState) => s.deleteSaved;

export function SavedRequests() {
  const saved = useStudio(selectSaved);
  const save = useStudio(selectSave);
  const open = useStudio(selectOpen);
  const remove = useStudio(selectDelete);
  const [name, setName] = useState('');
  const submit = () => {
    if (name.trim() === '') return;
    save(name);
    setName('');
  };
  return (
    <div className="saved-requests">
      <h4>Saved requests</h4>
      <div className="composer-line">
        <input
          aria-label="Name for the saved request"
          data-testid="save-name"
          value={name}
          placeholder="Name"
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) submit();
          }}
        />
        <button type="button" data-testid="save-request" disabled={name.trim() === ''} onClick={submit}>
          Save
        </button>
      </div>
      <ul data-testid="saved-list">
        {saved.map((s) => (
          <li key={s.name} data-testid="saved-item">
            <button type="button" aria-label={`Open saved request ${s.name}`} onClick={() => open(s.name)}>
              {s.name}
            </button>{' '}
            <button
              type="button"
              aria-label={`Delete saved request ${s.name}`}
              onClick={() => remove(s.name)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
