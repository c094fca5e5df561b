// Owns one xterm.js Terminal for a call's log, outside React: React hands it whole line arrays, it writes only what
// is new, follows the page theme, and can search.
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import { followPageTheme } from './follow-page-theme';

const MIN_SCROLLBACK = 10_000;

export interface LogTerminalOptions {
  rows: number;
  cols: number;
  /** Grow the scrollback with the log, so xterm never drops its oldest lines (the calls view's full history). */
  keepWholeLog?: boolean;
}

export class LogTerminal {
  private readonly terminal: Terminal;
  private readonly stopTheme: () => void;
  private readonly search = new SearchAddon();
  private callId: string | null = null;
  private written = 0;

  constructor(
    container: HTMLElement,
    private readonly options: LogTerminalOptions,
  ) {
    this.terminal = new Terminal({
      convertEol: true,
      disableStdin: true,
      cursorInactiveStyle: 'none',
      rows: options.rows,
      cols: options.cols,
      scrollback: MIN_SCROLLBACK,
      fontSize: 12,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    });
    this.terminal.loadAddon(this.search);
    this.terminal.open(container);
    this.stopTheme = followPageTheme(this.terminal);
  }

  /**
   * Shows the log of `callId`. Lines only ever grow for one call (live lines, then the longer stored log), so
   * writing the tail keeps xterm from re-parsing the whole log on every event batch.
   */
  show(callId: string | null, lines: readonly string[]): void {
    if (callId !== this.callId || lines.length < this.written) {
      this.terminal.reset();
      this.callId = callId;
      this.written = 0;
    }
    if (lines.length === this.written) return;
    const needed = lines.length + 100;
    if (this.options.keepWholeLog && needed > (this.terminal.options.scrollback ?? 0))
      this.terminal.options.scrollback = needed;
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
