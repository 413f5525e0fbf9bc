import type { Db } from '../db/open.js';
import type { PlannedRung } from '../../../transcoder/src/index.js';

export interface Rendition {
  itemId: number;
  mediaFileId: number | null;
  /** folder name under transcodes/ */
  dir: string;
  rungs: PlannedRung[];
  createdAt: number;
}

export type RenditionStore = ReturnType<typeof createRenditionStore>;

export function createRenditionStore(db: Db) {
  const get = db.prepare<[number], { item_id: number; media_file_id: number | null; dir: string; rungs_json: string; created_at: number }>(
    `SELECT * FROM renditions WHERE item_id = ?`,
  );
  const save = db.prepare(
    `INSERT INTO renditions (item_id, media_file_id, dir, rungs_json, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET media_file_id = excluded.media_file_id, dir = excluded.dir, rungs_json = excluded.rungs_json, created_at = excluded.created_at`,
  );
  const remove = db.prepare(`DELETE FROM renditions WHERE item_id = ?`);
  return {
    get(itemId: number): Rendition | null {
      const row = get.get(itemId);
      return row ? { itemId: row.item_id, mediaFileId: row.media_file_id, dir: row.dir, rungs: JSON.parse(row.rungs_json) as PlannedRung[], createdAt: row.created_at } : null;
    },
    /** Records a complete rendition; called only after its folder was renamed into place. */
    save: (r: Rendition) => void save.run(r.itemId, r.mediaFileId, r.dir, JSON.stringify(r.rungs), r.createdAt),
    remove: (itemId: number) => void remove.run(itemId),
  };
}
