// The recommender's pure parts: top-k, the interaction model, MovieLens parsing, each ranker on data
// made to favour it, and the evaluation on a generated MovieLens-format set.
import { describe, expect, test } from 'vitest';
import { BLEND_DEFAULTS, DEFAULT_WEIGHTS, fuse, fusedRank } from '../../../server/src/recommend/blend.js';
import { invertSpd } from '../../../server/src/recommend/ease.js';
import { evaluate, householdsOf } from '../../../server/src/recommend/evaluate.js';
import { buildFeatures } from '../../../server/src/recommend/features.js';
import { buildInteractions, historyOf } from '../../../server/src/recommend/interactions.js';
import { MovieLensError, parseMovieLens, splitCsv } from '../../../server/src/recommend/movielens.js';
import { fitRecs, rankersFor, recommend, RECS_DEFAULTS } from '../../../server/src/recommend/rankers.js';
import { BASE_RANKERS, RANKER_NAMES, type RecsData } from '../../../server/src/recommend/recs.types.js';
import { generateMovieLens, toMl100k, toMovieLensCsv } from '../../../server/src/recommend/synthetic.js';
import { rankOf, topK } from '../../../server/src/recommend/top-k.js';

describe('topK and rankOf', () => {
  test.each([
    [[3, 1, 2, 5, 4], 3, null, [3, 4, 0]],
    [[1, 1, 1, 1], 2, null, [0, 1]],
    [[5, 4, 3], 5, null, [0, 1, 2]],
    [[5, 4, 3, 9], 2, Uint8Array.of(0, 0, 0, 1), [0, 1]],
    [[], 3, null, []],
  ])('topK(%j, %i) skipping %j is %j', (scores, k, skip, want) => {
    expect(Array.from(topK(scores, k, skip))).toEqual(want);
  });

  test('ties count against the target', () => {
    expect(rankOf([0, 0, 0, 0], 2)).toBe(3);
    expect(rankOf([1, 3, 2, 0], 2)).toBe(1);
    expect(rankOf([1, 3, 2, 0], 2, Uint8Array.of(0, 1, 0, 0))).toBe(0);
  });
});

describe('the interaction model', () => {
  test("each profile's titles once, oldest first, a repeat at its latest time with its strongest weight", () => {
    const d = buildInteractions({
      profileKeys: ['a', 'b'],
      itemKeys: ['x', 'y', 'z'],
      profile: [0, 0, 1, 0, 0],
      item: [0, 1, 2, 0, 2],
      at: [10, 5, 1, 20, 20],
      weight: [1, 0.5, 1, 0.2, 0.7],
    });
    expect(Array.from(d.offsets)).toEqual([0, 3, 4]);
    const a = historyOf(d, 0);
    expect(Array.from(a.items)).toEqual([1, 0, 2]);
    expect(Array.from(a.at)).toEqual([5, 20, 20]);
    expect(Array.from(a.weight)).toEqual([0.5, 1, Math.fround(0.7)]);
  });
});

