// Migration 9 (#7): what each profile says it likes — a thumb up or down on a title, or a title picked
// when a new profile starts cold (the recommender counts a thumb up as a watch and never proposes a
// title with a thumb down) — and the keywords of titles (NFO <tag>s), for content similarity.
export const MIGRATION_9 = {
  version: 9,
  name: 'title thumbs and keywords',
  sql: `
      CREATE TABLE title_thumbs (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        -- 'movie:12' or 'series:3': a series is liked as a whole
        title_key TEXT NOT NULL CHECK (title_key GLOB 'movie:[0-9]*' OR title_key GLOB 'series:[0-9]*'),
        value INTEGER NOT NULL CHECK (value IN (-1, 1)),
        -- 'thumb': the title page's buttons; 'taste': picked when the profile started
        source TEXT NOT NULL CHECK (source IN ('thumb', 'taste')),
        at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, title_key)
      ) WITHOUT ROWID;

      -- an NFO's <tag>s (Kodi's keywords: "heist", "based on novel"), kept as written
      CREATE TABLE title_keywords (
        item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        keyword TEXT NOT NULL,
        CHECK ((item_id IS NULL) <> (series_id IS NULL))
      );
      CREATE INDEX title_keywords_item ON title_keywords(item_id);
      CREATE INDEX title_keywords_series ON title_keywords(series_id);
  `,
};
