// The request headers as editable key/value rows.
import type { HeaderRow } from '../../store/composer-draft';

interface Props {
  rows: HeaderRow[];
  onChange(rows: HeaderRow[]): void;
}

export function HeaderRows({ rows, onChange }: Props) {
  const edit = (i: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="header-rows" data-testid="composer-headers">
      <legend>Headers</legend>
      {rows.map((row, i) => (
        <div className="header-row" key={i}>
          <input
            aria-label={`Header ${i + 1} name`}
            data-testid="header-key"
            value={row.key}
            placeholder="Name"
            onChange={(e) => edit(i, { key: e.target.value })}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            data-testid="header-value"
            value={row.value}
            placeholder="Value"
            onChange={(e) => edit(i, { value: e.target.value })}
          />
          <button
            type="button"
            aria-label={`Remove header ${row.key || i + 1}`}
            onClick={() => onChange(rows.filter((_, k) => k !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="header-add"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add header
      </button>
    </fieldset>
  );
}
