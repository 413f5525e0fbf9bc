// Migration 6: the search index (#6). Kept in its own file while it is being written; it joins
// MIGRATIONS in migrations.ts like every other one.
//
// One row of search_text per searchable name: a movie's or episode's title, its original title, a
// series' title, a person's name, a genre's name. Its id says which: the source row's id times 8 plus
// the slot (1 title of an item, 2 original title of an item, 3 series, 4 person, 5 genre), so a change
// deletes by primary key, and the first names in id order mix every kind.
// Triggers on the catalogue tables keep it in step; two FTS5 indexes read from it:
// - search_words (unicode61, accents folded): whole words and word prefixes ("the offi", "amelie");
//   its vocabulary (search_vocab) is what typos are corrected against ("strnger" → "stranger");
// - search_trigram (trigram, accents folded): any substring of 3 characters or more ("ranger").
// Neither keeps column sizes: results are ranked by Seed's own scoring, never bm25.
export const MIGRATION_6 = {
  version: 6,
  name: 'search index',
  sql: `
    CREATE TABLE search_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
    -- bumped by every change of search_text: the typo vocabulary held in memory is rebuilt when it moved
    CREATE TABLE search_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
    INSERT INTO search_state (id, generation) VALUES (1, 0);

    INSERT INTO search_text (id, text)
      SELECT id * 8 + 1, title FROM items WHERE kind IN ('movie', 'episode');
    INSERT INTO search_text (id, text)
      SELECT id * 8 + 2, original_title FROM items
      WHERE kind IN ('movie', 'episode') AND original_title IS NOT NULL AND original_title <> '' AND lower(original_title) <> lower(title);
    INSERT INTO search_text (id, text) SELECT id * 8 + 3, title FROM series;
    INSERT INTO search_text (id, text) SELECT id * 8 + 4, name FROM people;
    INSERT INTO search_text (id, text) SELECT id * 8 + 5, name FROM genres;

    CREATE VIRTUAL TABLE search_words USING fts5(
      text, content='search_text', content_rowid='id', columnsize=0,
      tokenize='unicode61 remove_diacritics 2',
      -- one- and two-letter prefixes (the first keystrokes) read a prefix index, not every term
      prefix='1 2'
    );
    CREATE VIRTUAL TABLE search_trigram USING fts5(
      text, content='search_text', content_rowid='id', columnsize=0,
      tokenize='trigram remove_diacritics 1'
    );
    CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_words, 'row');
    -- an upgraded database is searchable at once
    INSERT INTO search_words (search_words) VALUES ('rebuild');
    INSERT INTO search_trigram (search_trigram) VALUES ('rebuild');

    CREATE TRIGGER search_text_insert AFTER INSERT ON search_text BEGIN
      INSERT INTO search_words (rowid, text) VALUES (new.id, new.text);
      INSERT INTO search_trigram (rowid, text) VALUES (new.id, new.text);
      UPDATE search_state SET generation = generation + 1;
    END;
    CREATE TRIGGER search_text_delete AFTER DELETE ON search_text BEGIN
      INSERT INTO search_words (search_words, rowid, text) VALUES ('delete', old.id, old.text);
      INSERT INTO search_trigram (search_trigram, rowid, text) VALUES ('delete', old.id, old.text);
      UPDATE search_state SET generation = generation + 1;
    END;

    -- movies and episodes (extras are found through their title); the original title when it says more
    CREATE TRIGGER search_items_insert AFTER INSERT ON items WHEN new.kind IN ('movie', 'episode') BEGIN
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 1, new.title);
      INSERT INTO search_text (id, text) SELECT new.id * 8 + 2, new.original_title
        WHERE new.original_title IS NOT NULL AND new.original_title <> '' AND lower(new.original_title) <> lower(new.title);
    END;
    -- the enricher writes every title's metadata again on each scan: only a real change reindexes
    CREATE TRIGGER search_items_update AFTER UPDATE OF kind, title, original_title ON items
      WHEN old.kind IS NOT new.kind OR old.title IS NOT new.title OR old.original_title IS NOT new.original_title BEGIN
      DELETE FROM search_text WHERE id IN (old.id * 8 + 1, old.id * 8 + 2);
      INSERT INTO search_text (id, text) SELECT new.id * 8 + 1, new.title WHERE new.kind IN ('movie', 'episode');
      INSERT INTO search_text (id, text) SELECT new.id * 8 + 2, new.original_title
        WHERE new.kind IN ('movie', 'episode') AND new.original_title IS NOT NULL AND new.original_title <> '' AND lower(new.original_title) <> lower(new.title);
    END;
    CREATE TRIGGER search_items_delete AFTER DELETE ON items BEGIN
      DELETE FROM search_text WHERE id IN (old.id * 8 + 1, old.id * 8 + 2);
    END;

    CREATE TRIGGER search_series_insert AFTER INSERT ON series BEGIN
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 3, new.title);
    END;
    CREATE TRIGGER search_series_update AFTER UPDATE OF title ON series WHEN old.title IS NOT new.title BEGIN
      DELETE FROM search_text WHERE id = old.id * 8 + 3;
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 3, new.title);
    END;
    CREATE TRIGGER search_series_delete AFTER DELETE ON series BEGIN
      DELETE FROM search_text WHERE id = old.id * 8 + 3;
    END;

    CREATE TRIGGER search_people_insert AFTER INSERT ON people BEGIN
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 4, new.name);
    END;
    CREATE TRIGGER search_people_update AFTER UPDATE OF name ON people WHEN old.name IS NOT new.name BEGIN
      DELETE FROM search_text WHERE id = old.id * 8 + 4;
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 4, new.name);
    END;
    CREATE TRIGGER search_people_delete AFTER DELETE ON people BEGIN
      DELETE FROM search_text WHERE id = old.id * 8 + 4;
    END;

    CREATE TRIGGER search_genres_insert AFTER INSERT ON genres BEGIN
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 5, new.name);
    END;
    CREATE TRIGGER search_genres_update AFTER UPDATE OF name ON genres WHEN old.name IS NOT new.name BEGIN
      DELETE FROM search_text WHERE id = old.id * 8 + 5;
      INSERT INTO search_text (id, text) VALUES (new.id * 8 + 5, new.name);
    END;
    CREATE TRIGGER search_genres_delete AFTER DELETE ON genres BEGIN
      DELETE FROM search_text WHERE id = old.id * 8 + 5;
    END;

    -- a person or genre found lists their titles (pruning unused genres asks the same); the person's
    -- index now holds the title ids too, so listing them reads the index alone
    CREATE INDEX item_genres_genre ON item_genres(genre_id);
    CREATE INDEX item_people_person_title ON item_people(person_id, item_id, series_id);
    DROP INDEX item_people_person;
  `,
} as const;
