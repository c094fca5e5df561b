// A small table of the host's most recent calls, kept live by `call` events.
import type { CallRecord } from '../../../../shared/models';
import { useMemo } from 'react';
import { fnNamer } from '../../store/fn-names';
import { startKindLabel } from '../../store/start-kind-label';
import { useStudio } from '../../store/store-context';

const SHOWN = 15;

// Wall time of the whole call, queue included: what the caller waited.
function durationMs(call: CallRecord): string {
  if (!call.completed_at) return '…';
  const ms = Date.parse(call.completed_at) - Date.parse(call.created_at);
  return Number.isFinite(ms) ? `${ms} ms` : '—';
}

export function RecentCalls() {
  const calls = useStudio((s) => s.calls);
  const fns = useStudio((s) => s.fns);
  const apps = useStudio((s) => s.apps);
  const error = useStudio((s) => s.callsError);
  const openCall = useStudio((s) => s.openCall);
  const nameOf = useMemo(() => fnNamer(fns, apps), [fns, apps]);

  return (
    <section className="panel recent-calls" aria-label="Recent calls">
      <h3>Recent calls</h3>
      {error && <p className="inline-error">{error}</p>}
      {calls.length === 0 ? (
        <p className="muted">No calls yet.</p>
      ) : (
        <table data-testid="recent-calls">
          <thead>
            <tr>
              <th>Function</th>
              <th>Status</th>
              <th>HTTP</th>
              <th>Duration</th>
              <th>Start</th>
            </tr>
          </thead>
          <tbody>
            {calls.slice(0, SHOWN).map((call) => (
              <tr
                key={call.id}
                data-testid="recent-call"
                data-call-id={call.id}
                title={`Open call ${call.id}`}
                tabIndex={0}
                className="recent-call-row"
                onClick={() => openCall(call.id)}
                onKeyDown={(e) => e.key === 'Enter' && openCall(call.id)}
              >
                <td>{nameOf(call.fn_id)}</td>
                <td className={`call-${call.status}`}>{call.status}</td>
                <td>{call.http_status ?? '—'}</td>
                <td>{durationMs(call)}</td>
                <td>{startKindLabel(call.start_kind)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
