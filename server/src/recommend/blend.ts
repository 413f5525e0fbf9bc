// Blending rankers by rank (weighted reciprocal-rank fusion): each ranker's top list gives the title
// at position r (0-based) weight / (c + r + 1); a title's blended score is the sum. Ranks, not scores,
// because the rankers' scores live on unrelated scales (cosines, counts, regression weights).
import type { RankerName, Weights } from './recs.types.js';

export interface BlendParams {
  /** how many of each ranker's best titles take part */
  topK: number;
  /** the fusion constant: small trusts the first places more */
  c: number;
}

export const BLEND_DEFAULTS: BlendParams = { topK: 100, c: 10 };

/**
 * Default weights, found by `searchWeights` (coordinate ascent over a grid, HR@10 + NDCG@10 / 2) on real
 * MovieLens ratings (ml-latest-small as of 2016: 671 users, 9,066 titles, 100,004 ratings; see
 * bench/README.md for where it comes from) with every user's last rating set aside, so that the figures
 * reported on it are of data the search never saw. The search pooled the whole set and four draws of
 * households of 4 (the setting a real server is in), on each user's second-last rating, starting from the
 * design's weights (collaborative 0.3, content 0.2, EASE 0.25, learned 0.2, popularity 0.05). Co-watching
 * (itemKnn) and EASE add little once the learned re-ranker and last-watched neighbours are in; content
 * carries what a small household cannot. Checked on ml-100k, which the search never saw: see bench/README.md.
 */
export const DEFAULT_WEIGHTS: Weights = { popularity: 0.142, itemKnn: 0.019, lastItems: 0.263, content: 0.189, ease: 0.019, learned: 0.368 };

export type RankLists = Partial<Record<RankerName, ArrayLike<number>>>;

/** The blended order of every title on any list, best first (ties: the lower index first). */
export function fuse(lists: RankLists, weights: Weights, params: BlendParams = BLEND_DEFAULTS): { items: Int32Array; scores: Float64Array } {
  const score = new Map<number, number>();
  for (const [name, list] of Object.entries(lists) as [RankerName, ArrayLike<number>][]) {
    const w = weights[name];
    if (!(w > 0)) continue;
    const n = Math.min(list.length, params.topK);
    for (let r = 0; r < n; r++) score.set(list[r]!, (score.get(list[r]!) ?? 0) + w / (params.c + r + 1));
  }
  const entries = [...score].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return { items: Int32Array.from(entries, (e) => e[0]), scores: Float64Array.from(entries, (e) => e[1]) };
}

/**
 * Where `target` lands in the blend (0-based, ties counted against it), or Infinity when no list has it:
 * the same answer as looking it up in fuse()'s order, without sorting (the weight search calls this a lot).
 */
export function fusedRank(lists: RankLists, weights: Weights, target: number, params: BlendParams = BLEND_DEFAULTS): number {
  let mine = 0;
  let listed = false;
  const entries = Object.entries(lists) as [RankerName, ArrayLike<number>][];
  for (const [name, list] of entries) {
    const w = weights[name];
    if (!(w > 0)) continue;
    const n = Math.min(list.length, params.topK);
    for (let r = 0; r < n; r++) if (list[r] === target) (mine += w / (params.c + r + 1)), (listed = true);
  }
  if (!listed) return Infinity;
  // only titles that can beat the target matter: those in some list's first places
  const score = new Map<number, number>();
  for (const [name, list] of entries) {
    const w = weights[name];
    if (!(w > 0)) continue;
    const n = Math.min(list.length, params.topK);
    for (let r = 0; r < n; r++) {
      const item = list[r]!;
      if (item !== target) score.set(item, (score.get(item) ?? 0) + w / (params.c + r + 1));
    }
  }
  let rank = 0;
  for (const [item, s] of score) if (s > mine || (s === mine && item < target)) rank++;
  return rank;
}
