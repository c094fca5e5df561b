// The bound on a call's wait for a container: its abort signal is made only once the call has to wait. Most hot
// calls find an idle container at once, and for them the controller, its timer and its cancel listener were pure
// cost on every call.
import type { Clock } from './clock';
import type { CancelSignal } from './call-cancel';

export class WaitBound {
  private readonly from: number;
  private ctl?: AbortController;
  private timer?: { cancel(): void };
  private ended = false;
  private readonly onCancel = () => this.ctl?.abort(this.cancelled());

  /**
   * `ms` counts from now, whenever the signal is first asked for. `expired` and `cancelled` make the reasons the
   * signal aborts with: the bound ran out, or `cancel` (the call's own signal) fired while it waited.
   */
  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly cancel: CancelSignal,
    private readonly expired: () => Error,
    private readonly cancelled: () => Error,
  ) {
    this.from = clock.now();
  }

  /** Aborts when the bound runs out or the call is cancelled, whichever is first. */
  get signal(): AbortSignal {
    if (this.ctl) return this.ctl.signal;
    const ctl = (this.ctl = new AbortController());
    if (this.ended) return ctl.signal; // asked for after the wait: it never fires
    if (this.cancel.aborted) {
      ctl.abort(this.cancelled());
      return ctl.signal;
    }
    const left = Math.max(0, this.ms - (this.clock.now() - this.from));
    this.timer = this.clock.setTimeout(() => ctl.abort(this.expired()), left);
    this.cancel.addEventListener('abort', this.onCancel, { once: true });
    return ctl.signal;
  }

  /** The wait is over (the call got its container, or ended): the bound no longer runs. Idempotent. */
  end(): void {
    this.ended = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.cancel.removeEventListener('abort', this.onCancel);
  }
}
