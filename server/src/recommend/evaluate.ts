// Offline evaluation (leave-last-out by time): each profile with at least 5 interactions has its last
// one held out (the test) and the one before (validation, for the blend's weights and the learned
// re-ranker); every unseen title is ranked; HR@10 and NDCG@10 per ranker and for the blend.
// Household mode fits and evaluates within random groups of K profiles, as a real server sees them.
import { BLEND_DEFAULTS, DEFAULT_WEIGHTS, fusedRank, type RankLists } from './blend.js';
import { mcnemarExactP } from './experiments/stats.js';
import { historyOf, sliceProfiles } from './interactions.js';
import { candidateFeatures, fitLearned, learnedList, type CandidateLists, type LearnedModel, type TrainingCase } from './learned.js';
import { fitRecs, rankerLists, RECS_DEFAULTS, seenMask, type FittedRecs, type RecsParams } from './rankers.js';
import { BASE_RANKERS, type BaseRanker, type RankerName, type RecsData, type Weights } from './recs.types.js';
import { seededRandom, shuffle } from './rng.js';
import { rankOf } from './top-k.js';
import { searchWeights } from './weight-search.js';

export const MIN_INTERACTIONS = 5;
export const CUTOFF = 10;

export interface Metrics {
  hr10: number;
  ndcg10: number;
}

export interface EvalReport {
  users: number;
  items: number;
  seconds: number;
  /** null: the whole data set as one server */
  household: number | null;
  rankers: Record<RankerName | 'blend' | 'blendTuned', Metrics>;
  /**
   * The blend against the best base ranker (by HR@10) user by user: how many test titles only the
   * blend had in its first 10, how many only that ranker, and McNemar's exact p of the difference.
   */
  versusBest: { ranker: BaseRanker; blendOnly: number; rankerOnly: number; p: number };
  /** the weights the search found on this data's validation split (blendTuned uses them) */
  tunedWeights: Weights;
  weights: Weights;
}

/** One evaluated profile at one split: each list, and the title held out. */
export interface Case {
  lists: RankLists;
  target: number;
  /** rank of the target per base ranker over all unseen titles (0-based, ties against it) */
  ranks: Record<BaseRanker, number>;
  features: TrainingCase | null;
  /** the rankers' lists and scores, until the learned re-ranker has listed its own */
  candidates?: CandidateLists;
}

const gain = (rank: number) => (rank < CUTOFF ? 1 / Math.log2(rank + 2) : 0);

export function metricsOf(ranks: readonly number[]): Metrics {
  const n = Math.max(1, ranks.length);
  return { hr10: ranks.filter((r) => r < CUTOFF).length / n, ndcg10: ranks.reduce((s, r) => s + gain(r), 0) / n };
}

/** The blend's metrics over cases, for given weights. */
export function blendMetrics(cases: readonly Case[], weights: Weights, params = BLEND_DEFAULTS): Metrics {
  return metricsOf(cases.map((c) => fusedRank(c.lists, weights, c.target, params)));
}

/** Profiles grouped as the evaluation fits them: all in one, or random households of `size`. */
export function householdsOf(profiles: number, size: number | null, seed: number): number[][] {
  const all = Array.from({ length: profiles }, (_, p) => p);
  if (size === null) return [all];
  shuffle(all, seededRandom(seed));
  const groups: number[][] = [];
  for (let k = 0; k < all.length; k += size) groups.push(all.slice(k, k + size));
  return groups;
}

/** Cases for one split: `heldOut` interactions are removed from the end of every eligible profile. */
function casesFor(data: RecsData, groups: number[][], heldOut: 1 | 2, params: RecsParams, only: ((p: number) => boolean) | null = null): Case[] {
  const d = data.interactions;
  const length = (p: number) => d.offsets[p + 1]! - d.offsets[p]!;
  const eligible = (p: number) => length(p) >= MIN_INTERACTIONS && (only === null || only(p));
  const cases: Case[] = [];
  for (const group of groups) {
    if (!group.some(eligible)) continue;
    const train = sliceProfiles(d, group, (p, n) => (eligible(p) ? n - heldOut : n));
    const fitted = fitRecs({ interactions: train, features: data.features }, params);
    group.forEach((p, k) => {
      if (!eligible(p)) return;
      const target = d.item[d.offsets[p]! + length(p) - heldOut]!;
      const history = historyOf(train, k);
      const skip = seenMask(fitted.items, history);
      const c = rankerLists(fitted, history, skip);
      const ranks = {} as Record<BaseRanker, number>;
      for (const r of BASE_RANKERS) ranks[r] = rankOf(c.scores[r], target, skip);
      const { items, x } = candidateFeatures(c, params.blend.c);
      const positive = items.indexOf(target);
      cases.push({ lists: { ...c.lists }, target, ranks, features: positive >= 0 ? { x, positive } : null, candidates: c });
    });
  }
  return cases;
}

