import { describe, expect, test } from 'vitest';
import type { ItemDto, TitleCardDto } from '../../../server/src/http/api-types.js';
import {
  cardMeta,
  cardTitle,
  certification,
  countOf,
  episodeCode,
  episodeLabel,
  episodeTitle,
  extraTypeName,
  formatAirDate,
  formatDuration,
  formatPercent,
  formatRating,
  playerTitle,
  titleCardMeta,
} from '../../../renderer/src/lib/format.js';

const movie: ItemDto = {
  id: 1,
  libraryId: 1,
  kind: 'movie',
  title: 'Big Buck Test',
  seriesId: null,
  seriesTitle: null,
  season: null,
  episode: null,
  endingEpisode: null,
  airDate: null,
  extraType: null,
  year: 2020,
  durationMs: 5_520_000,
  width: 1920,
  height: 1080,
  posterUrl: '/api/items/1/artwork/poster',
  offline: false,
  addedAt: '2025-01-01T00:00:00.000Z',
  transcode: { status: 'none', progress: 0, error: null },
};
const episode = (patch: Partial<ItemDto>): ItemDto => ({
  ...movie,
  kind: 'episode',
  title: 'Pilot',
  seriesId: 7,
  seriesTitle: 'Test Show',
  season: 1,
  episode: 2,
  year: null,
  durationMs: 2_520_000,
  ...patch,
});
const extra = (patch: Partial<ItemDto>): ItemDto => ({ ...movie, kind: 'extra', title: 'Making of', extraType: 'behindthescenes', year: null, durationMs: 120_000, ...patch });

describe('episodeCode', () => {
  test.each([
    [1, 2, null, 'S01E02'],
    [12, 105, null, 'S12E105'],
    [null, 7, null, 'E07'],
    [3, null, null, 'S03'],
    [null, null, null, ''],
    [1, 1, 3, 'S01E01–E03'],
    [null, 1, 2, 'E01–E02'],
    // an ending that is not after the start says nothing more
    [1, 3, 3, 'S01E03'],
    [1, 3, 2, 'S01E03'],
  ])('season %s episode %s to %s → %j', (season, ep, end, expected) => {
    expect(episodeCode(season, ep, end)).toBe(expected);
  });
});

describe('formatAirDate and episodeLabel', () => {
  test('a date reads as a date in the given language, whatever the time zone', () => {
    expect(formatAirDate('2024-03-05', 'en-US')).toBe('Mar 5, 2024');
    expect(formatAirDate('2024-12-31', 'en-GB')).toBe('31 Dec 2024');
  });

  test.each(['2024-3-5', 'yesterday', ''])('%j is shown as it came', (text) => {
    expect(formatAirDate(text, 'en-US')).toBe(text);
  });

  test('a daily show is labelled by its air date; a numbered episode by its code', () => {
    expect(episodeLabel(episode({ season: null, episode: null, airDate: '2024-03-05' }), 'en-US')).toBe('Mar 5, 2024');
    expect(episodeLabel(episode({ airDate: '2024-03-05' }), 'en-US')).toBe('S01E02');
    expect(episodeLabel(episode({ episode: 1, endingEpisode: 3 }))).toBe('S01E01–E03');
  });
});

