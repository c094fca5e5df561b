// Owns one xterm.js Terminal outside React: React hands it whole line arrays, it writes only what is new.
import { Terminal } from '@xterm/xterm';
import { followPageTheme } from '../terminal/follow-page-theme';

export class CallTerminal {
  private readonly terminal: Terminal;
  private readonly stopTheme: () => void;
  private callId: string | null = null;
  private written = 0;

  constructor(container: HTMLElement) {
    this.terminal = new Terminal({
      convertEol: true,
      disableStdin: true,
      cursorInactiveStyle: 'none',
      rows: 14,
      cols: 120,
      scrollback: 10_000,
      fontSize: 12,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    });
    this.terminal.open(container);
    this.stopTheme = followPageTheme(this.terminal);
  }

  /**
   * Shows the log of `callId`. Lines only ever grow for one call (live lines, then the longer stored log),
   * so writing the tail keeps xterm from re-parsing the whole log on every event batch.
   */
  show(callId: string | null, lines: readonly string[]): void {
    if (callId !== this.callId || lines.length < this.written) {
      this.terminal.reset();
      this.callId = callId;
      this.written = 0;
    }
    if (lines.length === this.written) return;
    const fresh = lines.slice(this.written);
    this.written = lines.length;
    this.terminal.write(fresh.map((line) => `${line}\n`).join(''));
  }

  dispose(): void {
    this.stopTheme();
    this.terminal.dispose();
  }
}
