// The host's durable store in the data dir: one SQLite file holding the registry, call history, logs, settings and
// the composer's drafts, history and saved requests.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CallStore } from './call-store';
import { ComposerStore } from './composer-store';
import { RegistryStore } from './registry-store';
import { SettingsStore } from './settings-store';
import { type Database, openDatabase } from './sqlite';

export const DATABASE_FILE = 'fn-studio.db';

/**
 * Removes the SQLite binding's lock (a `<db>.lock` directory it creates for each write and removes after). A host
 * killed in the middle of a write leaves it behind, and every later open would then fail as "database is locked".
 * Call this only while holding the data dir's lock: then no other process can be writing.
 */
export function clearStaleWriteLock(dataDir: string): void {
  rmSync(join(dataDir, `${DATABASE_FILE}.lock`), { recursive: true, force: true });
}

export class Store {
  readonly registry: RegistryStore;
  readonly calls: CallStore;
  readonly settings: SettingsStore;
  readonly composer: ComposerStore;

  private constructor(private readonly db: Database) {
    this.registry = new RegistryStore(db);
    this.calls = new CallStore(db);
    this.settings = new SettingsStore(db);
    this.composer = new ComposerStore(db);
  }

  static open(dataDir: string): Store {
    return new Store(openDatabase(join(dataDir, DATABASE_FILE)));
  }

  close(): void {
    if (!this.db.isOpen) return;
    this.calls.close();
    this.db.close();
  }
}
