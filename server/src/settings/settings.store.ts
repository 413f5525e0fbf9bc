import type { Db } from '../db/open.js';

export type SettingsStore = ReturnType<typeof createSettingsStore>;

/** The `settings` key/value table: raw strings in and out; each caller parses its own values. */
export function createSettingsStore(db: Db) {
  const get = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
  const set = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const remove = db.prepare(`DELETE FROM settings WHERE key = ?`);
  return {
    get: (key: string): string | null => get.get(key)?.value ?? null,
    /** Writes several keys at once: all of them or none. */
    setMany: db.transaction((entries: readonly (readonly [string, string])[]) => {
      for (const [key, value] of entries) set.run(key, value);
    }) as (entries: readonly (readonly [string, string])[]) => void,
    /** Deletes the keys, so their readers fall back to their defaults. */
    removeMany: db.transaction((keys: readonly string[]) => {
      for (const key of keys) remove.run(key);
    }) as (keys: readonly string[]) => void,
  };
}
