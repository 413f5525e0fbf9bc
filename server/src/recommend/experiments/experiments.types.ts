// Ranking experiments (A/B tests): the admin defines variants of a ranking and their traffic shares;
// each profile is put in one variant by a hash; what the shelves showed (exposures) and what came of it
// (outcomes) are logged, and the results compare each variant with the control.

export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const OUTCOME_KINDS = ['click', 'play', 'minutes', 'complete'] as const;
/** click: the card was chosen; play: a playback started; minutes: minutes watched; complete: watched to the credits */
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** The rankers a variant's weights usually name (server/src/recommend/recs.types.ts RANKER_NAMES); others are allowed, for rankers to come. */
export const KNOWN_RANKERS = ['popularity', 'itemKnn', 'lastItems', 'content', 'ease', 'learned'] as const;

/**
 * What a variant changes in the ranking, opaque to the experiments: the shelves read it. Usually
 * `{ weights: { popularity: 0.1, itemKnn: 0.3, … } }` or `{ ranker: 'ease' }`; other keys are kept as given.
 */
export interface VariantConfig {
  weights?: Record<string, number>;
  ranker?: string;
  [key: string]: unknown;
}

export interface Variant {
  /** 'control', 'b', …; the first variant is the control */
  key: string;
  name: string;
  /** its share of the traffic against the others' (an integer; 0 gets none) */
  weight: number;
  config: VariantConfig;
}

export interface Experiment {
  id: number;
  name: string;
  description: string;
  /** 'home' (see SURFACES in experiments.routes.ts) */
  surface: string;
  status: ExperimentStatus;
  createdAt: number;
  startedAt: number | null;
  stoppedAt: number | null;
  /** in order; the first is the control */
  variants: Variant[];
}

/** What the admin gives to define an experiment. */
export interface ExperimentDraft {
  name: string;
  description: string;
  surface: string;
  variants: Variant[];
}

/** The variant a profile sees on a surface. */
export interface Assignment {
  experimentId: number;
  variantKey: string;
  config: VariantConfig;
}

/** A title a shelf showed, in the variant the profile was assigned. `position`: 0 for the first card. */
export interface ExposureInput {
  experimentId: number;
  variantKey: string;
  itemId: number;
  shelf: string;
  position: number;
}

export interface OutcomeInput {
  itemId: number;
  kind: OutcomeKind;
  /** minutes watched for `minutes`; 1 (the default) for the others */
  value?: number;
  /** the showing the click came from (the card knows it); otherwise the latest exposure of the title counts */
  impressionId?: number;
  /** with an impression: the card's shelf and position, when the title was on several shelves */
  shelf?: string;
  position?: number;
}

/** An exposure an outcome is attributed to. */
export interface ExposureRef {
  exposureId: number;
  experimentId: number;
  variantKey: string;
}

/** Per variant, what the results are made of. */
export interface VariantCounts {
  variantKey: string;
  profiles: number;
  exposures: number;
  /** exposures clicked at least once */
  clicks: number;
  /** exposures whose title then started playing */
  plays: number;
  /** of those played, the ones watched to the end */
  completions: number;
}

/** Minutes watched per exposed profile (0 for those who watched nothing from the surface). */
export interface ProfileMinutes {
  variantKey: string;
  profileId: number;
  minutes: number;
}
