import type { Db } from '../db/open.js';

/** A stream is asked for every few seconds while it plays: its time is written at most this often. */
export const TOUCH_INTERVAL_MS = 60_000;

export type ServedStore = ReturnType<typeof createServedStore>;

/** When each title's stream was last served: the quota evicts the least recently served first. */
export function createServedStore(db: Db) {
  // a title removed meanwhile is not recorded (its row would break the foreign key)
  const upsert = db.prepare(
    `INSERT INTO served (item_id, last_served_at) SELECT @item, @at WHERE EXISTS (SELECT 1 FROM items WHERE id = @item)
     ON CONFLICT (item_id) DO UPDATE SET last_served_at = MAX(last_served_at, excluded.last_served_at)`,
  );
  const all = db.prepare<[], { item_id: number; last_served_at: number }>(`SELECT item_id, last_served_at FROM served`);
  const one = db.prepare<[number], { last_served_at: number }>(`SELECT last_served_at FROM served WHERE item_id = ?`);
  /** item → when it was last written, so a playing title costs one write a minute */
  const written = new Map<number, number>();
  return {
    /** Records that the title's stream was served at `at` (ms); at most once a minute per title. */
    touch(itemId: number, at: number): void {
      const last = written.get(itemId);
      if (last !== undefined && at - last < TOUCH_INTERVAL_MS && at >= last) return;
      written.set(itemId, at);
      upsert.run({ item: itemId, at });
    },
    /** item id → when it was last served (ms); titles never served are absent. */
    all: (): Map<number, number> => new Map(all.all().map((r) => [r.item_id, r.last_served_at])),
    get: (itemId: number): number | null => one.get(itemId)?.last_served_at ?? null,
  };
}
