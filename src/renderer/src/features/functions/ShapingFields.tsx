// The function form's shaping fields: a CPU limit, a cap on calls running at once, and containers kept warm.
import type { ShapingField } from '../../../../shared/fn-shaping';
import type { ShapingFormValues } from '../../store/shaping-form';

export function ShapingFields({
  values,
  hotFormat,
  invalid,
  describedBy,
  onChange,
}: {
  values: ShapingFormValues;
  /** Warm containers only exist for hot formats. */
  hotFormat: boolean;
  invalid: (field: ShapingField) => boolean;
  describedBy?: string;
  onChange: (values: ShapingFormValues) => void;
}) {
  const props = (field: ShapingField) => ({
    id: `fn-form-${field}`,
    'data-testid': `fn-form-${field}`,
    value: values[field],
    type: 'number',
    'aria-invalid': invalid(field) || undefined,
    'aria-describedby': invalid(field) ? describedBy : undefined,
    onChange: (e: { target: { value: string } }) => onChange({ ...values, [field]: e.target.value }),
  });
  return (
    <fieldset className="config-rows shaping-fields" data-testid="shaping-fields">
      <legend>Containers</legend>
      <div className="field-row three">
        <div>
          <label htmlFor="fn-form-cpus">CPUs</label>
          <input {...props('cpus')} min={0.01} step={0.1} placeholder="no limit" />
        </div>
        <div>
          <label htmlFor="fn-form-max_concurrency">Max at once</label>
          <input {...props('max_concurrency')} min={1} step={1} placeholder="no cap" />
        </div>
        <div>
          <label htmlFor="fn-form-min_warm">Min warm</label>
          <input
            {...props('min_warm')}
            min={0}
            step={1}
            placeholder="0"
            disabled={!hotFormat && values.min_warm === ''}
          />
        </div>
      </div>
      <p className="field-hint">
        Calls past the cap wait in the queue. Warm containers stay started for sync calls, never reaped when
        idle, and hold their memory in the pool.
      </p>
    </fieldset>
  );
}
