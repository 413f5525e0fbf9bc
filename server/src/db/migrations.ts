/** Numbered schema migrations, applied in order at start-up. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'libraries, items, jobs, renditions',
    sql: `
      CREATE TABLE libraries (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('movies', 'shows', 'mixed')),
        path TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_scan_at INTEGER
      );
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('movie', 'episode')),
        title TEXT NOT NULL,
        series_title TEXT,
        season INTEGER,
        episode INTEGER,
        year INTEGER,
        duration_ms INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        media_json TEXT NOT NULL,
        poster_file TEXT,
        added_at INTEGER NOT NULL
      );
      CREATE INDEX items_library ON items(library_id);
      -- files a scan could not use, with the reason the admin sees
      CREATE TABLE skipped_files (
        path TEXT PRIMARY KEY,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        seen_at INTEGER NOT NULL
      );
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        priority INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'skipped', 'failed')),
        progress REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        UNIQUE (kind, item_id)
      );
      CREATE INDEX jobs_next ON jobs(status, priority DESC, id);
      CREATE TABLE renditions (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        dir TEXT NOT NULL,
        rungs_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
];