describe('formatDuration', () => {
  test.each([
    [0, ''],
    [-5, ''],
    [Number.NaN, ''],
    [400, '1 s'],
    [2_000, '2 s'],
    [59_400, '59 s'],
    [60_000, '1 min'],
    [24 * 60_000 + 20_000, '24 min'],
    [60 * 60_000, '1 h'],
    [92 * 60_000, '1 h 32 min'],
  ])('%s ms → %j', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatPercent', () => {
  test.each([
    [0, '0\u00a0%'],
    [0.421, '42\u00a0%'],
    [0.999, '99\u00a0%'],
    [1, '100\u00a0%'],
    [1.7, '100\u00a0%'],
    [-1, '0\u00a0%'],
    [Number.NaN, '0\u00a0%'],
  ])('%s → %j', (progress, expected) => {
    expect(formatPercent(progress)).toBe(expected);
  });
});

test.each([
  [0, 'episode', '0 episodes'],
  [1, 'episode', '1 episode'],
  [12, 'episode', '12 episodes'],
])('countOf(%s, %j) → %j', (n, one, expected) => {
  expect(countOf(n, one)).toBe(expected);
});

describe('home grid cards', () => {
  const card = (patch: Partial<TitleCardDto>): TitleCardDto => ({
    type: 'movie',
    id: 1,
    title: 'Big Buck Test',
    year: 2020,
    posterUrl: null,
    durationMs: 92 * 60_000,
    episodeCount: null,
    offline: false,
    addedAt: '2025-01-01T00:00:00.000Z',
    ...patch,
  });

  test.each<[Partial<TitleCardDto>, string]>([
    [{}, '2020 · 1 h 32 min'],
    [{ year: null }, '1 h 32 min'],
    [{ durationMs: null }, '2020'],
    [{ type: 'series', durationMs: null, episodeCount: 8 }, '8 episodes'],
    [{ type: 'series', durationMs: null, episodeCount: 1 }, '1 episode'],
    [{ type: 'series', durationMs: null, episodeCount: null }, ''],
  ])('%j → %j', (patch, expected) => {
    expect(titleCardMeta(card(patch))).toBe(expected);
  });
});

describe('item cards and the player heading', () => {
  test('a movie shows its title, year and duration', () => {
    expect(cardTitle(movie)).toBe('Big Buck Test');
    expect(cardMeta(movie)).toBe('2020 · 1 h 32 min');
    expect(playerTitle(movie)).toBe('Big Buck Test (2020)');
  });

  test('a movie without year or duration keeps only what is known', () => {
    expect(cardMeta({ ...movie, year: null, durationMs: 0 })).toBe('');
    expect(playerTitle({ ...movie, year: null })).toBe('Big Buck Test');
  });

  test('an episode shows the series, its code and its own title', () => {
    const pilot = episode({});
    expect(cardTitle(pilot)).toBe('Test Show');
    expect(cardMeta(pilot)).toBe('S01E02 · Pilot · 42 min');
    expect(playerTitle(pilot)).toBe('Test Show — S01E02 · Pilot');
  });

  test('a multi-episode file and a daily show say so in the heading', () => {
    expect(playerTitle(episode({ episode: 1, endingEpisode: 3, title: 'Part one' }))).toBe('Test Show — S01E01–E03 · Part one');
    expect(playerTitle(episode({ season: null, episode: null, airDate: '2024-03-05', title: '2024-03-05' }))).toMatch(
      /^Test Show — \S.*2024$/,
    );
  });

  test.each(['Test Show', 'Episode 2', 'episode 02', 'Test Show - S01E02', ''])(
    'an episode titled %j says nothing more than its code',
    (title) => {
      expect(episodeTitle(episode({ title }))).toBeNull();
      expect(cardMeta(episode({ title }))).toBe('S01E02 · 42 min');
      expect(playerTitle(episode({ title }))).toBe('Test Show — S01E02');
    },
  );

  test('an episode of an unknown series falls back to its own title', () => {
    expect(cardTitle(episode({ seriesTitle: null, title: 'Home video' }))).toBe('Home video');
    expect(playerTitle(episode({ seriesTitle: null, title: 'Home video' }))).toBe('S01E02 · Home video');
  });

  test('an extra shows its kind and plays under its own title', () => {
    expect(cardMeta(extra({}))).toBe('Behind the scenes · 2 min');
    expect(playerTitle(extra({}))).toBe('Making of');
  });
});

describe('extraTypeName', () => {
  test.each([
    ['trailer', 'Trailer'],
    ['behindthescenes', 'Behind the scenes'],
    ['deletedscene', 'Deleted scene'],
    ['Featurettes', 'Featurette'],
    ['other', 'Extra'],
    ['making_of', 'Making of'],
    [null, null],
    ['', null],
  ])('%j → %j', (type, expected) => {
    expect(extraTypeName(type)).toBe(expected);
  });
});

describe('ratings and certifications', () => {
  test.each([
    [7.84, '7.8'],
    [8, '8.0'],
    [9.96, '10.0'],
    [0, null],
    [null, null],
    [Number.NaN, null],
  ])('rating %s → %j', (rating, expected) => {
    expect(formatRating(rating)).toBe(expected);
  });

  test.each([
    ['Rated PG-13', 'PG-13'],
    ['PG-13', 'PG-13'],
    ['US:R', 'R'],
    ['  ', null],
    [null, null],
  ])('certification %j → %j', (mpaa, expected) => {
    expect(certification(mpaa)).toBe(expected);
  });
});
