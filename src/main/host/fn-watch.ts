// One watched function: its folder followed, a rebuild when a change settles, one build at a time (a change during a
// build queues exactly one more), and its state told after every step.
import type { Fn } from '../../shared/models';
import type { WatchBuild, WatchStatus } from '../../shared/watch-status';
import { FolderWatch } from './folder-watch';

export interface FnWatchDeps {
  /** Builds the tag from the folder (output streamed as image events); resolves with the new image ID. */
  build(folder: string, tag: string, signal: AbortSignal): Promise<string | undefined>;
  publish(status: WatchStatus): void;
  settleMs?: number;
}

export class FnWatch {
  private status: WatchStatus;
  private readonly folderWatch: FolderWatch;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    fn: Pick<Fn, 'id' | 'image'>,
    readonly folder: string,
    private readonly d: FnWatchDeps,
  ) {
    this.status = { fn_id: fn.id, folder, image: fn.image, state: 'watching', builds: 0, queued: false };
    this.folderWatch = new FolderWatch(
      folder,
      {
        changed: () => this.rebuild(),
        failed: (err) => this.set({ state: 'unavailable', error: `cannot watch ${folder}: ${err.message}` }),
      },
      d.settleMs,
    );
    // A first build brings the image up to the folder: it may have changed while nothing watched it.
    void this.folderWatch.ready.then(() => this.rebuild());
  }

  get image(): string {
    return this.status.image;
  }

  current(): WatchStatus {
    return { ...this.status };
  }

  /** Resolves once the folder's current files are followed. */
  get ready(): Promise<void> {
    return this.folderWatch.ready;
  }

  /** Builds now, or once the running build ends (however many changes come meanwhile). */
  rebuild(): void {
    if (this.stopped) return;
    if (this.running) {
      if (!this.status.queued) this.set({ queued: true });
      return;
    }
    this.running = this.runBuilds().finally(() => (this.running = undefined));
  }

  private async runBuilds(): Promise<void> {
    do {
      this.set({ state: 'building', queued: false, error: undefined });
      const last = await this.buildOnce();
      if (this.stopped) return;
      this.set({ state: last.ok ? 'watching' : 'failed', builds: this.status.builds + 1, last_build: last });
    } while (this.status.queued && !this.stopped);
  }

  private async buildOnce(): Promise<WatchBuild> {
    const started_at = new Date().toISOString();
    const t = performance.now();
    const took = () => Math.round(performance.now() - t);
    try {
      const image_id = await this.d.build(this.folder, this.status.image, this.abort.signal);
      return { ok: true, started_at, duration_ms: took(), image_id };
    } catch (err) {
      return { ok: false, started_at, duration_ms: took(), error: (err as Error).message };
    }
  }

  private set(patch: Partial<WatchStatus>): void {
    this.status = { ...this.status, ...patch };
    if (!this.stopped) this.d.publish(this.current());
  }

  /** Stops following the folder and abandons a running build (the engine's image stays as it was). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.set({ state: 'off', queued: false });
    this.stopped = true;
    this.abort.abort();
    await this.folderWatch.close();
    await this.running?.catch(() => undefined);
  }
}
