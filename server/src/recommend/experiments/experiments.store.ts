import type { Db } from '../../db/open.js';
import type { Experiment, ExperimentDraft, ExperimentStatus, ExposureInput, ExposureRef, OutcomeKind, ProfileMinutes, Variant, VariantConfig, VariantCounts } from './experiments.types.js';

interface ExperimentRow {
  id: number;
  name: string;
  description: string;
  surface: string;
  status: ExperimentStatus;
  created_at: number;
  started_at: number | null;
  stopped_at: number | null;
}

interface VariantRow {
  experiment_id: number;
  key: string;
  name: string;
  weight: number;
  config_json: string;
}

const toVariant = (r: VariantRow): Variant => ({ key: r.key, name: r.name, weight: r.weight, config: JSON.parse(r.config_json) as VariantConfig });

const toExperiment = (r: ExperimentRow, variants: Variant[]): Experiment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  surface: r.surface,
  status: r.status,
  createdAt: r.created_at,
  startedAt: r.started_at,
  stoppedAt: r.stopped_at,
  variants,
});

interface RefRow {
  exposure_id: number;
  experiment_id: number;
  variant_key: string;
}

const toRef = (r: RefRow): ExposureRef => ({ exposureId: r.exposure_id, experimentId: r.experiment_id, variantKey: r.variant_key });

export type ExperimentsStore = ReturnType<typeof createExperimentsStore>;