const LEARNED_FIT = { negatives: 20, epochs: 300, rate: 2, l2: 1e-4 };

/**
 * A refit for serving: the learned re-ranker is fitted on every profile's last interaction held out
 * (at most `maxProfiles` of them, drawn at random), then every ranker on all the data.
 */
export function fitForServing(data: RecsData, params: RecsParams = RECS_DEFAULTS, opts = { seed: 1, maxProfiles: 1000 }): FittedRecs {
  const profiles = data.interactions.profileKeys.length;
  const chosen = new Uint8Array(profiles);
  const order = shuffle(Array.from({ length: profiles }, (_, p) => p), seededRandom(opts.seed));
  for (const p of order.slice(0, opts.maxProfiles)) chosen[p] = 1;
  const cases = casesFor(data, [order], 1, params, (p) => chosen[p] === 1);
  const learned = fitLearned(
    cases.flatMap((c) => (c.features ? [c.features] : [])),
    { ...LEARNED_FIT, random: seededRandom(opts.seed + 1) },
  );
  return fitRecs(data, params, cases.length > 0 ? learned : null);
}

/**
 * The validation and test cases of one evaluation, each with every ranker's list (the learned
 * re-ranker fitted on the validation split): blendMetrics() over them scores any weights cheaply.
 */
export function evaluationCases(data: RecsData, opts: { household: number | null; seed: number; params?: RecsParams }): { validation: Case[]; test: Case[] } {
  const params = opts.params ?? RECS_DEFAULTS;
  const groups = householdsOf(data.interactions.profileKeys.length, opts.household, opts.seed);
  const validation = casesFor(data, groups, 2, params);
  const test = casesFor(data, groups, 1, params);
  // the learned re-ranker: fitted on the validation split, applied to both
  const learned: LearnedModel = fitLearned(
    validation.flatMap((c) => (c.features ? [c.features] : [])),
    { ...LEARNED_FIT, random: seededRandom(opts.seed + 1) },
  );
  for (const c of [...validation, ...test]) {
    if (c.candidates) c.lists.learned = learnedList(learned, c.candidates, params.blend.c, params.blend.topK);
    // the scores over all titles are large: only the lists are kept
    delete c.candidates;
    c.features = null;
  }
  return { validation, test };
}

export function evaluate(data: RecsData, opts: { household: number | null; seed: number; params?: RecsParams; weights?: Weights }): EvalReport {
  const t0 = performance.now();
  const params = opts.params ?? RECS_DEFAULTS;
  const weights = opts.weights ?? DEFAULT_WEIGHTS;
  const { validation, test } = evaluationCases(data, opts);
  const tunedWeights = searchWeights(validation, params.blend, weights);
  const rankers = {} as EvalReport['rankers'];
  for (const r of BASE_RANKERS) rankers[r] = metricsOf(test.map((c) => c.ranks[r]));
  rankers.learned = metricsOf(test.map((c) => {
    const at = Array.from(c.lists.learned ?? []).indexOf(c.target);
    return at < 0 ? Infinity : at;
  }));
  const blendRanks = test.map((c) => fusedRank(c.lists, weights, c.target, params.blend));
  rankers.blend = metricsOf(blendRanks);
  rankers.blendTuned = blendMetrics(test, tunedWeights, params.blend);
  const best = BASE_RANKERS.reduce((a, b) => (rankers[b].hr10 > rankers[a].hr10 ? b : a));
  let blendOnly = 0;
  let rankerOnly = 0;
  test.forEach((c, k) => {
    const blendHit = blendRanks[k]! < CUTOFF;
    const rankerHit = c.ranks[best] < CUTOFF;
    if (blendHit && !rankerHit) blendOnly++;
    if (rankerHit && !blendHit) rankerOnly++;
  });
  return {
    users: test.length,
    items: data.interactions.itemKeys.length,
    seconds: (performance.now() - t0) / 1000,
    household: opts.household,
    rankers,
    versusBest: { ranker: best, blendOnly, rankerOnly, p: mcnemarExactP(blendOnly, rankerOnly) },
    tunedWeights,
    weights,
  };
}
