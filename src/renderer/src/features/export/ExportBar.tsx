// Export of the selected calls, or of all calls the filter selects, as NDJSON, JSON, CSV or plain-text logs; says
// when more calls are chosen than one export carries.
import { useState } from 'react';
import type { CallSummaryParams, ExportFormat } from '../../../../shared/api-contract';
import { exportCapNotes } from '../../store/export-cap';
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
  matching,
  tableFull = false,
}: {
  selectedIds: readonly string[];
  filter: CallSummaryParams | null;
  /** How many calls the filter matches in the table. */
  matching: number;
  /** The table holds as many calls as it loads: more may match than it counts. */
  tableFull?: boolean;
}) {
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [busy, setBusy] = useState(false);
  const exportTable = useStudio((s) => s.exportTable);
  const error = useStudio((s) => s.exportError);
  const capNotes = exportCapNotes(filter ? matching : 0, selectedIds.length, tableFull);

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
      {capNotes.length > 0 && (
        <p className="export-cap" role="status" data-testid="export-cap">
          {capNotes.join(' ')}
        </p>
      )}
      {error && (
        <p className="inline-error" data-testid="export-error">
          {error}
        </p>
      )}
    </div>
  );
}
