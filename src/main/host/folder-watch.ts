// Follows a function folder for changes that reach its build context and reports them once they settle: .git and
// node_modules are never watched, and changes .dockerignore excludes (build output, logs) are not counted.
import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { contextFilter, contextPath, SKIPPED_FOLDERS } from '../core/build-context';

/** Quiet time after the last change before it counts: an editor's save or a `git checkout` is many events. */
export const SETTLE_MS = 300;

export interface FolderWatchHandlers {
  /** The context files changed since the last report, relative to the folder. */
  changed(files: string[]): void;
  /** The folder can no longer be followed (e.g. the system's limit of watches was reached). */
  failed(err: Error): void;
}

export class FolderWatch {
  private readonly watcher: FSWatcher;
  private inContext: (rel: string) => boolean;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Resolves once the folder's current files are all followed. */
  readonly ready: Promise<void>;

  constructor(
    private readonly folder: string,
    private readonly on: FolderWatchHandlers,
    private readonly settleMs = SETTLE_MS,
  ) {
    this.inContext = contextFilter(folder);
    this.watcher = watch(folder, {
      ignoreInitial: true,
      // Not descended into at all: a package install writes thousands of files there.
      ignored: (path) => SKIPPED_FOLDERS.has(basename(path)),
    });
    this.ready = new Promise((resolve) => this.watcher.once('ready', () => resolve()));
    for (const event of ['add', 'change', 'unlink'] as const)
      this.watcher.on(event, (path: string) => this.seen(path));
    this.watcher.on('error', (err: unknown) => this.on.failed(err as Error));
  }

  private seen(path: string): void {
    const rel = contextPath(this.folder, path);
    // New rules apply to the changes that follow, and the change itself may alter what the build sends.
    if (rel === '.dockerignore') this.inContext = contextFilter(this.folder);
    if (!this.inContext(rel)) return;
    this.pending.add(rel);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report(), this.settleMs);
  }

  private report(): void {
    this.timer = undefined;
    const files = [...this.pending];
    this.pending.clear();
    this.on.changed(files);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher.close();
  }
}
