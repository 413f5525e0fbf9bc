// Migration 7: the watch history (#6). Kept in its own file while it is being written; it joins
// MIGRATIONS in migrations.ts like every other one.
export const MIGRATION_7 = {
  version: 7,
  name: 'watch history',
  sql: `
      -- what each profile did with each title, in the order it happened: the home screen's raw material.
      -- Append-only: never updated (a trigger refuses it); a profile's removal takes its history with it
      CREATE TABLE history_events (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        -- no foreign key: the log outlives a title's removal from the library
        item_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('start', 'progress', 'pause', 'stop', 'complete', 'mark_played', 'mark_unplayed', 'hide')),
        -- where the player was, and the title's length as it knew it; NULL for start, marks and hide
        position_ms INTEGER,
        duration_ms INTEGER,
        at INTEGER NOT NULL,
        -- the playback session it came from; NULL for marks and imports. No foreign key: sessions are forgotten after 90 days
        session_id INTEGER
      );
      -- one event per profile, title, moment, kind and position: a batch or an import sent twice adds nothing
      CREATE UNIQUE INDEX history_events_key ON history_events(profile_id, item_id, at, kind, IFNULL(position_ms, -1));
      CREATE INDEX history_events_recent ON history_events(profile_id, at);
      CREATE TRIGGER history_events_append_only BEFORE UPDATE ON history_events
        BEGIN SELECT RAISE(ABORT, 'the watch history is append-only'); END;

      -- what each profile's events made of each title, written with them in the same transaction
      CREATE TABLE watch_state (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        -- where to resume; 0: from the beginning
        resume_ms INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        played INTEGER NOT NULL DEFAULT 0,
        play_count INTEGER NOT NULL DEFAULT 0,
        -- the last completion or mark played
        played_at INTEGER,
        last_played_at INTEGER,
        -- taken off Continue watching until it is played again
        hidden INTEGER NOT NULL DEFAULT 0,
        -- this viewing reached the end: the rest of it sets no resume point
        viewing_done INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile_id, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX watch_state_item ON watch_state(item_id);
      -- Continue watching: in progress, not played, not hidden, newest first
      CREATE INDEX watch_state_continue ON watch_state(profile_id, last_played_at) WHERE resume_ms > 0 AND played = 0 AND hidden = 0;

      -- per profile, the series with a played episode (specials aside) and when the latest was played: Next up's candidates
      CREATE TABLE series_watch (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        played_at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, series_id)
      ) WITHOUT ROWID;
      CREATE INDEX series_watch_recent ON series_watch(profile_id, played_at);
      CREATE INDEX series_watch_series ON series_watch(series_id);

      -- the highest event number of the session applied: a batch the player sends again is not counted twice
      ALTER TABLE playback_sessions ADD COLUMN event_seq INTEGER NOT NULL DEFAULT 0;

      -- the household's resume points become the first admin's (profile 1, else the oldest admin left),
      -- each with the event that made it
      INSERT INTO history_events (profile_id, item_id, kind, position_ms, duration_ms, at)
        SELECT p.id, r.item_id, 'progress', r.position_ms, r.duration_ms, r.updated_at
        FROM resume_points r JOIN (SELECT id FROM profiles ORDER BY id = 1 DESC, role = 'admin' DESC, id LIMIT 1) p;
      INSERT INTO watch_state (profile_id, item_id, resume_ms, duration_ms, last_played_at)
        SELECT p.id, r.item_id, r.position_ms, r.duration_ms, r.updated_at
        FROM resume_points r JOIN (SELECT id FROM profiles ORDER BY id = 1 DESC, role = 'admin' DESC, id LIMIT 1) p;
      DROP TABLE resume_points;
  `,
} as const;
