import type { Db } from '../db/open.js';
import type { Credit } from './catalog.types.js';

export type Owner = { itemId: number } | { seriesId: number };
const ownerArgs = (o: Owner): [number | null, number | null] => ('itemId' in o ? [o.itemId, null] : [null, o.seriesId]);

export type CreditsStore = ReturnType<typeof createCreditsStore>;

/** People and genres as their own records, linked to items or series. */
export function createCreditsStore(db: Db) {
  const person = db.prepare(`INSERT INTO people (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`);
  const genre = db.prepare(`INSERT INTO genres (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = genres.name RETURNING id`);
  const clearPeople = db.prepare(`DELETE FROM item_people WHERE item_id IS ? AND series_id IS ?`);
  const clearGenres = db.prepare(`DELETE FROM item_genres WHERE item_id IS ? AND series_id IS ?`);
  const link = db.prepare(`INSERT INTO item_people (item_id, series_id, person_id, role, character, ord) VALUES (?, ?, ?, ?, ?, ?)`);
  const linkGenre = db.prepare(`INSERT INTO item_genres (item_id, series_id, genre_id) VALUES (?, ?, ?)`);
  const creditsOf = db.prepare<[number | null, number | null], { person_id: number; name: string; role: Credit['role']; character: string | null }>(
    `SELECT l.person_id, p.name, l.role, l.character FROM item_people l JOIN people p ON p.id = l.person_id
     WHERE l.item_id IS ? AND l.series_id IS ? ORDER BY CASE l.role WHEN 'director' THEN 0 WHEN 'writer' THEN 1 ELSE 2 END, l.ord, p.name`,
  );
  const genresOf = db.prepare<[number | null, number | null], { name: string }>(
    `SELECT g.name FROM item_genres l JOIN genres g ON g.id = l.genre_id WHERE l.item_id IS ? AND l.series_id IS ? ORDER BY g.name`,
  );
  const orphanPeople = db.prepare(`DELETE FROM people WHERE NOT EXISTS (SELECT 1 FROM item_people l WHERE l.person_id = people.id)`);
  const clearKeywords = db.prepare(`DELETE FROM title_keywords WHERE item_id IS ? AND series_id IS ?`);
  const addKeyword = db.prepare(`INSERT INTO title_keywords (item_id, series_id, keyword) VALUES (?, ?, ?)`);
  const keywordsOf = db.prepare<[number | null, number | null], { keyword: string }>(`SELECT keyword FROM title_keywords WHERE item_id IS ? AND series_id IS ? ORDER BY keyword`);
  const orphanGenres = db.prepare(`DELETE FROM genres WHERE NOT EXISTS (SELECT 1 FROM item_genres l WHERE l.genre_id = genres.id)`);

  return {
    setCredits: db.transaction((owner: Owner, credits: { name: string; role: Credit['role']; character: string | null }[]) => {
      const [itemId, seriesId] = ownerArgs(owner);
      clearPeople.run(itemId, seriesId);
      credits.forEach((c, ord) => {
        const name = c.name.trim();
        if (!name) return;
        const { id } = person.get(name) as { id: number };
        link.run(itemId, seriesId, id, c.role, c.character, ord);
      });
    }) as (owner: Owner, credits: { name: string; role: Credit['role']; character: string | null }[]) => void,
    setGenres: db.transaction((owner: Owner, names: string[]) => {
      const [itemId, seriesId] = ownerArgs(owner);
      clearGenres.run(itemId, seriesId);
      for (const name of new Set(names.map((n) => n.trim()).filter(Boolean))) {
        const { id } = genre.get(name) as { id: number };
        linkGenre.run(itemId, seriesId, id);
      }
    }) as (owner: Owner, names: string[]) => void,
    creditsOf(owner: Owner): Credit[] {
      return creditsOf.all(...ownerArgs(owner)).map((r) => ({ personId: r.person_id, name: r.name, role: r.role, character: r.character }));
    },
    genresOf: (owner: Owner): string[] => genresOf.all(...ownerArgs(owner)).map((r) => r.name),
    /** An NFO's <tag>s, for the recommender's content similarity. */
    setKeywords: db.transaction((owner: Owner, keywords: readonly string[]) => {
      const [itemId, seriesId] = ownerArgs(owner);
      clearKeywords.run(itemId, seriesId);
      const seen = new Set<string>();
      for (const k of keywords.map((w) => w.trim()).filter(Boolean)) {
        if (seen.has(k.toLowerCase())) continue;
        seen.add(k.toLowerCase());
        addKeyword.run(itemId, seriesId, k);
      }
    }) as (owner: Owner, keywords: readonly string[]) => void,
    keywordsOf: (owner: Owner): string[] => keywordsOf.all(...ownerArgs(owner)).map((r) => r.keyword),
    /** Drops people and genres nothing links to any more. */
    prune(): void {
      orphanPeople.run();
      orphanGenres.run();
    },
  };
}
