// The pool gauge: used/total as a meter with busy and idle parts; compact for a top bar, full in the Memory view.
import { useStudio } from '../../store/store-context';
import { gaugeModel } from './ram-explain';
import { selectLastRamSample } from './ram-selectors';
import './ram.css';

const pct = (mb: number, total: number): string => `${total > 0 ? Math.min(100, (mb / total) * 100) : 0}%`;

export function RamGauge({ compact = false }: { compact?: boolean }) {
  const model = gaugeModel(useStudio(selectLastRamSample));
  // The compact gauge sits in the top bar on every view, beside the full one in the Memory view: its own test ids.
  const testId = (name: string): string => (compact ? `topbar-${name}` : name);
  if (!model) {
    return (
      <div className={`ram-gauge${compact ? ' ram-gauge-compact' : ''}`} data-testid={testId('ram-gauge')}>
        <span className="ram-muted">Memory: waiting for the first sample…</span>
      </div>
    );
  }
  const label = `Pool memory: ${model.usedMb} of ${model.totalMb} MB used (${model.busyMb} MB busy, ${model.idleMb} MB idle)`;
  return (
    <div
      className={`ram-gauge ram-level-${model.level}${compact ? ' ram-gauge-compact' : ''}`}
      data-testid={testId('ram-gauge')}
    >
      <div
        className="ram-bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={model.totalMb}
        aria-valuenow={model.usedMb}
        aria-valuetext={`${model.usedMb} of ${model.totalMb} MB`}
        title={label}
      >
        <span className="ram-bar-busy" style={{ width: pct(model.busyMb, model.totalMb) }} />
        <span className="ram-bar-idle" style={{ width: pct(model.idleMb, model.totalMb) }} />
      </div>
      <span className="ram-gauge-text" data-testid={testId('ram-gauge-text')}>
        {model.usedMb} / {model.totalMb} MB
        {model.waiting > 0 && (
          <span className="ram-waiting-badge" data-testid={testId('ram-gauge-waiting')}>
            {' '}
            · {model.waiting} waiting
          </span>
        )}
      </span>
    </div>
  );
}
