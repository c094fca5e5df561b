// Durable call records and their logs. Records of sync calls are batched off the hot path (one transaction per
// ~250 ms, a record whose cost is coming waits for it); state changes of detached calls are committed before the
// caller takes its next step.
import type { CallRecord, CallStatus, CallSummary, StartKind } from '../../../shared/models';
import { type Database, type Row, StatementCache, transaction } from './sqlite';

/** How long sync records wait to share a transaction: each commit costs several fsyncs, so fewer is cheaper per
 *  call; a crash loses at most this much of sync calls' history, or HOLD_MS of records that wait for their cost
 *  (detached calls are committed at once). */
const FLUSH_MS = 250;
const FLUSH_AT = 500;
/**
 * The longest a record whose rest is coming (a call's cost, after the engine's next sample: about a second) is kept
 * out of the batches, so that the record is written once, complete, rather than written and then rewritten.
 */
const HOLD_MS = 3000;
/** Bounds on what waits so: about a second of calls at a thousand a second, and what their bodies hold. */
const HELD_MAX = 4096;
const HELD_MAX_CHARS = 32 * 1024 * 1024;
/**
 * Past this many records kept for the next batches, they are written at once: what the store holds stays bounded when
 * records come faster than a batch a turn. As many as can wait for their cost, so that a sample settling all of those
 * at once still has them written a batch a turn.
 */
const PENDING_MAX = HELD_MAX;
/** How many rows' byte counts are kept for rewrites: more than the calls of the second before a call's cost comes. */
const RECENT_ROWS = 4096;

export interface CallQuery {
  fn_id?: string;
  app_id?: string;
  status?: string;
  start_kind?: StartKind;
  /** created_at bounds, RFC 3339. */
  since?: string;
  until?: string;
  /** Only calls with ids below this one (newest-first paging). */
  before?: string;
  limit: number;
}

interface Pending {
  record: CallRecord;
  log?: string;
}

/** The record fields kept as columns too (migrations 2-5), in column order. */
function headColumns(r: CallRecord): (string | number | null)[] {
  return [
    r.start_kind ?? null,
    r.http_status ?? null,
    r.container_id ?? null,
    r.started_at ?? null,
    r.completed_at ?? null,
    r.error ?? null,
    r.error_kind ?? null,
    r.waiting_for ?? null,
    r.usage?.memory_peak_mb ?? null,
    r.usage?.memory_limit_mb ?? null,
  ];
}

export class CallStore {
  private pending = new Map<string, Pending>();
  /** Records waiting for their rest (see HOLD_MS), oldest first, with when they are written regardless. */
  private readonly held = new Map<string, Pending & { until: number; chars: number }>();
  private heldChars = 0;
  private timer: NodeJS.Timeout | undefined;
  private batchSoon: NodeJS.Immediate | undefined;
  private totalBytes: number;
  private rows: number;
  private sizeCap = Infinity;
  private readonly afterFlush = new Set<() => void>();
  /** After close, late writes (e.g. a log that settles after shutdown) are dropped instead of failing. */
  private closed = false;
  private readonly stmts: StatementCache;
  /**
   * Byte counts (record, log) of the rows written lately: a call's row is written again a second later with what it
   * cost, and with late log lines, and knowing its counts saves two look-ups each time.
   */
  private readonly recent = new Map<string, { doc: number; log: number }>();

  constructor(private readonly db: Database) {
    this.stmts = new StatementCache(db);
    const row = db.get(
      'SELECT (SELECT COALESCE(SUM(bytes), 0) FROM calls) + (SELECT COALESCE(SUM(bytes), 0) FROM container_logs) AS b',
    ) as Row;
    this.totalBytes = Number(row.b);
    this.rows = Number((db.get('SELECT COUNT(*) AS n FROM calls') as Row).n);
  }

  /** Bytes of records, logs and container logs held (what the size cap counts). */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Keeps a record (and its log) soon: batched with others in one transaction. `moreFollows`: true, the rest of the
   * record comes shortly (its cost), so it waits for that, up to HOLD_MS; false, it is complete; left out, as before.
   */
  save(record: CallRecord, log?: string, moreFollows?: boolean): void {
    if (this.closed) return;
    const wasHeld = this.held.get(record.id);
    const prev = this.unwritten(record.id);
    const entry = { record, log: log ?? prev?.log };
    if (moreFollows ?? wasHeld !== undefined) {
      this.pending.delete(record.id);
      const chars =
        (record.request?.body.length ?? 0) + (record.response?.body.length ?? 0) + (entry.log?.length ?? 0);
      this.heldChars += chars - (wasHeld?.chars ?? 0);
      this.held.set(record.id, {
        record,
        log: entry.log,
        until: wasHeld?.until ?? Date.now() + HOLD_MS,
        chars,
      });
      // Past the bounds, the oldest are written without their rest.
      while (this.held.size > HELD_MAX || (this.held.size > 0 && this.heldChars > HELD_MAX_CHARS))
        this.release(1);
    } else {
      this.unhold(record.id);
      this.pending.set(record.id, entry);
    }
    // A full batch goes soon; records waiting for their rest keep waiting.
    if (this.pending.size >= PENDING_MAX) this.flushPending();
    else if (this.pending.size >= FLUSH_AT) this.flushSoon();
    if (this.pending.size + this.held.size > 0) this.timer ??= setTimeout(() => this.flushDue(), FLUSH_MS);
  }

