// Opens the host's SQLite database: a WebAssembly build of SQLite that reads and writes a real file, so the
// same code runs under plain Node and inside Electron with no native module to rebuild (see README "Store").
import sqlite from 'node-sqlite3-wasm';
import type { Database as SqliteDatabase, Statement } from 'node-sqlite3-wasm';
import { MIGRATIONS } from './migrations';

export type Database = SqliteDatabase;
export type Row = Record<string, number | bigint | string | Uint8Array | null>;

export class StoreError extends Error {}

/** Opens (creating if needed) the database file and brings its schema to the current version. */
export function openDatabase(file: string): Database {
  let db: Database;
  try {
    db = new sqlite.Database(file);
  } catch (err) {
    throw new StoreError(`could not open the database ${file}: ${(err as Error).message}`);
  }
  try {
    // One host owns a data dir (its lock file says so): the database lock is taken once and held, instead of a lock
    // directory made and removed for every transaction. A host that dies leaves it behind; the next one clears it
    // (clearStaleWriteLock) right after taking the data dir's lock. Set before anything reads the file: it is what
    // lets write-ahead logging run without the shared-memory index this binding's file system does not offer (a
    // database already in that mode cannot even be read otherwise).
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    // Before any table exists (a database made earlier keeps its size), and before auto_vacuum, which fixes the size
    // of a new file at the default 4 KiB: a commit writes each changed page to the log with a call of its own through
    // this binding, and a batch of call records (about 1.3 KB each) changes fewer pages when they are larger. 40,000
    // records in batches of 500, 4 -> 16 KiB: 930 -> 212 writes a batch, 20-22 -> 16-19 us of CPU per record.
    db.exec('PRAGMA page_size = 16384');
    // Before any table exists too: lets deleted rows give their pages back to the file system.
    db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    // Write-ahead log: a commit appends to `fn-studio.db-wal` and syncs that one file, where a rollback journal
    // syncs the journal, the database and the journal's header again (measured here: 0.18 against 0.45 ms a
    // commit). A host that dies leaves the log; the next open replays it.
    const mode = (db.get('PRAGMA journal_mode = WAL') as Row).journal_mode;
    if (mode !== 'wal') throw new Error(`its journal cannot be a write-ahead log (SQLite kept "${mode}")`);
    // FULL: a committed state change survives a crash of the host and of the machine (each commit syncs the log).
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    throw new StoreError(`the database ${file} cannot be used: ${(err as Error).message}`);
  }
  return db;
}

export function schemaVersion(db: Database): number {
  return Number((db.get('PRAGMA user_version') as Row).user_version);
}

function migrate(db: Database): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(
      `its schema version ${current} is newer than this Fn Studio understands (${MIGRATIONS.length}); update Fn Studio`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    transaction(db, () => {
      db.exec(MIGRATIONS[v]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    });
  }
}

/** Runs `work` in one transaction: all of it is committed, or none of it. */
export function transaction<T>(db: Database, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Prepared statements kept for the connection's life. The convenience calls prepare and finalize a statement each
 * time, which in this WebAssembly build costs more than running it: the per-call write path uses these instead.
 */
export class StatementCache {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** Before the database closes: a statement left open keeps its memory. */
  finalize(): void {
    for (const stmt of this.cache.values()) stmt.finalize();
    this.cache.clear();
  }
}
