// Recolours an xterm terminal when the page's data-theme changes, so the terminals (kept outside React) follow the
// theme toggle without being re-created and losing their scrollback.
import type { Terminal } from '@xterm/xterm';
import { pageThemeOf, terminalThemeFor } from './terminal-palette';

/** Colours `terminal` for the page's current theme and recolours it on every switch; returns the stop. */
export function followPageTheme(
  terminal: Terminal,
  root: HTMLElement = document.documentElement,
): () => void {
  const apply = () => {
    terminal.options.theme = terminalThemeFor(pageThemeOf(root.dataset.theme));
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