  /** Commits a record now (with anything batched before it) and returns once it is on disk. */
  commit(record: CallRecord, log?: string, work?: () => void): void {
    this.pending.delete(record.id);
    this.unhold(record.id);
    transaction(this.db, () => {
      this.writePending();
      this.write(record, log);
      work?.();
    });
    this.flushed();
  }

  /** Runs after every flush or commit (retention hooks here). */
  onFlushed(listener: () => void): () => void {
    this.afterFlush.add(listener);
    return () => this.afterFlush.delete(listener);
  }

  /** Writes every record kept, held ones too. */
  flush(): void {
    this.release(this.held.size);
    this.flushPending();
  }

  /** The timed batch: records not held, and held ones whose rest is late. */
  private flushDue(): void {
    const now = Date.now();
    let due = 0;
    for (const h of this.held.values()) {
      if (h.until > now) break;
      due++;
    }
    this.release(due);
    this.flushPending();
    if (this.held.size > 0) this.timer ??= setTimeout(() => this.flushDue(), FLUSH_MS);
  }

  /** Moves the `n` oldest held records into the next batch. */
  private release(n: number): void {
    for (const [id, { record, log }] of this.held) {
      if (n-- <= 0) break;
      this.unhold(id);
      this.pending.set(id, { record, log });
    }
  }

  /**
   * Writes full batches a turn of the event loop each, not in the turn that filled them: an engine's sample settles
   * about a second of calls' costs at once, and writing those thousands of records in that one turn held the loop
   * for 40-80 ms, every second, while requests waited. Between batches, waiting requests are served.
   */
  private flushSoon(): void {
    this.batchSoon ??= setImmediate(() => {
      this.batchSoon = undefined;
      if (this.closed || this.pending.size < FLUSH_AT) return;
      transaction(this.db, () => this.writePending(FLUSH_AT));
      this.flushed();
      if (this.pending.size >= FLUSH_AT) this.flushSoon();
    });
  }

  private unhold(id: string): void {
    this.heldChars -= this.held.get(id)?.chars ?? 0;
    this.held.delete(id);
  }