describe('MovieLens files', () => {
  test('ml-100k and csv flavours read the same data', () => {
    const s = generateMovieLens({ users: 20, items: 60, ratings: 600, clusters: 4, seed: 3 });
    const a = toMl100k(s);
    const b = toMovieLensCsv(s);
    const x = parseMovieLens({ flavour: '100k', ratings: a.uData, items: a.uItem });
    const y = parseMovieLens({ flavour: 'csv', ratings: b.ratingsCsv, items: b.moviesCsv });
    expect(x.interactions.item.length).toBe(s.user.length);
    expect(Array.from(y.interactions.item)).toEqual(Array.from(x.interactions.item));
    expect(y.features.terms.toSorted()).toEqual(x.features.terms.toSorted());
  });

  test.each([
    ['user_id\titem_id\trating\ttimestamp', 'movieid|movietitle|releasedate|videoreleasedate|IMDbURL|unknown|Action'],
    ['user\titem\trating\ttimestamp', 'item id | movie title | release date'],
    ['userId\tmovieId\trating\ttimestamp', 'movie_id|title'],
  ])('a copy of ml-100k with a line of column names (%j) reads as the original', (ratingsHeader, itemsHeader) => {
    const a = toMl100k(generateMovieLens({ users: 20, items: 60, ratings: 600, clusters: 4, seed: 3 }));
    const plain = parseMovieLens({ flavour: '100k', ratings: a.uData, items: a.uItem });
    const headed = parseMovieLens({ flavour: '100k', ratings: `${ratingsHeader}\n${a.uData}`, items: `${itemsHeader}\n${a.uItem}` });
    expect(headed.interactions).toEqual(plain.interactions);
    expect(headed.features).toEqual(plain.features);
    // the header is counted in the line numbers; one anywhere else is a malformed line
    const lines = a.uData.trimEnd().split('\n').length;
    expect(() => parseMovieLens({ flavour: '100k', ratings: `${ratingsHeader}\n${a.uData}${ratingsHeader}\n`, items: a.uItem })).toThrow(`u.data line ${lines + 2}:`);
  });

  test('genres and the year in the title become terms', () => {
    const data = parseMovieLens({ flavour: 'csv', ratings: 'userId,movieId,rating,timestamp\n1,7,4.0,100\n', items: 'movieId,title,genres\n7,"Heat, The (1995)",Action|Crime\n' });
    expect(data.features.terms).toEqual(['g:action', 'g:crime', 'y:1995']);
    expect(splitCsv('1,"a, ""b""",c')).toEqual(['1', 'a, "b"', 'c']);
  });

  test.each([
    ['100k', '1\t2\t3\n', '2|T|||' + '|0'.repeat(19), /u.data line 1/],
    ['100k', '1\t2\t3\t4\n', '2|T|x', /u.item line 1/],
    ['csv', 'userId,movieId,rating,timestamp\n1,2,x,4\n', 'movieId,title,genres\n2,T,Drama\n', /ratings.csv line 2/],
    ['csv', '', 'movieId,title,genres\n2,T,Drama\n', /has no ratings/],
  ] as const)('a malformed %s file is refused with its line', (flavour, ratings, items, message) => {
    expect(() => parseMovieLens({ flavour, ratings, items })).toThrow(MovieLensError);
    expect(() => parseMovieLens({ flavour, ratings, items })).toThrow(message);
  });
});

/** Three profiles; two share a taste (items 0-3), the third watched items 4-5 in order. */
function tiny(): RecsData {
  const rows = [
    [0, 0, 1], [0, 1, 2], [0, 2, 3], [0, 3, 4],
    [1, 0, 1], [1, 1, 2], [1, 2, 3],
    [2, 4, 1], [2, 5, 2],
  ];
  return {
    interactions: buildInteractions({
      profileKeys: ['p0', 'p1', 'p2'],
      itemKeys: ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'],
      profile: rows.map((r) => r[0]!),
      item: rows.map((r) => r[1]!),
      at: rows.map((r) => r[2]! * 86_400_000),
      weight: rows.map(() => 1),
    }),
    features: buildFeatures(['a', 'a', 'a', 'b', 'b', 'b'].map((g) => ({ genres: [g], people: [], studio: null, year: 2000, keywords: [] }))),
  };
}

