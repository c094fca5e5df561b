// Owns the detail view's xterm.js Terminal outside React, with search; scrollback grows to hold the whole log.
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import { followPageTheme } from '../terminal/follow-page-theme';

const MIN_SCROLLBACK = 10_000;

export class DetailTerminal {
  private readonly terminal: Terminal;
  private readonly stopTheme: () => void;
  private readonly search = new SearchAddon();
  private callId: string | null = null;
  private written = 0;

  constructor(container: HTMLElement) {
    this.terminal = new Terminal({
      convertEol: true,
      disableStdin: true,
      cursorInactiveStyle: 'none',
      rows: 16,
      cols: 110,
      scrollback: MIN_SCROLLBACK,
      fontSize: 12,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    });
    this.terminal.loadAddon(this.search);
    this.terminal.open(container);
    this.stopTheme = followPageTheme(this.terminal);
  }

  /** Shows the lines of `callId`, writing only the new tail when the same call's log grew. */
  show(callId: string | null, lines: readonly string[]): void {
    if (callId !== this.callId || lines.length < this.written) {
      this.terminal.reset();
      this.callId = callId;
      this.written = 0;
    }
    if (lines.length === this.written) return;
    // The full history is the point of this view: never let xterm drop the oldest lines.
    const needed = lines.length + 100;
    if (needed > (this.terminal.options.scrollback ?? 0)) this.terminal.options.scrollback = needed;
    const fresh = lines.slice(this.written);
    this.written = lines.length;
    this.terminal.write(fresh.map((line) => `${line}\n`).join(''));
  }

  find(term: string, backwards = false): boolean {
    if (!term) {
      this.search.clearDecorations();
      return false;
    }
    return backwards ? this.search.findPrevious(term) : this.search.findNext(term);
  }

  dispose(): void {
    this.stopTheme();
    this.terminal.dispose();
  }
}
