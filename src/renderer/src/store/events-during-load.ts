// A list loaded from the host and kept fresh by call events races with those events: the host answers the load as
// of some moment, and an event for a call sent after that moment can reach the page before the answer does. Put
// in wholesale, the answer would then take such a call back to an older state (a finished call shown as still
// running, with no start kind) until its next event, which may never come. So each load notes the calls events
// brought while it was in flight, and for those the event's head wins over the answer's.
import type { CallSummary } from '../../../shared/models';

export class EventsDuringLoad {
  private readonly open = new Set<Set<string>>();

  /** A load starts: the calls events bring from now on are noted for it until `end`. */
  begin(): Set<string> {
    const seen = new Set<string>();
    this.open.add(seen);
    return seen;
  }

  /** An event brought this call. */
  saw(callId: string): void {
    for (const seen of this.open) seen.add(callId);
  }

  /** The load is over (answered, failed, or replaced by a newer one): its calls are no longer noted. */
  end(seen: Set<string>): void {
    this.open.delete(seen);
  }

  /**
   * The load's answer with what events brought meanwhile: a call seen by an event keeps the head `shown` has for
   * it, and a call events brought that the answer lacks (newer than the answer) goes on top.
   */
  merge(seen: ReadonlySet<string>, loaded: CallSummary[], shown: CallSummary[]): CallSummary[] {
    if (seen.size === 0) return loaded;
    const byEvent = new Map<string, CallSummary>();
    for (const c of shown) if (seen.has(c.id)) byEvent.set(c.id, c);
    const merged = loaded.map((c) => {
      const head = byEvent.get(c.id);
      if (!head) return c;
      byEvent.delete(c.id);
      return head;
    });
    return [...byEvent.values()].concat(merged);
  }
}
