// Migration 8: ranking experiments (A/B tests on the home screen's shelves). Kept in its own file while
// it is being written; it joins MIGRATIONS in migrations.ts like every other one.
export const MIGRATION_8 = {
  version: 8,
  name: 'ranking experiments: variants, exposures, outcomes',
  sql: `
      -- an A/B test on a ranking, defined by the admin: draft (editable) → running → stopped
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        -- where it applies: 'home' or a shelf id
        surface TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'running', 'stopped')),
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        stopped_at INTEGER
      );
      -- at most one experiment runs on a surface: a profile is in one variant of one ranking there
      CREATE UNIQUE INDEX experiments_running ON experiments(surface) WHERE status = 'running';

      CREATE TABLE experiment_variants (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        -- 'control', 'b', …: the first one listed is the control the others are compared with
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        -- its share of the traffic, against the other variants' (3 and 1: 75 % and 25 %)
        weight INTEGER NOT NULL CHECK (weight >= 0),
        -- what the ranking does differently: {"weights": {...}} or {"ranker": "ease"} (validated, at most 4 kB)
        config_json TEXT NOT NULL,
        ord INTEGER NOT NULL,
        PRIMARY KEY (experiment_id, key)
      ) WITHOUT ROWID;

      -- one showing of a screen to a profile: the exposures logged together, and what a click names
      CREATE TABLE experiment_impressions (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        at INTEGER NOT NULL
      );
      CREATE INDEX experiment_impressions_at ON experiment_impressions(at);

      -- a title shown to a profile in a variant, on a shelf at a position (0 = first)
      CREATE TABLE experiment_exposures (
        id INTEGER PRIMARY KEY,
        impression_id INTEGER NOT NULL REFERENCES experiment_impressions(id) ON DELETE CASCADE,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        variant_key TEXT NOT NULL,
        profile_id INTEGER NOT NULL,
        -- no foreign key: the results outlive a title's removal
        item_id INTEGER NOT NULL,
        shelf TEXT NOT NULL,
        position INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      -- an outcome goes to the latest exposure of the title to the profile within a day. Ordered by time (not
      -- by title first), every index here is appended to: a home screen's 40 rows touch a few pages, not 40
      CREATE INDEX experiment_exposures_latest ON experiment_exposures(profile_id, at, item_id);
      CREATE INDEX experiment_exposures_impression ON experiment_exposures(impression_id, item_id);
      -- the results: per experiment and variant, per profile
      CREATE INDEX experiment_exposures_results ON experiment_exposures(experiment_id, variant_key, profile_id);

      -- what came of an exposure: a click on the card, a play start, minutes watched, a completion
      CREATE TABLE experiment_outcomes (
        id INTEGER PRIMARY KEY,
        exposure_id INTEGER NOT NULL REFERENCES experiment_exposures(id) ON DELETE CASCADE,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        variant_key TEXT NOT NULL,
        profile_id INTEGER NOT NULL,
        item_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('click', 'play', 'minutes', 'complete')),
        -- 1 for click, play and complete; minutes watched for minutes
        value REAL NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX experiment_outcomes_results ON experiment_outcomes(experiment_id, variant_key, kind, profile_id);
      CREATE INDEX experiment_outcomes_exposure ON experiment_outcomes(exposure_id);
  `,
} as const;
