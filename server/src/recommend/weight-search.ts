// Finding the blend's weights: coordinate ascent over a grid, on the validation split (each profile's
// second-last interaction), maximising HR@10 + NDCG@10 / 2.
import { blendMetrics, type Case } from './evaluate.js';
import type { BlendParams } from './blend.js';
import { RANKER_NAMES, type Weights } from './recs.types.js';

const GRID = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1];

export function searchWeights(cases: readonly Case[], blend: BlendParams, start: Weights, rounds = 3): Weights {
  const objective = (w: Weights) => {
    const m = blendMetrics(cases, w, blend);
    return m.hr10 + m.ndcg10 / 2;
  };
  let best = { ...start };
  let bestValue = objective(best);
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const name of RANKER_NAMES) {
      for (const v of GRID) {
        if (v === best[name]) continue;
        const trial = { ...best, [name]: v };
        const value = objective(trial);
        if (value > bestValue + 1e-9) {
          best = trial;
          bestValue = value;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  // the same blend with weights summing to 1 (only their ratios matter)
  const sum = RANKER_NAMES.reduce((s, n) => s + best[n], 0) || 1;
  return Object.fromEntries(RANKER_NAMES.map((n) => [n, Math.round((best[n] / sum) * 1000) / 1000])) as Weights;
}
