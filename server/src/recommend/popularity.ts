// Time-decayed popularity: what the household (or everyone) watched lately, each watch fading with a
// half-life. Scored as of the profile's latest interaction, so a profile that stopped watching months
// ago is shown what was popular then, never anything watched after that moment.
import type { History, Ranker } from './recs.types.js';

export interface PopularityParams {
  halfLifeDays: number;
}

export const POPULARITY_DEFAULTS: PopularityParams = { halfLifeDays: 30 };

export interface PopularityModel {
  items: number;
  halfLifeMs: number;
  /** every interaction, oldest first */
  at: Float64Array;
  item: Int32Array;
  weight: Float32Array;
}

const DAY_MS = 86_400_000;
/** past 30 half-lives a watch weighs under a billionth: not worth adding */
const HORIZON = 30;

export function popularityRanker(params: PopularityParams = POPULARITY_DEFAULTS): Ranker<PopularityModel> {
  const halfLifeMs = params.halfLifeDays * DAY_MS;
  return {
    name: 'popularity',
    fit({ interactions: d }) {
      const order = Array.from(d.at.keys()).sort((a, b) => d.at[a]! - d.at[b]! || a - b);
      return {
        items: d.itemKeys.length,
        halfLifeMs,
        at: Float64Array.from(order, (k) => d.at[k]!),
        item: Int32Array.from(order, (k) => d.item[k]!),
        weight: Float32Array.from(order, (k) => d.weight[k]!),
      };
    },
    score(m, history: History, out) {
      out.fill(0);
      const n = m.at.length;
      if (n === 0) return;
      // as of the profile's latest interaction; a profile without any gets the latest moment
      const now = history.at.length > 0 ? history.at[history.at.length - 1]! : m.at[n - 1]!;
      // the first interaction after `now`
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (m.at[mid]! <= now) lo = mid + 1;
        else hi = mid;
      }
      const rate = Math.LN2 / m.halfLifeMs;
      const horizon = now - HORIZON * m.halfLifeMs;
      for (let k = lo - 1; k >= 0 && m.at[k]! >= horizon; k--) out[m.item[k]!]! += m.weight[k]! * Math.exp(-(now - m.at[k]!) * rate);
    },
  };
}
