// Config as key/value rows: add, edit and remove; removing a row of a stored config deletes that key on save.
import type { ConfigRow } from '../../store/catalog-config-rows';

interface Props {
  /** Prefix of ids and test ids, e.g. "fn-form" gives fn-form-config-key. */
  prefix: string;
  rows: ConfigRow[];
  invalid?: boolean;
  onChange(rows: ConfigRow[]): void;
}

export function ConfigRows({ prefix, rows, invalid, onChange }: Props) {
  const update = (index: number, patch: Partial<ConfigRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="config-rows" data-testid={`${prefix}-config`}>
      <legend>Config (environment variables)</legend>
      {rows.length === 0 && <p className="field-hint">No config yet.</p>}
      {rows.map((row, i) => (
        <div className="config-row" key={i}>
          <input
            aria-label={`Config key ${i + 1}`}
            data-testid={`${prefix}-config-key`}
            value={row.key}
            placeholder="KEY"
            autoComplete="off"
            aria-invalid={invalid || undefined}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <input
            aria-label={`Config value ${i + 1}`}
            data-testid={`${prefix}-config-value`}
            value={row.value}
            placeholder="value"
            autoComplete="off"
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            data-testid={`${prefix}-config-remove`}
            aria-label={`Remove config ${row.key || `row ${i + 1}`}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid={`${prefix}-config-add`}
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add config row
      </button>
    </fieldset>
  );
}
