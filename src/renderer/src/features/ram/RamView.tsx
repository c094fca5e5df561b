// RAM: the pool gauge that explains waiting calls, and the memory time series.
export function RamView() {
  return (
    <section className="panel" aria-labelledby="ram-title">
      <h2 id="ram-title">Memory</h2>
    </section>
  );
}
