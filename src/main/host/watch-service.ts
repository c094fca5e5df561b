// Keeps one FnWatch per function whose annotations say watch: started with the host (the tie is stored with the
// function), started, restarted or stopped as functions change, and all stopped at shutdown.
import type { WatchStatus } from '../../shared/watch-status';
import { FnWatch, type FnWatchDeps } from './fn-watch';
import type { FunctionRegistry } from './function-registry';
import { sourceFolderOf, watchOn } from './watch-annotations';

export class WatchService {
  private readonly watches = new Map<string, FnWatch>();
  private unsubscribe: () => void = () => undefined;
  private closed = false;

  constructor(
    private readonly registry: Pick<FunctionRegistry, 'listFns' | 'onChange'>,
    private readonly d: FnWatchDeps,
  ) {}

  start(): void {
    this.sync();
    this.unsubscribe = this.registry.onChange(() => this.sync());
  }

  list(): WatchStatus[] {
    return [...this.watches.values()].map((w) => w.current());
  }

  /** The watch of a function, while it has one. */
  of(fnId: string): FnWatch | undefined {
    return this.watches.get(fnId);
  }

  /** Builds again every watch whose last build failed: called when the engine answers again after it did not. */
  retryFailed(): void {
    for (const watch of this.watches.values()) if (watch.current().state === 'failed') watch.rebuild();
  }

  /** Matches the watches to the registry: a new tie starts, a changed folder or image restarts, a gone one stops. */
  private sync(): void {
    if (this.closed) return;
    const wanted = new Map<string, { folder: string; image: string }>();
    for (const fn of this.registry.listFns()) {
      const folder = sourceFolderOf(fn);
      if (folder && watchOn(fn)) wanted.set(fn.id, { folder, image: fn.image });
    }
    for (const [fnId, watch] of this.watches) {
      const want = wanted.get(fnId);
      if (want && want.folder === watch.folder && want.image === watch.image) {
        wanted.delete(fnId);
        continue;
      }
      this.watches.delete(fnId);
      void watch.stop();
    }
    for (const [fnId, { folder, image }] of wanted)
      this.watches.set(fnId, new FnWatch({ id: fnId, image }, folder, this.d));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(all.map((w) => w.stop()));
  }
}
