// The virtualized calls table: only the rows in view are in the DOM, so 50,000 rows scroll and filter smoothly.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { CallSummary } from '../../../../shared/models';
import { callDuration } from '../../store/call-filter';
import { callReason } from '../../store/call-reason';
import { startKindLabel } from '../../store/start-kind-label';
import { memoryCell } from '../../../../shared/usage-words';

const ROW_HEIGHT = 30;

export function CallTable({
  rows,
  complete,
  selected,
  openId,
  nameOf,
  onToggle,
  onOpen,
}: {
  rows: readonly CallSummary[];
  /** False while older pages are still loading (the rows shown are the newest calls). */
  complete: boolean;
  selected: ReadonlySet<string>;
  openId: string | null;
  nameOf: (fnId: string) => string;
  onToggle: (id: string, shift: boolean) => void;
  onOpen: (id: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are used only in this render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div
      className="call-table"
      role="table"
      aria-label="Calls"
      aria-rowcount={rows.length}
      data-testid="call-table"
      data-row-count={rows.length}
      data-complete={complete}
      aria-busy={!complete}
    >
      <div className="call-row call-head" role="row">
        <span role="columnheader" className="col-check" aria-label="Selected" />
        <span role="columnheader">Created</span>
        <span role="columnheader">Function</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">HTTP</span>
        <span role="columnheader">Reason</span>
        <span role="columnheader">Start</span>
        <span role="columnheader">Duration</span>
        <span role="columnheader" title="The container's memory peak over the call, of its limit">
          Memory
        </span>
        <span role="columnheader">Call id</span>
      </div>
      <div className="call-table-scroll" ref={scrollRef} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const c = rows[item.index];
            const reason = callReason(c);
            return (
              <div
                key={c.id}
                role="row"
                tabIndex={0}
                aria-rowindex={item.index + 2}
                aria-selected={selected.has(c.id)}
                className={`call-row${openId === c.id ? ' open' : ''}`}
                data-testid="call-row"
                data-call-id={c.id}
                data-status={c.status}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
                onClick={() => onOpen(c.id)}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget) return;
                  if (e.key === 'Enter') onOpen(c.id);
                  if (e.key === ' ') {
                    e.preventDefault();
                    onToggle(c.id, e.shiftKey);
                  }
                }}
              >
                <span role="cell" className="col-check">
                  <input
                    type="checkbox"
                    aria-label={`Select call ${c.id}`}
                    data-testid="call-row-check"
                    checked={selected.has(c.id)}
                    onClick={(e) => {
                      e.stopPropagation();
                      onToggle(c.id, e.shiftKey);
                    }}
                    readOnly
                  />
                </span>
                <span role="cell">{new Date(c.created_at).toLocaleTimeString()}</span>
                <span role="cell">{nameOf(c.fn_id)}</span>
                <span role="cell" className={`call-${c.status}`}>
                  {c.status}
                </span>
                <span role="cell">{c.http_status ?? '—'}</span>
                <span role="cell" data-testid="call-row-reason" title={reason?.detail ?? reason?.text}>
                  {reason?.text ?? ''}
                </span>
                <span role="cell">{startKindLabel(c.start_kind)}</span>
                <span role="cell">{callDuration(c)}</span>
                <span role="cell" data-testid="call-row-memory">
                  {memoryCell(c.memory_peak_mb, c.memory_limit_mb)}
                </span>
                <span role="cell" className="mono" title={c.id}>
                  {c.id}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
