// Item neighbours from what is watched one after the other (session-style kNN): two titles are alike
// when profiles watch them close together in time order, the next one counting more than the one
// before. Scored from the profile's last few titles, the most recent weighing most — what a viewer
// just watched says more about tonight than what they watched last year (series, sequels, moods).
import { buildNeighbours, byItem, type Neighbours } from './neighbours.js';
import { scoreNeighbours } from './item-knn.js';
import type { Ranker } from './recs.types.js';

export interface LastItemsParams {
  neighbours: number;
  /** pairs up to this many steps apart in a profile's history count */
  window: number;
  /** a pair's weight falls as 1 / distance^decay */
  decay: number;
  /** a pair in the other direction (b before a) counts this much of a forward one */
  backward: number;
  shrink: number;
  /** the history's last `last` titles are scored, the k-th from the end weighing recency^k */
  last: number;
  recency: number;
}

export const LAST_ITEMS_DEFAULTS: LastItemsParams = { neighbours: 200, window: 20, decay: 0.5, backward: 0.5, shrink: 10, last: 20, recency: 0.85 };

export function lastItemsRanker(params: LastItemsParams = LAST_ITEMS_DEFAULTS): Ranker<Neighbours> {
  return {
    name: 'lastItems',
    fit({ interactions: d }) {
      const items = d.itemKeys.length;
      const cols = byItem(d);
      const count = new Float64Array(items);
      for (let k = 0; k < d.item.length; k++) count[d.item[k]!]! += d.weight[k]!;
      const distance = Float64Array.from({ length: params.window + 1 }, (_, s) => (s === 0 ? 0 : s ** -params.decay));
      return buildNeighbours(
        items,
        params.neighbours,
        (i, acc, touch) => {
          for (let c = cols.offsets[i]!; c < cols.offsets[i + 1]!; c++) {
            const p = cols.profile[c]!;
            const at = cols.row[c]!;
            const from = Math.max(d.offsets[p]!, at - params.window);
            const to = Math.min(d.offsets[p + 1]! - 1, at + params.window);
            const wi = d.weight[at]!;
            for (let k = from; k <= to; k++) {
              if (k === at) continue;
              const j = d.item[k]!;
              touch(j);
              acc[j]! += wi * d.weight[k]! * distance[Math.abs(k - at)]! * (k > at ? 1 : params.backward);
            }
          }
        },
        (i, j, raw) => raw / (Math.sqrt(count[i]! * count[j]!) + params.shrink),
      );
    },
    score(m, history, out) {
      out.fill(0);
      scoreNeighbours(m, history, out, (k) => params.recency ** k, params.last);
    },
  };
}
