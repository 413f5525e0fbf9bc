// Migration 10 (#7): a thumb goes with its title. title_thumbs names a title by key ('movie:12',
// 'series:3'), so no foreign key removes it with the title; and ids are reused (no AUTOINCREMENT), so a
// thumb left behind would land on the next title given that id. Triggers remove a title's thumbs when the
// title goes (also when its library goes: SQLite runs triggers for rows a foreign key cascade deletes);
// thumbs already orphaned are removed here. Showings of deleted experiments (impressions left without any
// exposure) are removed too: the store now deletes them with their experiment.
export const MIGRATION_10 = {
  version: 10,
  name: 'thumbs go with their title',
  sql: `
      CREATE TRIGGER items_thumbs_gone AFTER DELETE ON items BEGIN
        DELETE FROM title_thumbs WHERE title_key = 'movie:' || OLD.id;
      END;
      CREATE TRIGGER series_thumbs_gone AFTER DELETE ON series BEGIN
        DELETE FROM title_thumbs WHERE title_key = 'series:' || OLD.id;
      END;
      DELETE FROM title_thumbs
        WHERE (title_key GLOB 'movie:*' AND CAST(substr(title_key, 7) AS INTEGER) NOT IN (SELECT id FROM items WHERE kind = 'movie'))
           OR (title_key GLOB 'series:*' AND CAST(substr(title_key, 8) AS INTEGER) NOT IN (SELECT id FROM series));
      DELETE FROM experiment_impressions WHERE id NOT IN (SELECT impression_id FROM experiment_exposures);
  `,
};
