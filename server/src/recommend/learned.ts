// The "learned model" of the design: a linear re-ranker over the other rankers' outputs, fitted by
// pairwise logistic regression (the title watched next should outscore the others the rankers
// proposed) on a held-out interaction, never on the one it is evaluated on.
import { BASE_RANKERS, type BaseRanker } from './recs.types.js';

/** Features of a candidate: per ranker, its reciprocal rank (0 when off the list) and its score over the list's best. */
export const LEARNED_FEATURES = BASE_RANKERS.flatMap((r) => [`${r}.rank`, `${r}.score`]);

export interface LearnedModel {
  coef: Float64Array;
}

export interface CandidateLists {
  lists: Record<BaseRanker, Int32Array>;
  /** each ranker's scores over all items */
  scores: Record<BaseRanker, Float32Array>;
}

/** The candidates (every title on any list) and their features, row-major. */
export function candidateFeatures(c: CandidateLists, rankC: number): { items: Int32Array; x: Float64Array } {
  const items = [...new Set(BASE_RANKERS.flatMap((r) => Array.from(c.lists[r])))];
  const f = LEARNED_FEATURES.length;
  const x = new Float64Array(items.length * f);
  const at = new Map(items.map((item, k) => [item, k]));
  BASE_RANKERS.forEach((r, ri) => {
    const list = c.lists[r];
    const best = list.length > 0 ? Math.abs(c.scores[r][list[0]!]!) : 0;
    for (let pos = 0; pos < list.length; pos++) x[at.get(list[pos]!)! * f + 2 * ri] = 1 / (rankC + pos + 1);
    if (best > 0) for (let k = 0; k < items.length; k++) x[k * f + 2 * ri + 1] = c.scores[r][items[k]!]! / best;
  });
  return { items: Int32Array.from(items), x };
}

export interface TrainingCase {
  x: Float64Array;
  /** the row of the title that was watched */
  positive: number;
}

/** Pairwise logistic regression with L2, full-batch gradient descent over (positive, sampled negative) pairs. */
export function fitLearned(cases: readonly TrainingCase[], opts: { negatives: number; epochs: number; rate: number; l2: number; random: () => number }): LearnedModel {
  const f = LEARNED_FEATURES.length;
  const diffs: Float64Array[] = [];
  for (const c of cases) {
    const rows = c.x.length / f;
    for (let s = 0; s < Math.min(opts.negatives, rows - 1); s++) {
      let neg = Math.floor(opts.random() * (rows - 1));
      if (neg >= c.positive) neg++;
      const d = new Float64Array(f);
      for (let j = 0; j < f; j++) d[j] = c.x[c.positive * f + j]! - c.x[neg * f + j]!;
      diffs.push(d);
    }
  }
  const coef = new Float64Array(f);
  // start from an equal-weight rank fusion
  for (let j = 0; j < f; j += 2) coef[j] = 1;
  const grad = new Float64Array(f);
  for (let epoch = 0; epoch < opts.epochs && diffs.length > 0; epoch++) {
    grad.fill(0);
    for (const d of diffs) {
      let z = 0;
      for (let j = 0; j < f; j++) z += coef[j]! * d[j]!;
      const g = -1 / (1 + Math.exp(z));
      for (let j = 0; j < f; j++) grad[j]! += g * d[j]!;
    }
    for (let j = 0; j < f; j++) coef[j]! -= opts.rate * (grad[j]! / diffs.length + opts.l2 * coef[j]!);
  }
  return { coef };
}

/** The candidates ordered by the model, best first. */
export function learnedList(model: LearnedModel, c: CandidateLists, rankC: number, topK: number): Int32Array {
  const { items, x } = candidateFeatures(c, rankC);
  const f = LEARNED_FEATURES.length;
  const score = Array.from(items, (_, k) => {
    let s = 0;
    for (let j = 0; j < f; j++) s += model.coef[j]! * x[k * f + j]!;
    return s;
  });
  const order = Array.from(items.keys()).sort((a, b) => score[b]! - score[a]! || items[a]! - items[b]!);
  return Int32Array.from(order.slice(0, topK), (k) => items[k]!);
}
