// Typo corrections against the catalogue's own words.
import { describe, expect, test } from 'vitest';
import { createVocabulary, editDistance, prefixDistance, typoBudget } from '../../../server/src/search/typo-vocabulary.js';

describe('edit distances', () => {
  test.each([
    ['stranger', 'stranger', 0],
    ['strnger', 'stranger', 1], // a letter left out
    ['amlie', 'amelie', 1],
    ['teh', 'the', 1], // neighbours swapped
    ['drak', 'dark', 1],
    ['offce', 'office', 1],
    ['stranger', 'strange', 1],
    ['kitten', 'sitting', 3],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b, 3)).toBe(distance);
  });

  test('over the budget answers budget + 1, early', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });

  test.each([
    ['strn', 'stranger', 1],
    ['stra', 'stranger', 0],
    ['strnger', 'stranger', 1],
    ['montain', 'mountains', 1],
    ['xyz', 'stranger', 2],
  ])('prefix distance %s → %s: %i', (word, term, distance) => {
    expect(prefixDistance(word, term, 1)).toBe(distance);
  });

  test.each([[1, 0], [3, 0], [4, 1], [7, 1], [8, 2], [20, 2]])('a word of %i letters may hold %i typos', (length, budget) => {
    expect(typoBudget(length)).toBe(budget);
  });
});

describe('a vocabulary', () => {
  const vocab = createVocabulary(
    ['stranger', 'strange', 'stronger', 'things', 'the', 'office', 'officer', 'amelie', 'dark', 'water', 'mountain', 'mountains', '1917', 'winona', 'ryder'].map((term, i) => ({ term, docs: 100 - i })),
  );

  test('corrects a whole word to the words one edit away (two from 8 letters), nearest and most common first', () => {
    expect(vocab.corrections('strnger', { prefix: false, limit: 5 })).toEqual([
      { term: 'stranger', distance: 1 },
      { term: 'stronger', distance: 1 },
    ]);
    expect(vocab.corrections('amlie', { prefix: false, limit: 5 })).toEqual([{ term: 'amelie', distance: 1 }]);
    expect(vocab.corrections('drak', { prefix: false, limit: 5 })).toEqual([{ term: 'dark', distance: 1 }]);
    expect(vocab.corrections('montains', { prefix: false, limit: 5 })).toEqual([
      { term: 'mountains', distance: 1 },
      { term: 'mountain', distance: 2 },
    ]);
  });

  test('a word being typed is corrected by the beginnings of words', () => {
    expect(vocab.corrections('strn', { prefix: true, limit: 5 }).map((c) => c.term)).toEqual(['stranger', 'strange', 'stronger']);
    expect(vocab.corrections('offce', { prefix: true, limit: 5 }).map((c) => c.term)).toEqual(['office', 'officer']);
  });

  test('no corrections for short words, numbers, or a word itself', () => {
    expect(vocab.corrections('teh', { prefix: false, limit: 5 })).toEqual([]);
    expect(vocab.corrections('1916', { prefix: false, limit: 5 })).toEqual([]);
    expect(vocab.corrections('office', { prefix: false, limit: 5 })).toEqual([{ term: 'officer', distance: 1 }]);
  });

  test('knows which beginnings exist', () => {
    expect(vocab.hasPrefix('stra')).toBe(true);
    expect(vocab.hasPrefix('strn')).toBe(false);
    expect(vocab.hasPrefix('')).toBe(true);
  });
});
