import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MIGRATIONS } from '../../server/src/db/migrations.js';
import { migrate, openDatabase, SchemaTooNewError, type Db } from '../../server/src/db/open.js';
import { tempDir } from '../helpers/server.js';

type Migration = (typeof MIGRATIONS)[number];

const userVersion = (db: Db) => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

/** Reads user_version and tables with a plain connection, not through openDatabase. */
function inspect(file: string): { version: number; tables: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    return { version: userVersion(db), tables: tables(db) };
  } finally {
    db.close();
  }
}

let dir: string;
let file: string;
const open: Db[] = [];
const track = (db: Db) => (open.push(db), db);

beforeEach(async () => {
  dir = await tempDir('seed-db-');
  file = join(dir, 'seed.db');
});
afterEach(async () => {
  for (const db of open.splice(0)) if (db.open) db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  test('a fresh file gets WAL mode, foreign keys and the latest schema version', () => {
    const db = track(openDatabase(file));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(userVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(tables(db)).toEqual(['api_keys', 'client_bandwidth', 'device_sessions', 'experiment_exposures', 'experiment_impressions', 'experiment_outcomes', 'experiment_variants', 'experiments', 'genres', 'history_events', 'item_genres', 'item_people', 'items', 'jobs', 'libraries', 'library_folders', 'media_files', 'people', 'pin_attempts', 'playback_sessions', 'playback_usage', 'profile_libraries', 'profiles', 'renditions', 'search_state', 'search_text', 'search_trigram', 'search_trigram_config', 'search_trigram_data', 'search_trigram_idx', 'search_vocab', 'search_words', 'search_words_config', 'search_words_data', 'search_words_idx', 'seasons', 'series', 'series_watch', 'served', 'settings', 'sidecars', 'skipped_files', 'subtitles', 'title_keywords', 'title_thumbs', 'watch_state']);
  });

  test('migrations are numbered upwards from 1 without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  test('reopening applies nothing twice and keeps the data', () => {
    const first = openDatabase(file);
    first.prepare("INSERT INTO libraries (name, kind, created_at) VALUES ('Films', 'movies', 1)").run();
    first.close();
    // a second run of migration 1 would fail on CREATE TABLE; reopening twice must just work
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(file);
      expect(userVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.prepare('SELECT name FROM libraries').all()).toEqual([{ name: 'Films' }]);
      db.close();
    }
  });

  test('only the migrations newer than the file are applied', () => {
    const v1 = MIGRATIONS[0]!;
    const v2: Migration = { version: v1.version + 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);' };
    openDatabase(file, [v1]).close();
    expect(inspect(file).version).toBe(v1.version);
    const db = track(openDatabase(file, [v1, v2]));
    expect(userVersion(db)).toBe(v2.version);
    expect(tables(db)).toContain('notes');
  });

  test('migration 10: thumbs left by titles removed before it are removed; from then on a thumb goes with its title, also with its library', () => {
    const upTo9 = MIGRATIONS.filter((m) => m.version <= 9);
    const old = openDatabase(file, upTo9);
    old.exec(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0);
      INSERT INTO items (id, library_id, group_key, kind, title, sort_title, added_at) VALUES (1, 1, 'a', 'movie', 'A', 'a', 0), (2, 1, 'b', 'movie', 'B', 'b', 0);
      INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 's', 'S', 's', 0);`);
    const thumb = old.prepare(`INSERT INTO title_thumbs (profile_id, title_key, value, source, at) VALUES (1, ?, ?, 'thumb', 0)`);
    for (const [key, value] of [['movie:1', 1], ['movie:2', -1], ['movie:7', -1], ['series:1', 1], ['series:9', 1]] as const) thumb.run(key, value);
    old.close();
    const db = track(openDatabase(file));
    const keys = () => (db.prepare('SELECT title_key FROM title_thumbs ORDER BY title_key').all() as { title_key: string }[]).map((r) => r.title_key);
    expect(keys()).toEqual(['movie:1', 'movie:2', 'series:1']);
    db.prepare('DELETE FROM items WHERE id = 2').run();
    expect(keys()).toEqual(['movie:1', 'series:1']);
    // the library's titles go by its foreign keys' cascade: their thumbs with them
    db.prepare('DELETE FROM libraries WHERE id = 1').run();
    expect(keys()).toEqual([]);
  });

  test('a database from a newer Seed is refused and left exactly as it was', async () => {
    const made = new Database(file);
    made.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY); INSERT INTO future_things VALUES (7);');
    made.pragma('user_version = 999');
    made.close();
    const bytesBefore = await readFile(file);

    let error: unknown;
    try {
      track(openDatabase(file));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toContain('newer');
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('999');

    expect(inspect(file)).toEqual({ version: 999, tables: ['future_things'] });
    // not even the journal mode: switching to WAL rewrites the file header
    expect((await readFile(file)).equals(bytesBefore)).toBe(true);
  });

  test('a failing migration rolls back entirely and the file stays at the last good version', () => {
    const v1 = MIGRATIONS[0]!;
    const broken: Migration = {
      version: v1.version + 1,
      name: 'half-good',
      sql: `
        CREATE TABLE notes (id INTEGER PRIMARY KEY);
        ALTER TABLE items ADD COLUMN seen_rating INTEGER;
        INSERT INTO no_such_table VALUES (1);
      `,
    };
    expect(() => openDatabase(file, [v1, broken])).toThrow(/no_such_table/);
    expect(inspect(file)).toEqual({ version: v1.version, tables: ['genres', 'item_genres', 'item_people', 'items', 'jobs', 'libraries', 'library_folders', 'media_files', 'people', 'renditions', 'seasons', 'series', 'settings', 'sidecars', 'skipped_files', 'subtitles'] });
    const db = track(new Database(file, { readonly: true }));
    expect((db.prepare('PRAGMA table_info(items)').all() as { name: string }[]).map((c) => c.name)).not.toContain('seen_rating');
  });

  test('migrations before the failing one stay applied', () => {
    const v1 = MIGRATIONS[0]!;
    const good: Migration = { version: v1.version + 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY);' };
    const bad: Migration = { version: v1.version + 2, name: 'bad', sql: 'CREATE TABLE tags (id INTEGER PRIMARY KEY); SELECT * FROM missing;' };
    expect(() => openDatabase(file, [v1, good, bad])).toThrow();
    const after = inspect(file);
    expect(after.version).toBe(good.version);
    expect(after.tables).toContain('notes');
    expect(after.tables).not.toContain('tags');
  });
});

describe('migrate', () => {
  test('on an in-memory database with the real migrations', () => {
    const db = track(new Database(':memory:'));
    migrate(db);
    expect(userVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    migrate(db);
    expect(userVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
  });

  test('refuses a newer schema without touching it', () => {
    const db = track(new Database(':memory:'));
    db.pragma('user_version = 5');
    expect(() => migrate(db, [{ version: 1, name: 'x', sql: 'CREATE TABLE x (id INTEGER);' }])).toThrow(SchemaTooNewError);
    expect(userVersion(db)).toBe(5);
    expect(tables(db)).toEqual([]);
  });

  test('a failing migration leaves no partial tables behind', () => {
    const db = track(new Database(':memory:'));
    const bad: Migration = { version: 1, name: 'bad', sql: 'CREATE TABLE a (id INTEGER); CREATE TABLE b (id INTEGER); CREATE TABLE a (id INTEGER);' };
    expect(() => migrate(db, [bad])).toThrow(/already exists/);
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});
