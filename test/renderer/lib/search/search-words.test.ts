// The Search page's pure parts: its address, highlighted names, card lines and sections.
import { describe, expect, test } from 'vitest';
import type { SearchHitDto, SearchTitleDto } from '../../../../server/src/http/api-types.js';
import { hrefOf, parseRoute } from '../../../../renderer/src/lib/routes.js';
import {
  cardKey,
  highlightParts,
  matchLabel,
  noResultsLine,
  resultsLine,
  searchHref,
  searchQueryOf,
  searchSections,
  titleHref,
  titleMeta,
} from '../../../../renderer/src/lib/search/search-words.js';

const title = (over: Partial<SearchTitleDto> = {}): SearchTitleDto => ({
  type: 'movie', id: 1, title: 'Amélie', year: 2001, posterUrl: null, seriesId: null, seriesTitle: null, season: null, episode: null, plays: 0, ...over,
});
const hit = (over: Partial<SearchHitDto> = {}): SearchHitDto => ({
  type: 'movie', id: 1, name: 'Amélie', match: { field: 'title', text: 'Amélie', highlights: [[0, 6]] }, title: title(), titles: [], ...over,
});

describe('the address', () => {
  test('#/search is the search route; its query belongs to the page', () => {
    expect(parseRoute('#/search')).toEqual({ name: 'search' });
    expect(parseRoute('#/search?q=the%20offi')).toEqual({ name: 'search' });
    expect(hrefOf({ name: 'search' })).toBe('#/search');
  });

  test.each([
    ['#/search', ''],
    ['#/search?q=the%20offi', 'the offi'],
    ['#/search?q=Am%C3%A9lie&x=1', 'Amélie'],
    ['#/search?q=a%26b%3Dc', 'a&b=c'],
    ['#/search?x=1', ''],
  ])('%s → %j', (hash, query) => {
    expect(searchQueryOf(hash)).toBe(query);
    if (query) expect(searchQueryOf(searchHref(query))).toBe(query);
  });

  test('no text: the bare page', () => {
    expect(searchHref('  ')).toBe('#/search');
  });

  test('a series opens its series page, a movie or an episode its title page', () => {
    expect(titleHref({ type: 'series', id: 3 })).toBe('#/series/3');
    expect(titleHref({ type: 'movie', id: 4 })).toBe('#/item/4');
    expect(titleHref({ type: 'episode', id: 5 })).toBe('#/item/5');
  });
});

describe('highlightParts', () => {
  test.each<[string, [number, number][], { text: string; marked: boolean }[]]>([
    ['Stranger Things', [[0, 8], [9, 11]], [{ text: 'Stranger', marked: true }, { text: ' ', marked: false }, { text: 'Th', marked: true }, { text: 'ings', marked: false }]],
    ['Amélie', [], [{ text: 'Amélie', marked: false }]],
    ['Amélie', [[0, 6]], [{ text: 'Amélie', marked: true }]],
    ['The Office', [[4, 99], [2, 6]], [{ text: 'Th', marked: false }, { text: 'e Office', marked: true }]],
    ['', [[0, 3]], [{ text: '', marked: false }]],
  ])('%j %j', (text, ranges, parts) => {
    expect(highlightParts(text, ranges)).toEqual(parts);
  });
});

describe('words', () => {
  test('the small line under a card', () => {
    expect(titleMeta(title())).toBe('2001');
    expect(titleMeta(title({ year: null }))).toBe('Movie');
    expect(titleMeta(title({ type: 'series', year: 2016 }))).toBe('Series · 2016');
    expect(titleMeta(title({ type: 'episode', seriesTitle: 'The Office', season: 2, episode: 3 }))).toBe('The Office · S02E03');
    expect(titleMeta(title({ type: 'episode' }))).toBe('Episode');
  });

  test('an original title is named; a match on the title itself is shown by its marks', () => {
    expect(matchLabel(hit({ match: { field: 'originalTitle', text: 'Le Fabuleux Destin', highlights: [] } }))).toBe('Original title');
    expect(matchLabel(hit())).toBeNull();
  });

  test('results and no results in words', () => {
    expect(resultsLine(1, 'amelie ')).toBe('1 result for “amelie”');
    expect(resultsLine(12, 'the offi')).toBe('12 results for “the offi”');
    expect(noResultsLine('xyzzy')).toBe('Nothing matches “xyzzy”. Check the spelling, try fewer words, or the start of a name.');
  });

  test('card keys are unique per section', () => {
    expect(cardKey('titles', { type: 'series', id: 1 })).not.toBe(cardKey('person-1', { type: 'series', id: 1 }));
  });
});

test('sections: every title in one grid, people and genres as rows, in the order their best was found', () => {
  const person = hit({ type: 'person', id: 7, name: 'Winona Ryder', title: null, titles: [title({ type: 'series' })] });
  const genre = hit({ type: 'genre', id: 2, name: 'Comedy', title: null, titles: [title()] });
  const a = hit({ id: 1 });
  const b = hit({ id: 2 });
  expect(searchSections([person, a, genre, b])).toEqual([
    { kind: 'person', hit: person },
    { kind: 'titles', hits: [a, b] },
    { kind: 'genre', hit: genre },
  ]);
  expect(searchSections([])).toEqual([]);
});
