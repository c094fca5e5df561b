// The image field: checked on blur or with Check; a missing image offers Pull (with progress) or Build from folder.
import { useState } from 'react';
import { useStudio } from '../../store/store-context';
import { BuildPanel } from './BuildPanel';

interface Props {
  value: string;
  invalid: boolean;
  describedBy?: string;
  onChange(value: string): void;
}

const STATE_TEXT = {
  checking: 'Checking…',
  present: 'Present on this machine.',
  missing: 'Not here yet:',
  pulling: 'Pulling…',
  building: 'Building…',
  failed: 'Failed.',
} as const;

export function ImageField({ value, invalid, describedBy, onChange }: Props) {
  const image = value.trim();
  const check = useStudio((s) => s.imageChecks[image]);
  const progress = useStudio((s) => s.images[image]);
  const checkImage = useStudio((s) => s.checkImage);
  const pullImage = useStudio((s) => s.pullImage);
  const [building, setBuilding] = useState(false);
  const pull = progress?.kind === 'pull' ? progress : undefined;

  return (
    <div className="image-field">
      <label htmlFor="fn-form-image">Image</label>
      <div className="input-with-button">
        <input
          id="fn-form-image"
          data-testid="fn-form-image"
          value={value}
          autoComplete="off"
          placeholder="fnproject/hello:latest"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
          onBlur={() => void checkImage(image)}
        />
        <button
          type="button"
          data-testid="fn-image-check"
          disabled={!image}
          onClick={() => void checkImage(image)}
        >
          Check
        </button>
      </div>
      {/* Always there, one line high: a check on blur must not move the buttons below while they are clicked. */}
      <div className="image-status">
        {check && (
          <span
            className={`image-state ${check.state}`}
            role="status"
            data-testid="fn-image-state"
            data-state={check.state}
          >
            {check.state === 'failed' ? check.error : STATE_TEXT[check.state]}
          </span>
        )}
        {(check?.state === 'missing' || check?.state === 'failed') && (
          <>
            <button
              type="button"
              className="small"
              data-testid="fn-image-pull"
              onClick={() => void pullImage(image)}
            >
              Pull
            </button>
            <button
              type="button"
              className="small"
              data-testid="fn-image-build"
              onClick={() => setBuilding(true)}
            >
              Build from folder
            </button>
          </>
        )}
      </div>
      {check?.state === 'pulling' && pull && (
        <p className="field-hint" data-testid="fn-image-pull-progress">
          {pull.status}
          {pull.progress && (
            <progress
              value={pull.progress.current}
              max={pull.progress.total}
              aria-label={`Pulling ${image}`}
            />
          )}
        </p>
      )}
      {building && <BuildPanel initialTag={image} onClose={() => setBuilding(false)} />}
    </div>
  );
}
