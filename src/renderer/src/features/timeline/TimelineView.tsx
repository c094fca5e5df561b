// The hot-slot timeline: one lane per container, one bar per call, beside a live container table.
export function TimelineView() {
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
    </section>
  );
}
