// Saved settings: one row per key, the value as JSON. Only what the user saved is here; defaults live in code.
import { type Database, type Row, transaction } from './sqlite';

export class SettingsStore {
  constructor(private readonly db: Database) {}

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of this.db.all('SELECT key, value FROM settings') as Row[]) {
      try {
        out[String(r.key)] = JSON.parse(String(r.value));
      } catch {
        // A value that no longer parses is treated as unsaved rather than stopping the host.
      }
    }
    return out;
  }

  /** Saves the given keys; `null` removes a saved value (the default or environment applies again). */
  save(values: Record<string, unknown>): void {
    transaction(this.db, () => {
      for (const [key, value] of Object.entries(values)) {
        if (value === null) this.db.run('DELETE FROM settings WHERE key = ?', [key]);
        else
          this.db.run(
            'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
            [key, JSON.stringify(value)],
          );
      }
    });
  }
}
