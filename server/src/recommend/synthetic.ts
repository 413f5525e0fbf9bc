// Generated MovieLens-format data with structure for the rankers to find, for tests and benchmarks
// (MovieLens itself is not committed): latent taste clusters that genres and years hint at, skewed
// popularity, titles released during the period (so recent popularity matters), viewing sessions,
// and series-like chains watched in order (so the last title predicts the next).
import { ML100K_GENRES } from './movielens.js';
import { seededRandom, shuffle } from './rng.js';

export interface SyntheticParams {
  users: number;
  items: number;
  ratings: number;
  clusters: number;
  seed: number;
}

export interface SyntheticMovieLens {
  movies: { id: number; title: string; year: number; genres: string[] }[];
  /** parallel columns, in no particular order */
  user: Int32Array;
  item: Int32Array;
  rating: Int8Array;
  /** seconds since the epoch */
  at: Float64Array;
}

const DAY_S = 86_400;
/** ml-100k starts on 1997-09-20 and spans about seven months */
const START_S = 874_724_710;
const SPAN_S = 210 * DAY_S;

export function generateMovieLens(p: SyntheticParams): SyntheticMovieLens {
  const rnd = seededRandom(p.seed);
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const clusterGenres = Array.from({ length: p.clusters }, () => [between(1, 18), between(1, 18)]);
  const clusterYear = Array.from({ length: p.clusters }, () => between(1935, 1996));
  // items: cluster, popularity (Zipf over a random order), release moment, chains of sequels
  const cluster = Int32Array.from({ length: p.items }, () => between(0, p.clusters - 1));
  const order = shuffle(Array.from({ length: p.items }, (_, i) => i), rnd);
  const pop = new Float64Array(p.items);
  order.forEach((i, r) => (pop[i] = 1 / (r + 5) ** 1.1));
  const released = Float64Array.from({ length: p.items }, () => (rnd() < 0.25 ? START_S + rnd() * SPAN_S : 0));
  const next = new Int32Array(p.items).fill(-1);
  const year = Int32Array.from(cluster, (c) => clusterYear[c]! + between(-8, 8));
  const byCluster: number[][] = Array.from({ length: p.clusters }, () => []);
  cluster.forEach((c, i) => byCluster[c]!.push(i));
  for (const members of byCluster) {
    // a fifth of each cluster's titles form chains of 2-5 (sequels, seasons), each a year after the last
    for (let k = 0; k + 1 < members.length * 0.2; ) {
      const length = between(2, 5);
      for (let s = 0; s + 1 < length && k + 1 < members.length; s++, k++) {
        next[members[k]!] = members[k + 1]!;
        year[members[k + 1]!] = year[members[k]!]! + 1;
        released[members[k + 1]!] = Math.max(released[members[k + 1]!]!, released[members[k]!]!);
      }
      k++;
    }
  }
  const cumulative = byCluster.map((members) => {
    const c = new Float64Array(members.length);
    let s = 0;
    members.forEach((i, k) => (c[k] = s += pop[i]!));
    return c;
  });
  const popCumulative = new Float64Array(p.items);
  let total = 0;
  for (let i = 0; i < p.items; i++) popCumulative[i] = total += pop[i]!;
  const draw = (c: Float64Array) => {
    const x = rnd() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const movies = Array.from({ length: p.items }, (_, i) => {
    const genres = new Set([ML100K_GENRES[clusterGenres[cluster[i]!]![0]!]!]);
    if (rnd() < 0.6) genres.add(ML100K_GENRES[clusterGenres[cluster[i]!]![1]!]!);
    if (rnd() < 0.3) genres.add(ML100K_GENRES[between(1, 18)]!);
    return { id: i + 1, title: `Title ${i + 1} (${year[i]})`, year: year[i]!, genres: [...genres] };
  });

  // users: activity from a heavy-tailed share of the ratings, at least 20 each as in MovieLens
  const share = Float64Array.from({ length: p.users }, () => Math.exp(rnd() * 3));
  const shareSum = share.reduce((a, b) => a + b, 0);
  const user: number[] = [];
  const item: number[] = [];
  const rating: number[] = [];
  const at: number[] = [];
  const seen = new Int32Array(p.items).fill(-1);
  for (let u = 0; u < p.users; u++) {
    const count = Math.min(p.items / 2, Math.max(20, Math.round(((p.ratings - 20 * p.users) * share[u]!) / shareSum) + 20));
    const tastes = [between(0, p.clusters - 1), between(0, p.clusters - 1), between(0, p.clusters - 1)];
    let t = START_S + rnd() * SPAN_S * 0.8;
    let last = -1;
    let lastCluster = tastes[0]!;
    for (let n = 0; n < count; n++) {
      // sessions: a few minutes between ratings, days between sessions
      t += rnd() < 0.15 ? rnd() * 10 * DAY_S : rnd() * 600;
      let pick = -1;
      if (last >= 0 && next[last]! >= 0 && seen[next[last]!] !== u && released[next[last]!]! <= t && rnd() < 0.7) pick = next[last]!;
      for (let tries = 0; pick < 0 && tries < 50; tries++) {
        let i: number;
        if (rnd() < 0.15) i = draw(popCumulative);
        else {
          const r = rnd();
          const c = r < 0.4 ? lastCluster : r < 0.75 ? tastes[0]! : r < 0.92 ? tastes[1]! : tastes[2]!;
          i = byCluster[c]!.length > 0 ? byCluster[c]![draw(cumulative[c]!)]! : draw(popCumulative);
        }
        // not out yet, or seen: draw again; a recent release is likelier to be taken
        if (seen[i] === u || released[i]! > t) continue;
        if (released[i]! > 0 && t - released[i]! > 30 * DAY_S && rnd() < 0.5) continue;
        pick = i;
      }
      if (pick < 0) continue;
      seen[pick] = u;
      last = pick;
      lastCluster = cluster[pick]!;
      user.push(u + 1);
      item.push(pick + 1);
      rating.push(between(2, 5));
      at.push(Math.floor(t));
    }
  }
  return { movies, user: Int32Array.from(user), item: Int32Array.from(item), rating: Int8Array.from(rating), at: Float64Array.from(at) };
}

/** The data as ml-100k's u.data and u.item. */
export function toMl100k(s: SyntheticMovieLens): { uData: string; uItem: string } {
  const uData = Array.from(s.user, (u, k) => `${u}\t${s.item[k]}\t${s.rating[k]}\t${s.at[k]}`).join('\n');
  const uItem = s.movies
    .map((m) => [m.id, m.title, `01-Jan-${m.year}`, '', '', ...ML100K_GENRES.map((g) => (m.genres.includes(g) ? '1' : '0'))].join('|'))
    .join('\n');
  return { uData: `${uData}\n`, uItem: `${uItem}\n` };
}

/** The data as ml-latest-small's ratings.csv and movies.csv. */
export function toMovieLensCsv(s: SyntheticMovieLens): { ratingsCsv: string; moviesCsv: string } {
  const ratings = Array.from(s.user, (u, k) => `${u},${s.item[k]},${s.rating[k]}.0,${s.at[k]}`);
  const movies = s.movies.map((m) => `${m.id},"${m.title}",${m.genres.join('|') || '(no genres listed)'}`);
  return { ratingsCsv: ['userId,movieId,rating,timestamp', ...ratings, ''].join('\n'), moviesCsv: ['movieId,title,genres', ...movies, ''].join('\n') };
}
