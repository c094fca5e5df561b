// The store's schema, as numbered migrations: index i takes a database from version i to i + 1. Never edit one
// that has shipped; add the next.

export const MIGRATIONS: readonly string[] = [
  // 1: apps, functions, triggers, call records with their logs, queued request bodies, container logs, settings.
  `
  CREATE TABLE apps (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL
  );
  CREATE TABLE fns (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (app_id, name)
  );
  CREATE TABLE triggers (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    fn_id TEXT NOT NULL REFERENCES fns(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (app_id, name),
    UNIQUE (app_id, source)
  );
  -- Calls outlive their functions (history), so no foreign key to fns.
  CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    fn_id TEXT NOT NULL,
    app_id TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX calls_by_fn ON calls (fn_id, id);
  CREATE INDEX calls_by_app ON calls (app_id, id);
  CREATE INDEX calls_by_status ON calls (status, id);
  CREATE INDEX calls_by_created ON calls (created_at);
  CREATE TABLE call_logs (
    call_id TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
    text TEXT NOT NULL
  );
  -- The whole request body of a detached call, kept until the call has run.
  CREATE TABLE queued_bodies (
    call_id TEXT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
    body BLOB NOT NULL
  );
  CREATE TABLE container_logs (
    container_id TEXT PRIMARY KEY,
    fn_id TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX container_logs_by_end ON container_logs (ended_at);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: what the calls table and timeline show, as columns, so 50,000 summaries load without parsing records.
  `
  ALTER TABLE calls ADD COLUMN start_kind TEXT;
  ALTER TABLE calls ADD COLUMN http_status INTEGER;
  ALTER TABLE calls ADD COLUMN container_id TEXT;
  ALTER TABLE calls ADD COLUMN started_at TEXT;
  ALTER TABLE calls ADD COLUMN completed_at TEXT;
  ALTER TABLE calls ADD COLUMN error TEXT;
  UPDATE calls SET
    start_kind = json_extract(doc, '$.start_kind'),
    http_status = json_extract(doc, '$.http_status'),
    container_id = json_extract(doc, '$.container_id'),
    started_at = json_extract(doc, '$.started_at'),
    completed_at = json_extract(doc, '$.completed_at'),
    error = json_extract(doc, '$.error');
  `,
  // 3: why a call failed, as data (error_kind), beside its message.
  `
  ALTER TABLE calls ADD COLUMN error_kind TEXT;
  UPDATE calls SET error_kind = json_extract(doc, '$.error_kind');
  `,
  // 4: what a call waited for (memory, a launch, a busy container, the detached rule), for the table's reason.
  `
  ALTER TABLE calls ADD COLUMN waiting_for TEXT;
  UPDATE calls SET waiting_for = json_extract(doc, '$.waiting_for');
  `,
  // 5: what a call cost its container (memory peak and limit), for the table's Memory column.
  `
  ALTER TABLE calls ADD COLUMN memory_peak_mb REAL;
  ALTER TABLE calls ADD COLUMN memory_limit_mb INTEGER;
  UPDATE calls SET
    memory_peak_mb = json_extract(doc, '$.usage.memory_peak_mb'),
    memory_limit_mb = json_extract(doc, '$.usage.memory_limit_mb');
  `,
  // 6: the composer's drafts, sent requests and saved requests, kept by the host for every window and browser.
  `
  CREATE TABLE composer_history (
    id TEXT PRIMARY KEY,
    fn_id TEXT NOT NULL,
    at TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX composer_history_by_at ON composer_history (at);
  CREATE TABLE composer_saved (
    name TEXT PRIMARY KEY,
    written_at TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE composer_drafts (
    fn_id TEXT PRIMARY KEY,
    written_at TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  `,
];
