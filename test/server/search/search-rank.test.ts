// Relevance in whole-number steps, then plays.
import { describe, expect, test } from 'vitest';
import { byRelevance, mergeRanges, POINTS, scoreName, type WordMatcher } from '../../../server/src/search/search-rank.js';
import { queryWords } from '../../../server/src/search/search-query.js';

const matchers = (query: string, corrections: Record<string, Record<string, number>> = {}): WordMatcher[] =>
  queryWords(query).map((word) => ({ word, corrections: new Map(Object.entries(corrections[word.text] ?? {})) }));

describe('scoreName', () => {
  test('the name typed word for word beats a longer one, a prefix beats a typo, a typo beats a substring', () => {
    const q = matchers('the offi');
    const exact = scoreName('The Office', q)!;
    const longer = scoreName('The Office Party', q)!;
    expect(exact.score).toBe(POINTS.exact + POINTS.prefix + POINTS.firstWord + POINTS.wholeName);
    expect(longer.score).toBe(POINTS.exact + POINTS.prefix + POINTS.firstWord);
    expect(longer.extraWords).toBe(1);

    const typo = scoreName('Stranger Things', matchers('strnger things', { strnger: { stranger: 1 } }))!;
    expect(typo.score).toBe(POINTS.typo + POINTS.exact + POINTS.firstWord + POINTS.wholeName);
    expect(scoreName('Stranger', matchers('ranger'))!.score).toBe(POINTS.substring + POINTS.firstWord + POINTS.wholeName);
  });

  test('every word must match', () => {
    expect(scoreName('Stranger Things', matchers('stranger office'))).toBeNull();
    expect(scoreName('Amélie', matchers('amelie'))).not.toBeNull();
  });

  test('highlights in the original text, accents and all', () => {
    expect(scoreName('Amélie', matchers('amel'))!.highlights).toEqual([[0, 4]]);
    expect(scoreName('Le Fabuleux Destin d’Amélie Poulain', matchers('amelie poul'))!.highlights).toEqual([[21, 27], [28, 32]]);
    expect(scoreName('Stranger Things', matchers('strnger th', { strnger: { stranger: 1 } }))!.highlights).toEqual([[0, 8], [9, 11]]);
  });

  test('a short finished word must be the word ("a" is not "Amélie")', () => {
    expect(scoreName('Amélie', matchers('a '))).toBeNull();
    expect(scoreName('A Quiet Year', matchers('a q'))!.score).toBeGreaterThan(0);
  });

  test('merged ranges', () => {
    expect(mergeRanges([[4, 8], [0, 3], [2, 5]])).toEqual([[0, 8]]);
  });
});

describe('byRelevance', () => {
  const base = { score: 10, plays: 0, extraWords: 0, fieldOrder: 0, name: 'B', key: 1 };
  test('relevance first, then plays, then titles before people, then fewer extra words, shorter, A to Z', () => {
    const sorted = [
      { ...base, key: 1, score: 9, plays: 50 },
      { ...base, key: 2, plays: 3 },
      { ...base, key: 3, plays: 3, fieldOrder: 2 },
      { ...base, key: 4, extraWords: 1 },
      { ...base, key: 5, name: 'Bb' },
      { ...base, key: 6, name: 'A' },
    ].sort(byRelevance);
    expect(sorted.map((r) => r.key)).toEqual([2, 3, 6, 5, 4, 1]);
  });
});
