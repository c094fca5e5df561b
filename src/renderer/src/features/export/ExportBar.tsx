// Export of the selected calls, or of all calls the filter selects, as NDJSON, JSON, CSV or plain-text logs.
import { useState } from 'react';
import type { CallSummaryParams, ExportFormat } from '../../../../shared/api-contract';
import { useStudio } from '../../store/store-context';
import { saveFile } from './save-file';

const FORMATS: readonly [ExportFormat, string][] = [
  ['ndjson', 'NDJSON (calls with logs)'],
  ['json', 'JSON'],
  ['csv', 'CSV (summary)'],
  ['text', 'Plain-text logs'],
];

export function ExportBar({
  selectedIds,
  filter,
}: {
  selectedIds: readonly string[];
  filter: CallSummaryParams | null;
}) {
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [busy, setBusy] = useState(false);
  const exportTable = useStudio((s) => s.exportTable);
  const error = useStudio((s) => s.exportError);

  const run = async (which: 'selected' | 'filtered') => {
    setBusy(true);
    const file = await exportTable(
      which === 'selected' ? { format, ids: [...selectedIds] } : { format, filter: filter ?? {} },
    );
    setBusy(false);
    if (file) saveFile(file);
  };

  return (
    <div className="export-bar" role="group" aria-label="Export calls">
      <label>
        Export as
        <select
          data-testid="export-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
        >
          {FORMATS.map(([f, label]) => (
            <option key={f} value={f}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="export-selected"
        disabled={busy || selectedIds.length === 0}
        onClick={() => void run('selected')}
      >
        Export selected ({selectedIds.length})
      </button>
      <button
        type="button"
        data-testid="export-filtered"
        disabled={busy || !filter}
        onClick={() => void run('filtered')}
      >
        Export filtered
      </button>
      {error && (
        <p className="inline-error" data-testid="export-error">
          {error}
        </p>
      )}
    </div>
  );
}
