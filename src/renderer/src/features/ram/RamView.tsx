// RAM: the pool gauge that explains waiting calls, and the memory time series.
import { useStudio } from '../../store/store-context';
import { RamChart } from './RamChart';
import { RamGauge } from './RamGauge';
import { explainWaiting } from './ram-explain';
import { selectContainers, selectLastRamSample } from './ram-selectors';
import './ram.css';

export function RamView() {
  const sample = useStudio(selectLastRamSample);
  const containers = useStudio(selectContainers);
  const waiting = (sample?.waiting ?? 0) > 0;
  return (
    <section className="panel ram-view" aria-labelledby="ram-title" data-testid="ram-view">
      <h2 id="ram-title">Memory</h2>
      <RamGauge />
      <p
        className={`ram-explanation${waiting ? ' ram-explanation-waiting' : ''}`}
        data-testid="ram-explanation"
        role="status"
        aria-live="polite"
      >
        {explainWaiting(sample, containers)}
      </p>
      <RamChart />
    </section>
  );
}