describe('rankers', () => {
  test('the collaborative rankers propose what the profile with the same taste watched next', () => {
    const data = tiny();
    const fitted = fitRecs(data, RECS_DEFAULTS);
    const table = rankersFor(RECS_DEFAULTS);
    const history = historyOf(data.interactions, 1);
    for (const name of ['itemKnn', 'lastItems', 'ease'] as const) {
      const out = new Float32Array(6);
      table[name].score(fitted.models[name] as never, history, out);
      expect(topK(out, 1, Uint8Array.of(1, 1, 1, 0, 0, 0))[0], name).toBe(3);
    }
  });

  test('content similarity prefers titles sharing rare terms', () => {
    const data = tiny();
    const fitted = fitRecs(data, RECS_DEFAULTS);
    const out = new Float32Array(6);
    rankersFor(RECS_DEFAULTS).content.score(fitted.models.content, historyOf(data.interactions, 2), out);
    expect(out[3]).toBeGreaterThan(out[0]!);
  });

  test('recommend() blends the lists, skips what was seen and what the caller skips', () => {
    const data = tiny();
    const fitted = fitRecs(data, RECS_DEFAULTS);
    const history = historyOf(data.interactions, 1);
    const recs = recommend(fitted, history, { n: 3 });
    expect(recs.items[0]).toBe(3);
    expect(Array.from(recs.items).some((i) => i < 3)).toBe(false);
    const skipped = recommend(fitted, history, { n: 3, skip: Uint8Array.of(0, 0, 0, 1, 0, 0) });
    expect(Array.from(skipped.items)).not.toContain(3);
  });

  test('fusedRank agrees with the fused order', () => {
    const lists = { popularity: [4, 2, 9, 1], itemKnn: [2, 9, 4], content: [7, 1] };
    const weights = { ...DEFAULT_WEIGHTS, itemKnn: 0.3 };
    const order = Array.from(fuse(lists, weights, BLEND_DEFAULTS).items);
    for (const target of [4, 2, 9, 1, 7]) expect(fusedRank(lists, weights, target)).toBe(order.indexOf(target));
    expect(fusedRank(lists, weights, 5)).toBe(Infinity);
  });

  test('invertSpd inverts a symmetric positive definite matrix', () => {
    const a = Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2);
    const inv = a.slice();
    invertSpd(inv, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });
});

describe('evaluation on a generated MovieLens-format set', () => {
  const s = generateMovieLens({ users: 200, items: 500, ratings: 16_000, clusters: 10, seed: 7 });
  const files = toMl100k(s);
  const data = parseMovieLens({ flavour: '100k', ratings: files.uData, items: files.uItem });

  test('personalised rankers and the blend beat popularity', () => {
    const r = evaluate(data, { household: null, seed: 1 });
    expect(r.users).toBe(200);
    expect(Object.keys(r.rankers).toSorted()).toEqual([...RANKER_NAMES, 'blend', 'blendTuned'].toSorted());
    for (const m of Object.values(r.rankers)) {
      expect(m.hr10).toBeGreaterThanOrEqual(0);
      expect(m.ndcg10).toBeLessThanOrEqual(m.hr10);
    }
    expect(r.rankers.lastItems.hr10).toBeGreaterThan(r.rankers.popularity.hr10);
    expect(r.rankers.ease.hr10).toBeGreaterThan(r.rankers.popularity.hr10);
    expect(r.rankers.blend.hr10).toBeGreaterThan(r.rankers.popularity.hr10);
    // the paired comparison counts the same hits as the two HR@10 figures
    const v = r.versusBest;
    const best = Math.max(...BASE_RANKERS.map((name) => r.rankers[name].hr10));
    expect(r.rankers[v.ranker].hr10).toBe(best);
    expect(v.blendOnly - v.rankerOnly).toBe(Math.round((r.rankers.blend.hr10 - best) * r.users));
    expect(v.p).toBeGreaterThan(0);
    expect(v.p).toBeLessThanOrEqual(1);
  });

  test('households of 4: random groups, the same for a seed; fitted within each one', () => {
    expect(householdsOf(10, 4, 5)).toEqual(householdsOf(10, 4, 5));
    expect(householdsOf(10, 4, 5).map((g) => g.length)).toEqual([4, 4, 2]);
    expect(householdsOf(10, 4, 5).flat().toSorted((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = evaluate(data, { household: 4, seed: 5 });
    expect(r.household).toBe(4);
    expect(r.users).toBe(200);
    expect(r.rankers.blend.hr10).toBeGreaterThan(r.rankers.popularity.hr10);
  });
});
