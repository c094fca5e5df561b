// One container's details beside the container table: what it runs, its limits, hardening, mounts, environment
// (secret values masked until revealed) and labels.
import type { ContainerInfo } from '../../../../shared/models';
import {
  envRows,
  type Fact,
  hardeningFacts,
  labelRows,
  limitFacts,
  runFacts,
} from '../../store/container-facts';
import type { StudioState } from '../../store/studio-state';
import { useStudio } from '../../store/store-context';
import { END_REASONS } from '../../store/timeline-ends';
import { shortId } from '../../store/timeline-layout';
import './container-detail.css';

const selectOpen = (s: StudioState) => s.openContainer;
const selectShow = (s: StudioState) => s.showContainer;
const selectClose = (s: StudioState) => s.closeContainer;
const selectContainers = (s: StudioState) => s.containers;
const selectEnded = (s: StudioState) => s.endedContainers;

function FactList({ facts, testId }: { facts: Fact[]; testId: string }) {
  return (
    <dl className="facts cd-facts" data-testid={testId}>
      {facts.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Its state now: from the live snapshots while it runs, else as it ended. */
function stateText(c: ContainerInfo): string {
  if (!c.ended_at) return c.state;
  return c.end_reason ? `ended: ${END_REASONS[c.end_reason].short}` : 'ended';
}

export function ContainerDetailPanel({ fnName }: { fnName: (fnId: string) => string }) {
  const open = useStudio(selectOpen);
  const show = useStudio(selectShow);
  const close = useStudio(selectClose);
  const containers = useStudio(selectContainers);
  const ended = useStudio(selectEnded);
  if (!open) return null;
  const { containerId, reveal, detail, error } = open;
  const now =
    containers.find((c) => c.id === containerId) ?? ended.find((c) => c.id === containerId) ?? detail;
  const env = detail ? envRows(detail) : [];
  const hasSecrets = env.some((r) => r.secret);

  return (
    <section
      className="cd"
      aria-labelledby="container-detail-title"
      data-testid="container-detail"
      data-container-id={containerId}
      data-loaded={detail !== null}
      data-revealed={detail?.revealed ?? false}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <div className="detail-head">
        <h3 id="container-detail-title">
          Container <span className="mono">{shortId(containerId)}</span>
        </h3>
        {hasSecrets && (
          <button
            type="button"
            aria-pressed={reveal}
            data-testid="container-reveal"
            onClick={() => void show(containerId, !reveal)}
          >
            {reveal ? 'Mask secrets' : 'Reveal secrets'}
          </button>
        )}
        <button
          type="button"
          aria-label="Close the container details"
          data-testid="container-detail-close"
          onClick={close}
        >
          Close
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert" data-testid="container-detail-error">
          {error}
        </p>
      )}
      {!detail && !error && <p className="muted">Loading…</p>}
      {detail && now && (
        <>
          <FactList
            testId="container-facts"
            facts={[
              { label: 'Function', value: fnName(now.fn_id) },
              { label: 'Kind', value: now.kind ?? 'hot' },
              { label: 'State', value: stateText(now) },
              ...runFacts(detail),
            ]}
          />
          <h4>Limits</h4>
          <FactList testId="container-limits" facts={limitFacts(detail)} />
          <h4>Hardening</h4>
          <FactList testId="container-hardening" facts={hardeningFacts(detail)} />
          <h4>Mounts</h4>
          {detail.setup.mounts.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <table className="cd-table" data-testid="container-mounts">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Source</th>
                  <th scope="col">Target</th>
                  <th scope="col">Options</th>
                </tr>
              </thead>
              <tbody>
                {detail.setup.mounts.map((m) => (
                  <tr key={m.target}>
                    <td>{m.type}</td>
                    <td className="mono">{m.source ?? '–'}</td>
                    <td className="mono">{m.target}</td>
                    <td className="mono">{m.options ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h4>Environment</h4>
          <table className="cd-table" data-testid="container-env" aria-label="Environment">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {env.map((r) => (
                <tr key={r.name} data-testid="container-env-row" data-name={r.name} data-masked={r.masked}>
                  <td className="mono">
                    {r.name}
                    {r.secret && <span className="cd-secret">secret</span>}
                  </td>
                  <td
                    className="mono cd-value"
                    data-testid="container-env-value"
                    title={r.masked ? 'Masked: Reveal secrets shows the value' : undefined}
                  >
                    {r.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Labels</h4>
          <table className="cd-table" data-testid="container-labels" aria-label="Labels">
            <tbody>
              {labelRows(detail).map(([k, v]) => (
                <tr key={k}>
                  <td className="mono">{k}</td>
                  <td className="mono cd-value">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
