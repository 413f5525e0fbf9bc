// The rankers together: fit them all at once (a refit), list each one's best titles for a profile, and
// blend. This is what the home screen's shelves call; see recommend().
import { BLEND_DEFAULTS, DEFAULT_WEIGHTS, fuse, type BlendParams, type RankLists } from './blend.js';
import { CONTENT_DEFAULTS, contentRanker, type ContentModel, type ContentParams } from './content.js';
import { EASE_DEFAULTS, easeRanker, type EaseModel, type EaseParams } from './ease.js';
import { ITEM_KNN_DEFAULTS, itemKnnRanker, type ItemKnnParams } from './item-knn.js';
import { LAST_ITEMS_DEFAULTS, lastItemsRanker, type LastItemsParams } from './last-items.js';
import { learnedList, type LearnedModel } from './learned.js';
import type { Neighbours } from './neighbours.js';
import { POPULARITY_DEFAULTS, popularityRanker, type PopularityModel, type PopularityParams } from './popularity.js';
import { BASE_RANKERS, type BaseRanker, type History, type Ranker, type RecsData, type Weights } from './recs.types.js';
import { topK } from './top-k.js';

export interface RecsParams {
  popularity: PopularityParams;
  itemKnn: ItemKnnParams;
  lastItems: LastItemsParams;
  content: ContentParams;
  ease: EaseParams;
  blend: BlendParams;
}

export const RECS_DEFAULTS: RecsParams = {
  popularity: POPULARITY_DEFAULTS,
  itemKnn: ITEM_KNN_DEFAULTS,
  lastItems: LAST_ITEMS_DEFAULTS,
  content: CONTENT_DEFAULTS,
  ease: EASE_DEFAULTS,
  blend: BLEND_DEFAULTS,
};

interface Models {
  popularity: PopularityModel;
  itemKnn: Neighbours;
  lastItems: Neighbours;
  content: ContentModel;
  ease: EaseModel;
}

export type RankerTable = { [K in BaseRanker]: Ranker<Models[K]> };

export const rankersFor = (p: RecsParams): RankerTable => ({
  popularity: popularityRanker(p.popularity),
  itemKnn: itemKnnRanker(p.itemKnn),
  lastItems: lastItemsRanker(p.lastItems),
  content: contentRanker(p.content),
  ease: easeRanker(p.ease),
});

/** Every ranker fitted on the same data: immutable, so one refit can replace another atomically. */
export interface FittedRecs {
  params: RecsParams;
  items: number;
  models: Models;
  /** how long each fit took, ms */
  fitMs: Record<BaseRanker, number>;
  /** null: no learned re-ranker (its weight is then unused) */
  learned: LearnedModel | null;
}

export function fitRecs(data: RecsData, params: RecsParams = RECS_DEFAULTS, learned: LearnedModel | null = null): FittedRecs {
  const table = rankersFor(params);
  const fitMs = {} as Record<BaseRanker, number>;
  const fit = <K extends BaseRanker>(name: K): Models[K] => {
    const t0 = performance.now();
    const model = (table[name] as Ranker<Models[K]>).fit(data);
    fitMs[name] = performance.now() - t0;
    return model;
  };
  const models: Models = { popularity: fit('popularity'), itemKnn: fit('itemKnn'), lastItems: fit('lastItems'), content: fit('content'), ease: fit('ease') };
  return { params, items: data.interactions.itemKeys.length, models, fitMs, learned };
}

/** 1 for each title the profile has in its history (not to be recommended again). */
export function seenMask(items: number, history: History): Uint8Array {
  const skip = new Uint8Array(items);
  for (const i of history.items) skip[i] = 1;
  return skip;
}

/** Each ranker's scores over all titles, and its best `topK` titles not skipped. */
export function rankerLists(fitted: FittedRecs, history: History, skip: Uint8Array): { lists: Record<BaseRanker, Int32Array>; scores: Record<BaseRanker, Float32Array> } {
  const table = rankersFor(fitted.params);
  const lists = {} as Record<BaseRanker, Int32Array>;
  const scores = {} as Record<BaseRanker, Float32Array>;
  for (const name of BASE_RANKERS) {
    const out = new Float32Array(fitted.items);
    (table[name] as Ranker<unknown>).score(fitted.models[name], history, out);
    scores[name] = out;
    // a ranker with nothing to say of a title (score 0) does not list it: ties at 0 would rank the catalogue's first ids
    const top = topK(out, fitted.params.blend.topK, skip);
    let n = top.length;
    while (n > 0 && !(out[top[n - 1]!]! > 0)) n--;
    lists[name] = n === top.length ? top : top.subarray(0, n);
  }
  return { lists, scores };
}

export interface Recommendation {
  /** item indices, best first */
  items: Int32Array;
  /** the blended scores (higher is better) */
  scores: Float64Array;
  /** each ranker's own list, for explanations ("because you watched…") and experiments */
  lists: RankLists;
}

/**
 * The blended recommendations for one profile from its history as it is now. `skip`: titles not to
 * show (seen ones are always skipped; add what the viewer may not see, see canSee in profiles/viewer.ts).
 */
export function recommend(fitted: FittedRecs, history: History, opts: { weights?: Weights; n: number; skip?: Uint8Array }): Recommendation {
  const skip = seenMask(fitted.items, history);
  if (opts.skip) for (let i = 0; i < skip.length; i++) skip[i]! |= opts.skip[i]!;
  const c = rankerLists(fitted, history, skip);
  const lists: RankLists = { ...c.lists };
  if (fitted.learned) lists.learned = learnedList(fitted.learned, c, fitted.params.blend.c, fitted.params.blend.topK);
  const fused = fuse(lists, opts.weights ?? DEFAULT_WEIGHTS, fitted.params.blend);
  return { items: fused.items.slice(0, opts.n), scores: fused.scores.slice(0, opts.n), lists };
}
