import { badRequest, conflict, notFound } from '../../errors.js';
import { bucketOf, pickVariant } from './bucketing.js';
import type { ExperimentsStore } from './experiments.store.js';
import type { Assignment, Experiment, ExperimentDraft, ExperimentStatus, ExposureInput, ExposureRef, OutcomeInput, Variant } from './experiments.types.js';
import { experimentResults, type ExperimentResults } from './results.js';

/** An outcome counts for the latest exposure of its title to the profile within this window. */
export const ATTRIBUTION_WINDOW_MS = 24 * 3_600_000;

export type ExperimentsService = ReturnType<typeof createExperimentsService>;

/** A change to an experiment: name and description any time; surface and variants while a draft; status draft → running → stopped. */
export interface ExperimentChange {
  name?: string;
  description?: string;
  surface?: string;
  variants?: Variant[];
  status?: ExperimentStatus;
}

/**
 * Ranking experiments: the admin's definitions, which variant each profile sees (a hash, so stable),
 * the exposures the shelves log and the outcomes that follow them, and the results.
 */
export function createExperimentsService(deps: { store: ExperimentsStore; now: () => number }) {
  const { store } = deps;
  const found = (id: number): Experiment => {
    const experiment = store.get(id);
    if (!experiment) throw notFound(`experiment ${id}`);
    return experiment;
  };

  function changeStatus(experiment: Experiment, status: ExperimentStatus): void {
    if (status === experiment.status) return;
    const at = deps.now();
    if (experiment.status === 'draft' && status === 'running') {
      const other = store.runningOn(experiment.surface);
      if (other) throw conflict(`"${other.name}" (experiment ${other.id}) is already running on ${experiment.surface}; stop it first`);
      if (!experiment.variants.some((v) => v.weight > 0)) throw conflict(`experiment ${experiment.id} gives no variant any traffic`);
      store.start(experiment.id, at);
      return;
    }
    if (experiment.status === 'running' && status === 'stopped') {
      store.stop(experiment.id, at);
      return;
    }
    const why =
      experiment.status === 'stopped' ? 'a stopped experiment cannot run again (create a new one)'
      : experiment.status === 'running' ? 'a running experiment can only be stopped'
      : 'a draft must run before it stops';
    throw conflict(`experiment ${experiment.id} is ${experiment.status}: ${why}`);
  }

  return {
    /** Newest first. */
    list: (): Experiment[] => store.list(),

    get: found,

    /** A new draft. */
    create(draft: ExperimentDraft): Experiment {
      return found(store.transaction(() => store.insert(draft, deps.now())));
    },

    update(id: number, change: ExperimentChange): Experiment {
      return store.transaction(() => {
        const before = found(id);
        const redefines = (change.surface !== undefined && change.surface !== before.surface) || change.variants !== undefined;
        if (redefines && before.status !== 'draft') throw conflict(`experiment ${id} is ${before.status}: its surface and variants can change only while it is a draft`);
        store.update(id, {
          name: change.name ?? before.name,
          description: change.description ?? before.description,
          surface: change.surface ?? before.surface,
          ...(change.variants ? { variants: change.variants } : {}),
        });
        if (change.status !== undefined) changeStatus(found(id), change.status);
        return found(id);
      });
    },

    /** With everything logged for it. */
    remove(id: number): void {
      if (!store.remove(id)) throw notFound(`experiment ${id}`);
    },

    /**
     * The variant the profile sees on a surface: of the experiment running there, the one whose share
     * of the weights holds the hash of the experiment and the profile. Null when none runs there.
     */
    assign(profileId: number, surface: string): Assignment | null {
      const experiment = store.runningOn(surface);
      if (!experiment) return null;
      const variant = pickVariant(experiment.variants, bucketOf(experiment.id, profileId));
      return variant && { experimentId: experiment.id, variantKey: variant.key, config: variant.config };
    },

    /**
     * What one showing of a screen put in front of the profile, in one transaction; answers the
     * impression id the cards pass back with a click. Exposures of an experiment that is not running
     * (it stopped since the screen was ranked) or of a variant it does not have are left out.
     */
    logExposures(profileId: number, list: readonly ExposureInput[]): number {
      return store.transaction(() => {
        const keys = new Map<number, Set<string>>();
        const kept = list.filter((e) => {
          let running = keys.get(e.experimentId);
          if (!running) keys.set(e.experimentId, (running = store.runningVariantKeys(e.experimentId)));
          return running.has(e.variantKey);
        });
        return store.insertImpression(profileId, kept, deps.now());
      });
    },

    /**
     * What came of a title shown to the profile: per running experiment, it counts for the exposure in
     * the given showing, else for the latest exposure within the attribution window. Answers how many
     * exposures it was counted for (0: the title was not shown lately).
     */
    recordOutcome(profileId: number, outcome: OutcomeInput): number {
      const value = outcome.kind === 'minutes' ? (outcome.value ?? 0) : 1;
      if (!(value > 0) || !Number.isFinite(value)) throw badRequest('value: minutes watched must be a positive number');
      const at = deps.now();
      const since = at - ATTRIBUTION_WINDOW_MS;
      return store.transaction(() => {
        let refs: ExposureRef[] = [];
        if (outcome.impressionId !== undefined) {
          if (store.impressionProfile(outcome.impressionId) !== profileId) throw notFound(`impression ${outcome.impressionId}`);
          const seen = new Set<number>();
          // one exposure per experiment: the card's own when the title was on several shelves
          refs = store.exposuresInImpression(outcome.impressionId, outcome.itemId, since, outcome.shelf ?? null, outcome.position ?? null).filter((r) => !seen.has(r.experimentId) && seen.add(r.experimentId));
        }
        if (refs.length === 0) refs = store.latestExposures(profileId, outcome.itemId, since);
        for (const ref of refs) store.insertOutcome(ref, { profileId, itemId: outcome.itemId, kind: outcome.kind, value, at });
        return refs.length;
      });
    },

    results(id: number): { experiment: Experiment; results: ExperimentResults } {
      return store.transaction(() => {
        const experiment = found(id);
        return { experiment, results: experimentResults(experiment, store.counts(id), store.profileMinutes(id)) };
      });
    },
  };
}