/** Experiments and their variants, exposures (grouped by impression) and outcomes (migration 8). */
export function createExperimentsStore(db: Db) {
  const byId = db.prepare<[number], ExperimentRow>('SELECT * FROM experiments WHERE id = ?');
  const all = db.prepare<[], ExperimentRow>('SELECT * FROM experiments ORDER BY id DESC');
  const runningOn = db.prepare<[string], ExperimentRow>("SELECT * FROM experiments WHERE surface = ? AND status = 'running'");
  const variantsOf = db.prepare<[number], VariantRow>('SELECT * FROM experiment_variants WHERE experiment_id = ? ORDER BY ord');
  const allVariants = db.prepare<[], VariantRow>('SELECT * FROM experiment_variants ORDER BY experiment_id, ord');
  const insertExperiment = db.prepare<[{ name: string; description: string; surface: string; at: number }]>(
    "INSERT INTO experiments (name, description, surface, status, created_at) VALUES (@name, @description, @surface, 'draft', @at)",
  );
  const updateExperiment = db.prepare<[{ id: number; name: string; description: string; surface: string }]>(
    'UPDATE experiments SET name = @name, description = @description, surface = @surface WHERE id = @id',
  );
  const start = db.prepare<[number, number]>("UPDATE experiments SET status = 'running', started_at = ? WHERE id = ? AND status = 'draft'");
  const stop = db.prepare<[number, number]>("UPDATE experiments SET status = 'stopped', stopped_at = ? WHERE id = ? AND status = 'running'");
  const remove = db.prepare<[number]>('DELETE FROM experiments WHERE id = ?');
  // a showing belongs to the one experiment running on its surface: it goes with it (its exposures cascade)
  const removeImpressions = db.prepare<[number]>('DELETE FROM experiment_impressions WHERE id IN (SELECT impression_id FROM experiment_exposures WHERE experiment_id = ?)');
  const removeVariants = db.prepare<[number]>('DELETE FROM experiment_variants WHERE experiment_id = ?');
  const insertVariant = db.prepare<[{ experimentId: number; key: string; name: string; weight: number; config: string; ord: number }]>(
    'INSERT INTO experiment_variants (experiment_id, key, name, weight, config_json, ord) VALUES (@experimentId, @key, @name, @weight, @config, @ord)',
  );
  const runningVariantKeys = db.prepare<[number], { key: string }>(
    "SELECT v.key FROM experiment_variants v JOIN experiments x ON x.id = v.experiment_id WHERE x.id = ? AND x.status = 'running'",
  );
  const insertImpression = db.prepare<[number, number]>('INSERT INTO experiment_impressions (profile_id, at) VALUES (?, ?)');
  const insertExposure = db.prepare<[number, number, string, number, number, string, number, number]>(
    'INSERT INTO experiment_exposures (impression_id, experiment_id, variant_key, profile_id, item_id, shelf, position, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const impressionProfile = db.prepare<[number], { profile_id: number }>('SELECT profile_id FROM experiment_impressions WHERE id = ?');
  // the title's exposures in that showing, in running experiments: the card's own shelf and position first
  const inImpression = db.prepare<[number, number, number, string, number], RefRow>(
    `SELECT e.id AS exposure_id, e.experiment_id, e.variant_key FROM experiment_exposures e
       JOIN experiments x ON x.id = e.experiment_id AND x.status = 'running'
     WHERE e.impression_id = ? AND e.item_id = ? AND e.at > ?
     ORDER BY e.shelf = ? DESC, e.position = ? DESC, e.id`,
  );
  // per running experiment, the latest exposure of the title to the profile (SQLite takes the bare columns from the MAX row)
  const latest = db.prepare<[number, number, number], RefRow>(
    `SELECT MAX(e.id) AS exposure_id, e.experiment_id, e.variant_key FROM experiment_exposures e
       JOIN experiments x ON x.id = e.experiment_id AND x.status = 'running'
     WHERE e.profile_id = ? AND e.item_id = ? AND e.at > ?
     GROUP BY e.experiment_id`,
  );
  const insertOutcome = db.prepare<[{ exposureId: number; experimentId: number; variantKey: string; profileId: number; itemId: number; kind: OutcomeKind; value: number; at: number }]>(
    `INSERT INTO experiment_outcomes (exposure_id, experiment_id, variant_key, profile_id, item_id, kind, value, at)
     VALUES (@exposureId, @experimentId, @variantKey, @profileId, @itemId, @kind, @value, @at)`,
  );
  const exposureCounts = db.prepare<[number], { variant_key: string; profiles: number; exposures: number }>(
    'SELECT variant_key, COUNT(DISTINCT profile_id) AS profiles, COUNT(*) AS exposures FROM experiment_exposures WHERE experiment_id = ? GROUP BY variant_key',
  );
  // exposures clicked, played, and played then finished: each counted once however often it happened
  const outcomeCounts = db.prepare<[number, number], { variant_key: string; clicks: number; plays: number; completions: number }>(
    `SELECT o.variant_key,
        COUNT(DISTINCT CASE WHEN o.kind = 'click' THEN o.exposure_id END) AS clicks,
        COUNT(DISTINCT CASE WHEN o.kind = 'play' THEN o.exposure_id END) AS plays,
        COUNT(DISTINCT CASE WHEN o.kind = 'complete' AND o.exposure_id IN (
          SELECT p.exposure_id FROM experiment_outcomes p WHERE p.experiment_id = ? AND p.kind = 'play') THEN o.exposure_id END) AS completions
     FROM experiment_outcomes o WHERE o.experiment_id = ? GROUP BY o.variant_key`,
  );
  const minutes = db.prepare<[number], { variant_key: string; profile_id: number; minutes: number }>(
    `SELECT e.variant_key, e.profile_id, IFNULL((
        SELECT SUM(o.value) FROM experiment_outcomes o
        WHERE o.experiment_id = e.experiment_id AND o.variant_key = e.variant_key AND o.kind = 'minutes' AND o.profile_id = e.profile_id), 0) AS minutes
     FROM (SELECT DISTINCT experiment_id, variant_key, profile_id FROM experiment_exposures WHERE experiment_id = ?) e
     ORDER BY e.variant_key, e.profile_id`,
  );

  const saveVariants = (experimentId: number, variants: readonly Variant[]) => {
    removeVariants.run(experimentId);
    variants.forEach((v, ord) => insertVariant.run({ experimentId, key: v.key, name: v.name, weight: v.weight, config: JSON.stringify(v.config), ord }));
  };
  const withVariants = (row: ExperimentRow | undefined): Experiment | null => (row ? toExperiment(row, variantsOf.all(row.id).map(toVariant)) : null);

  return {
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),

    get: (id: number): Experiment | null => withVariants(byId.get(id)),

    /** Newest first. */
    list(): Experiment[] {
      const variants = new Map<number, Variant[]>();
      for (const row of allVariants.all()) {
        let list = variants.get(row.experiment_id);
        if (!list) variants.set(row.experiment_id, (list = []));
        list.push(toVariant(row));
      }
      return all.all().map((row) => toExperiment(row, variants.get(row.id) ?? []));
    },

    /** The experiment running on a surface (a unique index allows one). */
    runningOn: (surface: string): Experiment | null => withVariants(runningOn.get(surface)),

    /** A new draft; answers its id. */
    insert(draft: ExperimentDraft, at: number): number {
      const id = Number(insertExperiment.run({ name: draft.name, description: draft.description, surface: draft.surface, at }).lastInsertRowid);
      saveVariants(id, draft.variants);
      return id;
    },

    /** Name, description and surface; the variants too when given. */
    update(id: number, draft: Omit<ExperimentDraft, 'variants'> & { variants?: readonly Variant[] }): void {
      updateExperiment.run({ id, name: draft.name, description: draft.description, surface: draft.surface });
      if (draft.variants) saveVariants(id, draft.variants);
    },

    /** draft → running; false when it was not a draft. */
    start: (id: number, at: number): boolean => start.run(at, id).changes === 1,
    /** running → stopped; false when it was not running. */
    stop: (id: number, at: number): boolean => stop.run(at, id).changes === 1,
    /** With its variants, exposures and outcomes; false when there was none. */
    remove: db.transaction((id: number): boolean => {
      removeImpressions.run(id);
      return remove.run(id).changes === 1;
    }),

    /** The variant keys of an experiment while it runs; empty when it does not. */
    runningVariantKeys: (experimentId: number): Set<string> => new Set(runningVariantKeys.all(experimentId).map((r) => r.key)),

    /** One showing and its exposures; answers the impression id. Call inside a transaction. */
    insertImpression(profileId: number, exposures: readonly ExposureInput[], at: number): number {
      const impressionId = Number(insertImpression.run(profileId, at).lastInsertRowid);
      for (const e of exposures) insertExposure.run(impressionId, e.experimentId, e.variantKey, profileId, e.itemId, e.shelf, e.position, at);
      return impressionId;
    },

    impressionProfile: (impressionId: number): number | null => impressionProfile.get(impressionId)?.profile_id ?? null,

    /** The title's exposures in a showing since `since`, in running experiments, the given shelf and position first. */
    exposuresInImpression: (impressionId: number, itemId: number, since: number, shelf: string | null, position: number | null): ExposureRef[] =>
      inImpression.all(impressionId, itemId, since, shelf ?? '', position ?? -1).map(toRef),

    /** Per running experiment, the latest exposure of the title to the profile since `since`. */
    latestExposures: (profileId: number, itemId: number, since: number): ExposureRef[] => latest.all(profileId, itemId, since).map(toRef),

    insertOutcome(ref: ExposureRef, outcome: { profileId: number; itemId: number; kind: OutcomeKind; value: number; at: number }): void {
      insertOutcome.run({ ...ref, ...outcome });
    },

    /** Per variant that has exposures: profiles, exposures, and the exposures clicked, played and finished. */
    counts(experimentId: number): VariantCounts[] {
      const outcomes = new Map(outcomeCounts.all(experimentId, experimentId).map((r) => [r.variant_key, r]));
      return exposureCounts.all(experimentId).map((r) => {
        const o = outcomes.get(r.variant_key);
        return { variantKey: r.variant_key, profiles: r.profiles, exposures: r.exposures, clicks: o?.clicks ?? 0, plays: o?.plays ?? 0, completions: o?.completions ?? 0 };
      });
    },

    /** Minutes watched per exposed profile and variant (0 for none). */
    profileMinutes: (experimentId: number): ProfileMinutes[] => minutes.all(experimentId).map((r) => ({ variantKey: r.variant_key, profileId: r.profile_id, minutes: r.minutes })),
  };
}
