import { describe, expect, test } from 'vitest';
import type { ItemDto, SeasonDto } from '../../../../server/src/http/api-types.js';
import { nextEpisodeLabel, nextEpisodeOf, offerAtSeconds } from '../../../../renderer/src/lib/player/next-episode.js';

const episode = (id: number, season: number | null, number: number | null, extra: Partial<ItemDto> = {}): ItemDto => ({
  id,
  libraryId: 1,
  kind: 'episode',
  title: `Episode ${number}`,
  seriesId: 1,
  seriesTitle: 'Night Shift',
  season,
  episode: number,
  endingEpisode: null,
  airDate: null,
  extraType: null,
  year: null,
  durationMs: 1_500_000,
  width: 1280,
  height: 720,
  posterUrl: null,
  offline: false,
  addedAt: '2024-01-01T00:00:00.000Z',
  transcode: { status: 'done', progress: 1, error: null },
  ...extra,
});

const season = (number: number | null, episodes: ItemDto[]): SeasonDto => ({ number, title: `Season ${number}`, posterUrl: null, episodes });

describe('nextEpisodeOf', () => {
  const series = {
    seasons: [season(1, [episode(11, 1, 1), episode(12, 1, 2), episode(13, 1, 3)]), season(2, [episode(21, 2, 1), episode(22, 2, 2)])],
  };

  test.each([
    [11, 12],
    [12, 13],
    // the last of a season goes on to the next season
    [13, 21],
    [21, 22],
  ])('after %i comes %i', (current, expected) => {
    expect(nextEpisodeOf(series, current)?.id).toBe(expected);
  });

  test('the last episode, or one not in the series, has no next', () => {
    expect(nextEpisodeOf(series, 22)).toBeNull();
    expect(nextEpisodeOf(series, 99)).toBeNull();
  });

  test('a file holding S01E01–E02 is followed by E03, not by E02 listed again', () => {
    const double = { seasons: [season(1, [episode(1, 1, 1, { endingEpisode: 2 }), episode(2, 1, 2), episode(3, 1, 3)])] };
    expect(nextEpisodeOf(double, 1)?.id).toBe(3);
  });

  test('episodes without numbers follow in the listed order', () => {
    const daily = { seasons: [season(null, [episode(5, null, null, { airDate: '2024-03-04' }), episode(6, null, null, { airDate: '2024-03-05' })])] };
    expect(nextEpisodeOf(daily, 5)?.id).toBe(6);
  });
});

describe('nextEpisodeLabel', () => {
  test.each([
    [episode(2, 1, 2, { title: 'Departure' }), 'S01E02 · Departure'],
    // "Episode 2" says nothing the code does not
    [episode(2, 1, 2), 'S01E02'],
    [episode(2, 1, 2, { title: 'Night Shift' }), 'S01E02'],
    [episode(7, null, null, { title: 'Morning news', airDate: '2024-03-05' }), 'Mar 5, 2024 · Morning news'],
    [episode(8, null, null, { title: 'Special' }), 'Special'],
  ])('%#: %s', (item, expected) => {
    expect(nextEpisodeLabel(item)).toBe(expected);
  });
});

describe('offerAtSeconds', () => {
  test('a long episode: 20 s before its end', () => {
    expect(offerAtSeconds(1500)).toBe(1480);
    expect(offerAtSeconds(300)).toBe(280);
  });

  test('a short clip: at its end only', () => {
    expect(offerAtSeconds(12)).toBe(12);
    expect(offerAtSeconds(299)).toBe(299);
  });

  test('a credits chapter in the last quarter starts it', () => {
    const chapters = [
      { startMs: 0, title: 'Intro' },
      { startMs: 600_000, title: 'Act 2' },
      { startMs: 1_380_000, title: 'End Credits' },
    ];
    expect(offerAtSeconds(1500, chapters)).toBe(1380);
  });

  test('an opening "credits" chapter or an untitled one does not', () => {
    const chapters = [
      { startMs: 30_000, title: 'Opening credits' },
      { startMs: 1_400_000, title: null },
    ];
    expect(offerAtSeconds(1500, chapters)).toBe(1480);
  });

  test('an unknown duration: at the end', () => {
    expect(offerAtSeconds(0)).toBe(Infinity);
    expect(offerAtSeconds(Number.NaN)).toBe(Infinity);
  });
});
