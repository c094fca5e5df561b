// The timing waterfall of one call: queue, memory wait, container wait, launch and exec as consecutive bars that add
// up to the call's duration; it grows while the call waits or runs, and says what the call waited for.
import type { CallRecord } from '../../../../shared/models';
import { waitShort } from '../../../../shared/wait-reasons';
import { WaitExplanation } from '../ram/WaitExplanation';
import { formatMs, isLive, timingsOf, waterfall } from '../../store/call-waterfall';
import { useNow } from '../timeline/use-now';

type Timed = Pick<CallRecord, 'status' | 'created_at' | 'started_at' | 'timings' | 'waiting_for'> & {
  fn_id?: string;
};

export function Waterfall({ call }: { call: Timed }) {
  const live = isLive(call);
  const now = useNow(250, live);
  const { total, phases } = waterfall(timingsOf(call, now));
  const waiting = call.status === 'queued';
  return (
    <section className="panel waterfall" aria-label="Timing waterfall" data-testid="waterfall">
      <h4>
        Timing <span className="muted">({live ? `${formatMs(total)} so far` : formatMs(total)})</span>
      </h4>
      {call.waiting_for && (
        <p className="muted waterfall-reason">
          {waiting ? (
            <WaitExplanation reason={call.waiting_for} testId="waterfall-reason" fnId={call.fn_id} />
          ) : (
            <span data-testid="waterfall-reason" data-reason={call.waiting_for}>
              Waited longest for {waitShort(call.waiting_for)}.
            </span>
          )}
        </p>
      )}
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
