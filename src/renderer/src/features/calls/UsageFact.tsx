// The call detail's "Used" fact: what the call cost its container (memory peak of its limit, CPU time) and what the
// figures cover, or why there are none.
import type { CallRecord } from '../../../../shared/models';
import { NO_USAGE_TEXT, usageHeadline, usageNotes } from '../../../../shared/usage-words';

const PRECISION =
  'From the engine’s cgroup figures, which it samples about once a second: they span from its last sample before ' +
  'the call to its first after the reply.';

export function UsageFact({ call }: { call: CallRecord }) {
  if (!call.container_id || call.status === 'queued' || call.status === 'running') return null;
  const u = call.usage;
  const notes = u ? usageNotes(u) : [];
  return (
    <div>
      <dt>Used</dt>
      <dd
        data-testid="detail-usage"
        data-state={u ? 'measured' : u === null ? 'none' : 'pending'}
        title={u ? PRECISION : undefined}
      >
        {u ? usageHeadline(u) : u === null ? NO_USAGE_TEXT : '—'}
        {notes.length > 0 && <span className="usage-notes"> ({notes.join('; ')})</span>}
      </dd>
    </div>
  );
}
