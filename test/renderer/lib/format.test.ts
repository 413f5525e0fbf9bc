import { describe, expect, test } from 'vitest';
import type { ItemDto } from '../../../server/src/http/api-types.js';
import { cardMeta, cardTitle, compareItems, episodeCode, formatDuration, formatPercent, playerTitle } from '../../../renderer/src/lib/format.js';

const movie: ItemDto = {
  id: 1,
  libraryId: 1,
  kind: 'movie',
  title: 'Big Buck Test',
  seriesTitle: null,
  season: null,
  episode: null,
  year: 2020,
  durationMs: 5_520_000,
  width: 1920,
  height: 1080,
  posterUrl: '/api/items/1/poster.jpg',
  addedAt: '2025-01-01T00:00:00.000Z',
  transcode: { status: 'none', progress: 0, error: null },
};
const episode = (patch: Partial<ItemDto>): ItemDto => ({
  ...movie,
  kind: 'episode',
  title: 'Pilot',
  seriesTitle: 'Test Show',
  season: 1,
  episode: 2,
  year: null,
  durationMs: 2_520_000,
  ...patch,
});

describe('episodeCode', () => {
  test.each([
    [1, 2, 'S01E02'],
    [12, 105, 'S12E105'],
    [null, 7, 'E07'],
    [3, null, 'S03'],
    [null, null, ''],
  ])('season %s episode %s → %j', (season, ep, expected) => {
    expect(episodeCode(season, ep)).toBe(expected);
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

describe('card and player words', () => {
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
    expect(playerTitle(pilot)).toBe('Test Show · S01E02 · Pilot');
  });

  test.each(['Test Show', 'Episode 2', 'episode 02', 'Test Show - S01E02', ''])(
    'an episode titled %j says nothing more than its code',
    (title) => {
      expect(cardMeta(episode({ title }))).toBe('S01E02 · 42 min');
      expect(playerTitle(episode({ title }))).toBe('Test Show · S01E02');
    },
  );

  test('an episode of an unknown series falls back to its own title', () => {
    expect(cardTitle(episode({ seriesTitle: null, title: 'Home video' }))).toBe('Home video');
  });
});

test('titles sort by name (numbers as numbers), then season and episode', () => {
  const items = [
    episode({ id: 5, season: 2, episode: 1 }),
    { ...movie, id: 2, title: 'Alien 10' },
    episode({ id: 4, season: 1, episode: 10 }),
    { ...movie, id: 3, title: 'Alien 9' },
    episode({ id: 6, season: 1, episode: 9 }),
  ];
  expect(items.sort(compareItems).map((item) => item.id)).toEqual([3, 2, 6, 4, 5]);
});
