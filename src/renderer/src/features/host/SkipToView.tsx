// A skip link to the current view: it moves keyboard focus to the view's first control (or the view itself), past
// the sidebar's form and list, which otherwise lie between the tabs and every view.
import type { MouseEvent } from 'react';
import type { View } from '../../store/view-slice';
import { PANEL_ID, VIEW_LABELS } from './ViewTabs';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The first control a Tab would reach inside `root`, or null. */
export function firstControl(root: HTMLElement): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>(FOCUSABLE)) {
    if (el.getClientRects().length > 0) return el;
  }
  return null;
}

export function SkipToView({ view, testId }: { view: View; testId: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    const panel = document.getElementById(PANEL_ID);
    if (!panel) return;
    e.preventDefault();
    (firstControl(panel) ?? panel).focus();
  };
  return (
    <a className="skip-link" href={`#${PANEL_ID}`} data-testid={testId} onClick={onClick}>
      Skip to {VIEW_LABELS[view]}
    </a>
  );
}
