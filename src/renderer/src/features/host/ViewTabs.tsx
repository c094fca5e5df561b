// The view tabs as a WAI-ARIA tablist: one tab stop (roving tabindex), arrows/Home/End move and select.
import { useRef, type KeyboardEvent } from 'react';
import { VIEWS, type View } from '../../store/view-slice';
import { nextTabIndex } from './tab-keys';

export const VIEW_LABELS: Record<View, string> = {
  composer: 'Composer',
  timeline: 'Timeline',
  calls: 'Calls',
  ram: 'Memory',
  settings: 'Settings',
};

export const tabId = (v: View) => `tab-${v}`;
/** The tab panel: the skip links' target. */
export const PANEL_ID = 'view-panel';

export function ViewTabs({ view, onSelect }: { view: View; onSelect(v: View): void }) {
  const refs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = nextTabIndex(e.key, VIEWS.indexOf(view), VIEWS.length);
    if (next === null) return;
    e.preventDefault();
    const v = VIEWS[next];
    onSelect(v);
    refs.current[v]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {VIEWS.map((v) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[v] = el;
          }}
          id={tabId(v)}
          type="button"
          role="tab"
          className="tab"
          aria-selected={view === v}
          aria-controls={PANEL_ID}
          tabIndex={view === v ? 0 : -1}
          data-testid={`tab-${v}`}
          onClick={() => onSelect(v)}
        >
          {VIEW_LABELS[v]}
        </button>
      ))}
    </div>
  );
}