  private flushPending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    transaction(this.db, () => this.writePending());
    this.flushed();
  }

  private flushed(): void {
    for (const l of this.afterFlush) l();
  }

  /** Writes the oldest `limit` records kept for the next batch (all of them by default). */
  private writePending(limit = Infinity): void {
    let n = 0;
    for (const [id, { record, log }] of this.pending) {
      if (n++ === limit) break;
      this.pending.delete(id);
      this.write(record, log);
    }
  }

  private write(r: CallRecord, log: string | undefined): void {
    // The document goes in as its UTF-8 bytes, made by Node, and SQLite keeps them as text (CAST): the binding would
    // otherwise encode the string itself, a character at a time in JavaScript, the store's largest cost per record.
    const doc = Buffer.from(JSON.stringify(r));
    // Most records are new (a sync call's whole life fits in one batch): one statement, no look-up first.
    const logBytes = log === undefined ? 0 : Buffer.byteLength(log);
    const inserted = this.stmts
      .get(
        'INSERT INTO calls (id, fn_id, app_id, type, status, created_at, bytes, doc, start_kind, http_status, container_id, started_at, completed_at, error, error_kind, waiting_for, memory_peak_mb, memory_limit_mb) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
      )
      .run([
        r.id,
        r.fn_id,
        r.app_id,
        r.type,
        r.status,
        r.created_at,
        doc.length + logBytes,
        doc,
        ...headColumns(r),
      ]);
    const isNew = inserted.changes > 0;
    if (isNew) {
      this.rows++;
      this.totalBytes += doc.length + logBytes;
      this.remember(r.id, doc.length, logBytes);
    } else this.update(r, doc, log);
    // After the call's row: the log row refers to it. A new call that wrote nothing has no log row (most calls log
    // nothing: a statement saved per call); a missing row reads as an empty log.
    if (log !== undefined && !(isNew && log === ''))
      this.stmts
        .get(
          'INSERT INTO call_logs (call_id, text) VALUES (?, ?) ON CONFLICT(call_id) DO UPDATE SET text = excluded.text',
        )
        .run([r.id, log]);
  }

  /** A record written before (a detached call's next state, a call's cost or late log lines). */
  private update(r: CallRecord, doc: Buffer, log: string | undefined): void {
    const known = this.recent.get(r.id);
    const oldBytes = known
      ? known.doc + known.log
      : Number((this.stmts.get('SELECT bytes FROM calls WHERE id = ?').get([r.id]) as Row).bytes);
    let logBytes: number;
    if (log !== undefined) logBytes = Buffer.byteLength(log);
    else if (known) logBytes = known.log;
    else {
      const row = this.stmts
        .get('SELECT length(CAST(text AS BLOB)) AS n FROM call_logs WHERE call_id = ?')
        .get([r.id]) as Row | null;
      logBytes = row ? Number(row.n) : 0;
    }
    this.stmts
      .get(
        'UPDATE calls SET status = ?, bytes = ?, doc = CAST(? AS TEXT), start_kind = ?, http_status = ?, container_id = ?, started_at = ?, completed_at = ?, error = ?, error_kind = ?, waiting_for = ?, memory_peak_mb = ?, memory_limit_mb = ? WHERE id = ?',
      )
      .run([r.status, doc.length + logBytes, doc, ...headColumns(r), r.id]);
    this.totalBytes += doc.length + logBytes - oldBytes;
    this.remember(r.id, doc.length, logBytes);
  }

  private remember(id: string, doc: number, log: number): void {
    this.recent.delete(id);
    this.recent.set(id, { doc, log });
    // The oldest written goes first (a Map keeps the order of insertion).
    if (this.recent.size > RECENT_ROWS) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** A record kept and not written yet: waiting for its rest, or in the next batch. */
  private unwritten(id: string): Pending | undefined {
    return this.held.get(id) ?? this.pending.get(id);
  }

  get(id: string): CallRecord | undefined {
    const p = this.unwritten(id);
    if (p) return p.record;
    const row = this.db.get('SELECT doc FROM calls WHERE id = ?', [id]) as Row | null;
    return row ? (JSON.parse(String(row.doc)) as CallRecord) : undefined;
  }

  log(id: string): string | undefined {
    const p = this.unwritten(id);
    if (p?.log !== undefined) return p.log;
    const row = this.db.get('SELECT text FROM call_logs WHERE call_id = ?', [id]) as Row | null;
    return row ? String(row.text) : undefined;
  }

  /** Newest first. */
  list(q: CallQuery): CallRecord[] {
    return this.select('doc', q).map((r) => JSON.parse(String(r.doc)) as CallRecord);
  }

  /** Newest first, heads only (no request, response or log). */
  summaries(q: CallQuery): CallSummary[] {
    const rows = this.select(
      'id, fn_id, app_id, type, status, http_status, error, error_kind, container_id, start_kind, waiting_for, created_at, started_at, completed_at, memory_peak_mb, memory_limit_mb',
      q,
    );
    return rows.map((r) => {
      const s: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (v !== null) s[k] = v;
      return s as unknown as CallSummary;
    });
  }

  private select(columns: string, q: CallQuery): Row[] {
    this.flush();
    const where: string[] = [];
    const args: string[] = [];
    for (const k of ['fn_id', 'app_id', 'status', 'start_kind'] as const) {
      if (q[k]) {
        where.push(`${k} = ?`);
        args.push(q[k] as string);
      }
    }
    for (const [cond, value] of [
      ['id < ?', q.before],
      ['created_at >= ?', q.since],
      ['created_at <= ?', q.until],
    ] as const) {
      if (value) {
        where.push(cond);
        args.push(value);
      }
    }
    const sql = `SELECT ${columns} FROM calls ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ${Math.max(0, Math.floor(q.limit))}`;
    return this.db.all(sql, args) as Row[];
  }

  /** Stored call records (batched ones not yet written are not counted). */
  count(): number {
    return this.rows;
  }

  /** Ids of calls in a state, oldest first (the async queue's recovery). */
  idsWithStatus(type: 'detached' | 'sync', status: CallStatus): string[] {
    return (
      this.db.all('SELECT id FROM calls WHERE type = ? AND status = ? ORDER BY id', [type, status]) as Row[]
    ).map((r) => String(r.id));
  }

  // ---- queued request bodies (detached calls) ----

  putBody(callId: string, body: Buffer): void {
    this.db.run('INSERT OR REPLACE INTO queued_bodies (call_id, body) VALUES (?, ?)', [callId, body]);
  }
  body(callId: string): Buffer | undefined {
    const row = this.db.get('SELECT body FROM queued_bodies WHERE call_id = ?', [callId]) as Row | null;
    return row ? Buffer.from(row.body as Uint8Array) : undefined;
  }
  dropBody(callId: string): void {
    this.db.run('DELETE FROM queued_bodies WHERE call_id = ?', [callId]);
  }

  // ---- container logs (output between calls) ----

  saveContainerLog(containerId: string, fnId: string, text: string): void {
    if (!text) return;
    this.db.run(
      'INSERT OR REPLACE INTO container_logs (container_id, fn_id, ended_at, bytes, text) VALUES (?, ?, ?, ?, ?)',
      [containerId, fnId, new Date().toISOString(), Buffer.byteLength(text), text],
    );
    this.totalBytes += Buffer.byteLength(text);
  }
  containerLog(containerId: string): string | undefined {
    const row = this.db.get('SELECT text FROM container_logs WHERE container_id = ?', [
      containerId,
    ]) as Row | null;
    return row ? String(row.text) : undefined;
  }

  // ---- retention ----

  /** Deletes ended calls oldest first until every cap holds; calls still queued or running are never removed. */
  prune(caps: { maxCalls: number; maxAgeMs: number; maxBytes: number }, now = Date.now()): number {
    // A store past its caps prunes after every batch: records waiting for their cost keep waiting (the next prune
    // counts them), or each would be written twice again.
    this.flushPending();
    const cutoff = new Date(now - caps.maxAgeMs).toISOString();
    this.sizeCap = caps.maxBytes;
    let removed = 0;
    transaction(this.db, () => {
      const ended = "status NOT IN ('queued', 'running')";
      removed += this.deleteWhere(`${ended} AND created_at < ?`, [cutoff]);
      this.dropContainerLogs('ended_at < ?', [cutoff]);
      const over = this.count() - caps.maxCalls;
      if (over > 0)
        removed += this.deleteWhere(
          `id IN (SELECT id FROM calls WHERE ${ended} ORDER BY id LIMIT ${over})`,
          [],
        );
      // Oldest container logs go first, then the oldest ended calls, until the size cap holds.
      if (this.totalBytes > caps.maxBytes)
        this.dropContainerLogs(this.oldestCovering('container_logs', 'container_id', 'ended_at', ''), []);
      if (this.totalBytes > caps.maxBytes)
        removed += this.deleteWhere(this.oldestCovering('calls', 'id', 'id', `WHERE ${ended}`), []);
    });
    if (removed) {
      this.db.exec('PRAGMA incremental_vacuum');
      // The freed pages leave the file only when the write-ahead log is copied back into it; until then the log
      // holds them too. Done here, not at SQLite's next automatic checkpoint, so the disk gets them back now.
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    }
    return removed;
  }

  /** A condition selecting the oldest rows whose bytes together bring the total under the size cap. */
  private oldestCovering(table: string, key: string, order: string, where: string): string {
    const excess = this.totalBytes - this.sizeCap;
    const row = this.db.get(
      `SELECT ${key} AS k FROM (SELECT ${key}, ${order} AS o, SUM(bytes) OVER (ORDER BY ${order}) AS run FROM ${table} ${where}) WHERE run >= ? ORDER BY o LIMIT 1`,
      [excess],
    ) as Row | null;
    const cond = where ? where.replace(/^WHERE /, '') + ' AND ' : '';
    // No single row covers it: all of them go.
    if (!row) return `${cond}1`;
    return `${cond}${order} <= (SELECT ${order} FROM ${table} WHERE ${key} = '${String(row.k).replace(/'/g, "''")}')`;
  }

  private deleteWhere(cond: string, args: string[]): number {
    const n = this.deleteRows('calls', cond, args);
    this.rows -= n;
    return n;
  }

  private dropContainerLogs(cond: string, args: string[]): number {
    return this.deleteRows('container_logs', cond, args);
  }

  /** Deletes the rows a condition selects and takes their bytes off the total; returns how many went. */
  private deleteRows(table: 'calls' | 'container_logs', cond: string, args: string[]): number {
    const row = this.db.get(
      `SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM ${table} WHERE ${cond}`,
      args,
    ) as Row;
    if (Number(row.n) === 0) return 0;
    this.db.run(`DELETE FROM ${table} WHERE ${cond}`, args);
    this.totalBytes -= Number(row.b);
    return Number(row.n);
  }

  close(): void {
    this.flush();
    this.closed = true;
    this.stmts.finalize();
  }
}
