import { MIGRATION_6 } from './migration-6-search.js';
import { MIGRATION_7 } from './migration-7-history.js';
import { MIGRATION_8 } from './migration-8-experiments.js';
import { MIGRATION_9 } from './migration-9-thumbs.js';
import { MIGRATION_10 } from './migration-10-title-cleanup.js';

/** Numbered schema migrations, applied in order at start-up. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'libraries, catalogue, files, jobs, renditions',
    sql: `
      CREATE TABLE libraries (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('movies', 'shows', 'mixed')),
        created_at INTEGER NOT NULL,
        last_scan_at INTEGER
      );
      CREATE TABLE library_folders (
        id INTEGER PRIMARY KEY,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        -- 0 while the folder cannot be reached (unplugged disk, unmounted share): its titles are kept, shown offline
        online INTEGER NOT NULL DEFAULT 1
      );

      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        group_key TEXT NOT NULL,
        title TEXT NOT NULL,
        sort_title TEXT NOT NULL,
        year INTEGER,
        plot TEXT,
        mpaa TEXT,
        rating REAL,
        studio TEXT,
        poster_file TEXT,
        fanart_file TEXT,
        added_at INTEGER NOT NULL,
        UNIQUE (library_id, group_key)
      );
      CREATE TABLE seasons (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
        number INTEGER,
        poster_file TEXT
      );
      -- one row per season; NULL (absolute numbering) counts as one season too
      CREATE UNIQUE INDEX seasons_key ON seasons(series_id, IFNULL(number, -1));

      -- a title one can play: a movie, an episode, or an extra of either
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        group_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('movie', 'episode', 'extra')),
        title TEXT NOT NULL,
        sort_title TEXT NOT NULL,
        original_title TEXT,
        year INTEGER,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        season INTEGER,
        episode INTEGER,
        ending_episode INTEGER,
        air_date TEXT,
        extra_type TEXT,
        parent_item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        plot TEXT,
        tagline TEXT,
        mpaa TEXT,
        rating REAL,
        studio TEXT,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        poster_file TEXT,
        fanart_file TEXT,
        previews_dir TEXT,
        added_at INTEGER NOT NULL,
        UNIQUE (library_id, group_key)
      );
      CREATE INDEX items_series ON items(series_id, season, episode);
      CREATE INDEX items_parent ON items(parent_item_id);

      -- the files behind an item: several versions, each possibly split into parts
      CREATE TABLE media_files (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        folder_id INTEGER NOT NULL REFERENCES library_folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        version TEXT,
        part INTEGER,
        format_3d TEXT,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        dev TEXT NOT NULL,
        inode TEXT NOT NULL,
        -- hash of the first and last 64 KiB and the size: finds a moved file across file systems
        partial_hash TEXT,
        duration_ms INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        media_json TEXT NOT NULL,
        -- 1 while the file cannot be found (its folder is offline)
        missing INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL
      );
      CREATE INDEX media_files_item ON media_files(item_id);
      CREATE INDEX media_files_identity ON media_files(dev, inode);
      CREATE INDEX media_files_hash ON media_files(size_bytes, partial_hash);

      CREATE TABLE subtitles (
        id INTEGER PRIMARY KEY,
        media_file_id INTEGER NOT NULL REFERENCES media_files(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        language TEXT,
        forced INTEGER NOT NULL DEFAULT 0,
        is_default INTEGER NOT NULL DEFAULT 0,
        hearing_impaired INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE item_people (
        item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'director', 'writer')),
        character TEXT,
        ord INTEGER NOT NULL DEFAULT 0,
        CHECK ((item_id IS NULL) <> (series_id IS NULL))
      );
      CREATE INDEX item_people_item ON item_people(item_id);
      CREATE INDEX item_people_series ON item_people(series_id);
      CREATE INDEX item_people_person ON item_people(person_id);
      CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
      CREATE TABLE item_genres (
        item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        series_id INTEGER REFERENCES series(id) ON DELETE CASCADE,
        genre_id INTEGER NOT NULL REFERENCES genres(id) ON DELETE CASCADE,
        CHECK ((item_id IS NULL) <> (series_id IS NULL))
      );
      CREATE INDEX item_genres_item ON item_genres(item_id);
      CREATE INDEX item_genres_series ON item_genres(series_id);

      -- NFO files and artwork beside the media: a change re-reads the metadata of the titles next to it
      CREATE TABLE sidecars (
        path TEXT PRIMARY KEY,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        mtime_ms INTEGER NOT NULL
      );

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
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'skipped', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        -- the last lines ffmpeg wrote to stderr, for the admin (never sent to other clients)
        error_tail TEXT,
        -- a failed attempt waits before the next one (back-off)
        not_before INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        UNIQUE (kind, item_id)
      );
      CREATE INDEX jobs_next ON jobs(status, priority DESC, id);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE renditions (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        -- the media file it was made from: a changed or replaced file makes it stale
        media_file_id INTEGER REFERENCES media_files(id) ON DELETE SET NULL,
        dir TEXT NOT NULL,
        rungs_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'when each title was last served',
    sql: `
      -- the transcodes least recently served are evicted first when the disk quota is reached
      CREATE TABLE served (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        last_served_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'playback sessions, their quality of experience, resume points',
    sql: `
      -- one player playing one title, with what its viewer saw (#5)
      CREATE TABLE playback_sessions (
        id INTEGER PRIMARY KEY,
        -- NULL once the title is gone from the library: its sessions still count in the QoE history
        item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
        -- the device: a random id its browser keeps, and its user agent in words ("Chrome on Linux")
        client_id TEXT NOT NULL,
        client_name TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('direct', 'remux', 'hls')),
        started_at INTEGER NOT NULL,
        -- active while seen in the last minute and not ended
        last_seen_at INTEGER NOT NULL,
        ended_at INTEGER,
        -- Play pressed to the first frame; NULL until a frame showed
        startup_ms INTEGER,
        stall_count INTEGER NOT NULL DEFAULT 0,
        stall_ms INTEGER NOT NULL DEFAULT 0,
        switch_count INTEGER NOT NULL DEFAULT 0,
        watched_ms INTEGER NOT NULL DEFAULT 0,
        -- bits delivered while watching at a known bit rate, over rated_ms of it: the average bit rate
        bits REAL NOT NULL DEFAULT 0,
        rated_ms INTEGER NOT NULL DEFAULT 0,
        error_count INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        -- the rung playing now (picture height, px) and its bit rate
        height INTEGER,
        bitrate_bps INTEGER,
        position_ms INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX playback_sessions_seen ON playback_sessions(ended_at, last_seen_at);
      CREATE INDEX playback_sessions_started ON playback_sessions(started_at);

      -- watched and stalled time per session, hour (start, UTC ms) and rung: the QoE charts over time
      CREATE TABLE playback_usage (
        session_id INTEGER NOT NULL REFERENCES playback_sessions(id) ON DELETE CASCADE,
        hour_at INTEGER NOT NULL,
        -- NULL: the player did not say
        height INTEGER,
        watched_ms INTEGER NOT NULL DEFAULT 0,
        stall_ms INTEGER NOT NULL DEFAULT 0,
        stall_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX playback_usage_key ON playback_usage(session_id, hour_at, IFNULL(height, -1));
      CREATE INDEX playback_usage_hour ON playback_usage(hour_at);

      -- where the household left each title. A row id, not item_id, is the key: profiles (a later issue)
      -- add a profile_id column and swap this index for one on (profile_id, item_id) without a table rebuild
      CREATE TABLE resume_points (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        position_ms INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX resume_points_item ON resume_points(item_id);
    `,
  },
  {
    version: 4,
    name: 'measured bandwidth per device, buffer and bandwidth per session',
    sql: `
      -- each device's segment throughput as the server measured it (a moving average over segments):
      -- where its next session starts on the ladder. The key is the client id its player sent, or ip:<address>
      CREATE TABLE client_bandwidth (
        client_key TEXT PRIMARY KEY,
        bps REAL NOT NULL,
        samples INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- what the player last said its buffer held ahead, and the bandwidth it measured itself
      ALTER TABLE playback_sessions ADD COLUMN buffer_ms INTEGER;
      ALTER TABLE playback_sessions ADD COLUMN reported_bps INTEGER;
      -- the segment throughput the server measured while this session played
      ALTER TABLE playback_sessions ADD COLUMN measured_bps INTEGER;
      CREATE INDEX playback_sessions_client ON playback_sessions(client_id, started_at);
    `,
  },
  {
    version: 5,
    name: 'household profiles, device sessions, API keys',
    sql: `
      -- who watches (#6). The first one, made here, is the household's admin: one profile without a PIN
      -- needs no sign-in, so a new install plays at once
      CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        -- one of the UI's built-in avatars
        avatar TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'adult', 'kid')),
        -- ISO 639-1 codes; NULL: the title's default track / no subtitles
        audio_language TEXT,
        subtitle_language TEXT,
        -- kids: the highest rating shown, on the MPAA (G … NC-17) and TV (TV-Y … TV-MA) scales; NULL: no ceiling
        movie_ceiling TEXT,
        tv_ceiling TEXT,
        -- kids: whether titles with no rating are shown
        allow_unrated INTEGER NOT NULL DEFAULT 0,
        -- 0: only the libraries in profile_libraries
        all_libraries INTEGER NOT NULL DEFAULT 1,
        -- scrypt of the 4-digit PIN: "scrypt$N$r$p$salt$hash" (base64url); NULL: no PIN
        pin_hash TEXT,
        created_at INTEGER NOT NULL
      );
      INSERT INTO profiles (id, name, avatar, role, created_at) VALUES (1, 'Admin', 'sprout', 'admin', CAST(unixepoch('subsec') * 1000 AS INTEGER));
      CREATE TABLE profile_libraries (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
        PRIMARY KEY (profile_id, library_id)
      ) WITHOUT ROWID;
      -- a signed-in device: a browser (cookie) or an app or TV (bearer token); only the token's hash is kept
      CREATE TABLE device_sessions (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('browser', 'app')),
        -- "Chrome on Linux", "Living room TV"
        device_name TEXT NOT NULL,
        address TEXT,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE INDEX device_sessions_profile ON device_sessions(profile_id);
      -- keys for scripts and home automation (Authorization: Bearer …); only the hash and a prefix to recognise it are kept
      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER
      );
      -- wrong PINs in a row, for the back-off
      CREATE TABLE pin_attempts (
        profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        failures INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL
      );
      ALTER TABLE playback_sessions ADD COLUMN profile_id INTEGER REFERENCES profiles(id) ON DELETE SET NULL;
    `,
  },
  MIGRATION_6,
  MIGRATION_7,
  MIGRATION_8,
  MIGRATION_9,
  MIGRATION_10,
];
