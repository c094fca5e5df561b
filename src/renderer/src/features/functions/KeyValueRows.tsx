// Key/value rows for config or annotations: add, edit and remove; removing a stored key's row deletes it on save.
import type { ConfigRow } from '../../store/catalog-config-rows';

export type RowKind = 'config' | 'annotation' | 'env';

// What differs between the two kinds is only wording; the test ids keep the kind so both can sit in one form.
const WORDS: Record<RowKind, { legend: string; empty: string; noun: string; key: string; value: string }> = {
  config: {
    legend: 'Config (environment variables)',
    empty: 'No config yet.',
    noun: 'Config',
    key: 'KEY',
    value: 'value',
  },
  annotation: {
    legend: 'Annotations (a value that is JSON is sent as JSON)',
    empty: 'No annotations yet.',
    noun: 'Annotation',
    key: 'example.com/key',
    value: 'text or JSON',
  },
  env: {
    legend: 'Environment in debug mode only',
    empty: 'None: the image starts as it always does.',
    noun: 'Variable',
    key: 'NODE_OPTIONS',
    value: '--inspect=0.0.0.0:9229',
  },
};

interface Props {
  /** Prefix of ids and test ids, e.g. "fn-form" gives fn-form-config-key or fn-form-annotation-key. */
  prefix: string;
  kind?: RowKind;
  rows: ConfigRow[];
  invalid?: boolean;
  onChange(rows: ConfigRow[]): void;
}

export function KeyValueRows({ prefix, kind = 'config', rows, invalid, onChange }: Props) {
  const words = WORDS[kind];
  const id = `${prefix}-${kind}`;
  const update = (index: number, patch: Partial<ConfigRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="config-rows" data-testid={id}>
      <legend>{words.legend}</legend>
      {rows.length === 0 && <p className="field-hint">{words.empty}</p>}
      {rows.map((row, i) => (
        <div className="config-row" key={i}>
          <input
            aria-label={`${words.noun} key ${i + 1}`}
            data-testid={`${id}-key`}
            value={row.key}
            placeholder={words.key}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <input
            aria-label={`${words.noun} value ${i + 1}`}
            data-testid={`${id}-value`}
            value={row.value}
            placeholder={words.value}
            autoComplete="off"
            aria-invalid={(kind === 'annotation' && invalid) || undefined}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            data-testid={`${id}-remove`}
            aria-label={`Remove ${words.noun.toLowerCase()} ${row.key || `row ${i + 1}`}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid={`${id}-add`}
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add {words.noun.toLowerCase()} row
      </button>
    </fieldset>
  );
}
