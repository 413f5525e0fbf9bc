// The recommender's data (#7): who watched what and when, as compact typed arrays, and what each
// title is made of (genres, people, studio, year, keywords). Rankers are pure functions over these.

/**
 * Every profile's interactions with titles, one per profile and title, each profile's oldest first
 * (CSR: profile p owns [offsets[p], offsets[p + 1])). `itemKeys` names the titles (`item:12`, `series:3`,
 * or a MovieLens id); indices are what the rankers use.
 */
export interface Interactions {
  profileKeys: readonly string[];
  itemKeys: readonly string[];
  offsets: Int32Array;
  item: Int32Array;
  /** when the profile last engaged with the title, ms since the epoch */
  at: Float64Array;
  /** how much it counts: a finished title 1, a short play less (see interactionWeight) */
  weight: Float32Array;
}

/** One profile's interactions, oldest first: what a ranker scores from (it may be newer than the fitted model). */
export interface History {
  items: Int32Array;
  at: Float64Array;
  weight: Float32Array;
}

/** A title's descriptive terms, for content similarity. `year` is bucketed by the ranker. */
export interface TitleFeatures {
  genres: readonly string[];
  people: readonly string[];
  studio: string | null;
  year: number | null;
  keywords: readonly string[];
}

/** Every title's terms as a sparse matrix (CSR by item) over `terms` (`g:drama`, `p:…`, `s:…`, `y:1990`, `k:…`). */
export interface ItemFeatures {
  terms: readonly string[];
  offsets: Int32Array;
  term: Int32Array;
}

export const RANKER_NAMES = ['popularity', 'itemKnn', 'lastItems', 'content', 'ease', 'learned'] as const;
export type RankerName = (typeof RANKER_NAMES)[number];
/** The rankers fitted from the data; `learned` is fitted on top of their lists. */
export const BASE_RANKERS = ['popularity', 'itemKnn', 'lastItems', 'content', 'ease'] as const;
export type BaseRanker = (typeof BASE_RANKERS)[number];

/** What every ranker is fitted on: the interactions and the catalogue's terms, over the same item indices. */
export interface RecsData {
  interactions: Interactions;
  features: ItemFeatures;
}

/**
 * A ranker: `fit` once per refit (pure, from the data), then `score` per profile and request, from the
 * profile's history as it is now. `score` writes one number per item into `out` (higher is better);
 * the caller excludes what the profile has seen or may not see.
 */
export interface Ranker<M> {
  readonly name: RankerName;
  fit(data: RecsData): M;
  score(model: M, history: History, out: Float32Array): void;
}

export type Weights = Record<RankerName, number>;
