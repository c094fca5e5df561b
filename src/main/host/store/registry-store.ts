// Durable apps, functions and triggers: one row each, the object itself as JSON beside the columns that are
// looked up or kept unique.
import type { App, Fn, Trigger } from '../../../shared/models';
import { type Database, type Row } from './sqlite';

export class RegistryStore {
  constructor(private readonly db: Database) {}

  loadApps(): App[] {
    return (this.db.all('SELECT doc FROM apps') as Row[]).map((r) => JSON.parse(String(r.doc)) as App);
  }
  loadFns(): Fn[] {
    return (this.db.all('SELECT doc FROM fns') as Row[]).map((r) => JSON.parse(String(r.doc)) as Fn);
  }
  loadTriggers(): Trigger[] {
    return (this.db.all('SELECT doc FROM triggers') as Row[]).map(
      (r) => JSON.parse(String(r.doc)) as Trigger,
    );
  }

  putApp(app: App): void {
    this.db.run(
      'INSERT INTO apps (id, name, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, doc = excluded.doc',
      [app.id, app.name, JSON.stringify(app)],
    );
  }
  /** Removes the app; its functions and triggers go with it (foreign keys cascade). */
  deleteApp(id: string): void {
    this.db.run('DELETE FROM apps WHERE id = ?', [id]);
  }

  putFn(fn: Fn): void {
    this.db.run(
      'INSERT INTO fns (id, app_id, name, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, doc = excluded.doc',
      [fn.id, fn.app_id, fn.name, JSON.stringify(fn)],
    );
  }
  deleteFn(id: string): void {
    this.db.run('DELETE FROM fns WHERE id = ?', [id]);
  }

  putTrigger(t: Trigger): void {
    this.db.run(
      'INSERT INTO triggers (id, app_id, fn_id, name, source, doc) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, doc = excluded.doc',
      [t.id, t.app_id, t.fn_id, t.name, t.source, JSON.stringify(t)],
    );
  }
  deleteTrigger(id: string): void {
    this.db.run('DELETE FROM triggers WHERE id = ?', [id]);
  }
}
