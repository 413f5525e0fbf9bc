// Item neighbours from co-watching: two titles are alike when the same profiles watched both.
// Cosine over the profiles' weighted watch vectors, shrunk toward 0 when few profiles back it
// (sim = c_ij / (sqrt(n_i n_j) + shrink)), each profile's pairs damped by its history's length
// (a profile that watched everything says little about any pair).
import { buildNeighbours, byItem, type Neighbours } from './neighbours.js';
import type { History, Ranker } from './recs.types.js';

export interface ItemKnnParams {
  /** neighbours kept per item */
  neighbours: number;
  shrink: number;
  /** each profile's contribution is divided by (1 + its history length)^damping; 0: none */
  damping: number;
}

export const ITEM_KNN_DEFAULTS: ItemKnnParams = { neighbours: 100, shrink: 10, damping: 0.3 };

export function itemKnnRanker(params: ItemKnnParams = ITEM_KNN_DEFAULTS): Ranker<Neighbours> {
  return {
    name: 'itemKnn',
    fit({ interactions: d }) {
      const items = d.itemKeys.length;
      const cols = byItem(d);
      const profileScale = new Float64Array(d.profileKeys.length);
      for (let p = 0; p < profileScale.length; p++) profileScale[p] = (1 + d.offsets[p + 1]! - d.offsets[p]!) ** -params.damping;
      const norm = new Float64Array(items);
      for (let i = 0; i < items; i++) {
        for (let c = cols.offsets[i]!; c < cols.offsets[i + 1]!; c++) norm[i]! += d.weight[cols.row[c]!]! ** 2 * profileScale[cols.profile[c]!]!;
        norm[i] = Math.sqrt(norm[i]!);
      }
      return buildNeighbours(
        items,
        params.neighbours,
        (i, acc, touch) => {
          for (let c = cols.offsets[i]!; c < cols.offsets[i + 1]!; c++) {
            const p = cols.profile[c]!;
            const wi = d.weight[cols.row[c]!]! * profileScale[p]!;
            for (let k = d.offsets[p]!; k < d.offsets[p + 1]!; k++) {
              const j = d.item[k]!;
              touch(j);
              acc[j]! += wi * d.weight[k]!;
            }
          }
        },
        (i, j, raw) => raw / (norm[i]! * norm[j]! + params.shrink),
      );
    },
    score(m, history, out) {
      out.fill(0);
      scoreNeighbours(m, history, out, (_k) => 1);
    },
  };
}

/** Adds each history item's neighbours, weighted by the interaction's weight and `by(k)` for the k-th item from the end. */
export function scoreNeighbours(m: Neighbours, history: History, out: Float32Array, by: (fromEnd: number) => number, last = history.items.length): void {
  const n = history.items.length;
  for (let k = n - 1; k >= Math.max(0, n - last); k--) {
    const h = history.items[k]!;
    const w = history.weight[k]! * by(n - 1 - k);
    if (w === 0) continue;
    for (let c = m.offsets[h]!; c < m.offsets[h + 1]!; c++) out[m.item[c]!]! += w * m.sim[c]!;
  }
}
