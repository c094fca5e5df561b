// A call's log: output split into lines, capped in bytes with a single truncation marker, observable line by line.

export const DEFAULT_LOG_CAP_BYTES = 1024 * 1024;
export const TRUNCATION_MARKER = '[log truncated: the call wrote more than the log limit]';

export class CallLog {
  private readonly lines: string[] = [];
  private partial = '';
  private bytes = 0;
  private truncated = false;
  private readonly listeners = new Set<(line: string) => void>();

  constructor(private readonly capBytes = DEFAULT_LOG_CAP_BYTES) {}

  /** Appends raw output; complete lines are kept and announced, a trailing fragment waits for its newline. */
  write(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    // A fragment that never ends must not grow without bound.
    if (this.partial.length > this.capBytes) {
      this.push(this.partial);
      this.partial = '';
    }
  }

  /** Flushes a trailing fragment; call when the writer is detached from this call. */
  end(): void {
    if (this.partial) this.push(this.partial);
    this.partial = '';
  }

  onLine(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  text(): string {
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }

  allLines(): readonly string[] {
    return this.lines;
  }

  private push(line: string): void {
    if (this.truncated) return;
    const size = Buffer.byteLength(line) + 1;
    if (this.bytes + size > this.capBytes) {
      this.truncated = true;
      this.emit(TRUNCATION_MARKER);
      return;
    }
    this.bytes += size;
    this.emit(line);
  }

  private emit(line: string): void {
    this.lines.push(line);
    for (const l of this.listeners) l(line);
  }
}
