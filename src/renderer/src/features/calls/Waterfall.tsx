// The timing waterfall of one call: queue, memory wait, container wait, launch and exec as consecutive bars.
import type { CallTimings } from '../../../../shared/models';
import { formatMs, waterfall } from '../../store/call-waterfall';

export function Waterfall({ timings }: { timings: CallTimings }) {
  const { total, phases } = waterfall(timings);
  return (
    <section className="panel waterfall" aria-label="Timing waterfall" data-testid="waterfall">
      <h4>
        Timing <span className="muted">({formatMs(total)})</span>
      </h4>
      {phases.map((p) => (
        <div key={p.key} className="waterfall-row" data-testid={`waterfall-${p.key}`} data-ms={p.ms}>
          <span className="waterfall-label">{p.label}</span>
          <span className="waterfall-track">
            <span
              className={`waterfall-bar phase-${p.key}`}
              style={{ left: `${p.left}%`, width: `${Math.max(p.width, p.ms > 0 ? 0.5 : 0)}%` }}
            />
          </span>
          <span className="waterfall-ms">{formatMs(p.ms)}</span>
        </div>
      ))}
    </section>
  );
}
