// Each function's cap on calls running at once (hot and cold): a call past its function's cap waits, in order, until
// one of that function's calls ends.

interface Waiter {
  admit: () => void;
}

interface FnGate {
  running: number;
  /** The cap the newest call came with (a function updated meanwhile has its new cap from then on). */
  max: number | undefined;
  waiters: Waiter[];
}

export class ConcurrencyGate {
  private readonly fns = new Map<string, FnGate>();

  /** The call's way out when it may run at once (see `enter`); undefined when it has to wait. */
  tryEnter(fnId: string, max: number | undefined): (() => void) | undefined {
    const g = this.fns.get(fnId);
    if (g && (g.waiters.length > 0 || (max !== undefined && g.running >= max))) return undefined;
    const gate = g ?? { running: 0, max, waiters: [] };
    this.fns.set(fnId, gate);
    gate.max = max;
    gate.running++;
    return this.leaver(fnId, gate);
  }

  /**
   * Resolves with the call's way out once it may run (at once when the function is under its cap, or has none);
   * `onWait` is told when it has to wait. Rejects with the signal's reason if it aborts first. The way out must be
   * taken when the call ends; taking it more than once does nothing.
   */
  enter(fnId: string, max: number | undefined, signal: AbortSignal, onWait: () => void): Promise<() => void> {
    const g = this.fns.get(fnId) ?? { running: 0, max, waiters: [] };
    this.fns.set(fnId, g);
    g.max = max;
    const leave = this.leaver(fnId, g);
    // A raised or removed cap lets the calls it held back in.
    this.admit(g);
    if (g.waiters.length === 0 && (max === undefined || g.running < max)) {
      g.running++;
      return Promise.resolve(leave);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          signal.removeEventListener('abort', onAbort);
          g.running++;
          resolve(leave);
        },
      };
      const onAbort = () => {
        const i = g.waiters.indexOf(waiter);
        if (i >= 0) g.waiters.splice(i, 1);
        this.forget(fnId, g);
        reject(signal.reason as Error);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      g.waiters.push(waiter);
      onWait();
    });
  }

  /** Calls of the function running now, and waiting at its cap. */
  counts(fnId: string): { running: number; waiting: number } {
    const g = this.fns.get(fnId);
    return { running: g?.running ?? 0, waiting: g?.waiters.length ?? 0 };
  }

  private leaver(fnId: string, g: FnGate): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      g.running--;
      this.admit(g);
      this.forget(fnId, g);
    };
  }

  private admit(g: FnGate): void {
    while (g.waiters.length && (g.max === undefined || g.running < g.max)) g.waiters.shift()?.admit();
  }

  private forget(fnId: string, g: FnGate): void {
    if (g.running === 0 && g.waiters.length === 0 && this.fns.get(fnId) === g) this.fns.delete(fnId);
  }
}
