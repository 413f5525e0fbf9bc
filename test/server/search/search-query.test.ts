// The query's words and the FTS5 queries made of them: user text never reaches MATCH as an operator.
import { describe, expect, test } from 'vitest';
import { ftsString, MAX_QUERY_WORDS, queryWords, substringMatch, wordsMatch } from '../../../server/src/search/search-query.js';

describe('queryWords', () => {
  test.each([
    ['strnger thi', [{ text: 'strnger', prefix: false }, { text: 'thi', prefix: true }]],
    ['the offi', [{ text: 'the', prefix: false }, { text: 'offi', prefix: true }]],
    ['the office ', [{ text: 'the', prefix: false }, { text: 'office', prefix: false }]],
    ['Amélie', [{ text: 'amelie', prefix: true }]],
    ['NEAR(', [{ text: 'near', prefix: true }]],
    ['"', []],
    ['*', []],
    ['-', []],
    ['   ', []],
    ['a OR b', [{ text: 'a', prefix: false }, { text: 'or', prefix: false }, { text: 'b', prefix: true }]],
  ])('%j', (query, words) => {
    expect(queryWords(query)).toEqual(words);
  });

  test(`words after the ${MAX_QUERY_WORDS}th are ignored, and none of those kept is still being typed`, () => {
    const words = queryWords('one two three four five six seven eight nine ten');
    expect(words.map((w) => w.text)).toEqual(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight']);
    expect(words.every((w) => !w.prefix)).toBe(true);
  });

  test('a very long word is cut to 40 letters', () => {
    expect(queryWords('x'.repeat(10_000))[0]!.text).toHaveLength(40);
  });
});

describe('FTS5 queries', () => {
  test.each([
    ['office', '"office"'],
    ['say "hi"', '"say ""hi"""'],
    ['NEAR(', '"NEAR("'],
    ['*', '"*"'],
    ['-x', '"-x"'],
    ['OR', '"OR"'],
  ])('%j is quoted as %s', (term, quoted) => {
    expect(ftsString(term)).toBe(quoted);
  });

  test('every word must match one of its terms; the word being typed as a prefix', () => {
    expect(wordsMatch([{ exact: ['strnger', 'stranger'], prefixes: [] }, { exact: [], prefixes: ['thi'] }])).toBe('("strnger" OR "stranger") AND "thi"*');
    expect(wordsMatch([{ exact: ['the'], prefixes: [] }, { exact: [], prefixes: ['offi'] }])).toBe('"the" AND "offi"*');
  });

  test('one short word being typed: the name must begin with it', () => {
    expect(wordsMatch([{ exact: [], prefixes: ['st'] }], { initial: true })).toBe('^"st"*');
    expect(wordsMatch([{ exact: ['strange'], prefixes: ['st'] }], { initial: true })).toBe('("st"* OR "strange")');
  });

  test('a word with no term at all: no query', () => {
    expect(wordsMatch([])).toBeNull();
    expect(wordsMatch([{ exact: [], prefixes: [] }])).toBeNull();
  });

  test('substrings: words of three letters or more', () => {
    expect(substringMatch(['ranger', 'of', 'thi'])).toBe('"ranger" AND "thi"');
    expect(substringMatch(['a', 'of'])).toBeNull();
  });
});
