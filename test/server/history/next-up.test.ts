// Next up without SQLite: the next unwatched episode after the one watched last, across season breaks,
// specials skipped, none when the series is finished.
import { describe, expect, test } from 'vitest';
import { nextUp, type EpisodeSlot } from '../../../server/src/history/next-up.js';

let nextId = 1;
const ep = (season: number | null, episode: number | null, playedAt: number | null = null, more: Partial<EpisodeSlot> = {}): EpisodeSlot => ({
  id: nextId++,
  season,
  episode,
  endingEpisode: null,
  airDate: null,
  played: playedAt !== null,
  playedAt,
  ...more,
});
const code = (e: EpisodeSlot | null) => (e === null ? null : `S${e.season}E${e.episode}`);
/** shuffled: the rule orders them itself */
const shuffled = <T>(xs: T[]): T[] => [...xs].reverse();

describe('nextUp', () => {
  test('the episode after the last one watched', () => {
    expect(code(nextUp(shuffled([ep(1, 1, 10), ep(1, 2, 20), ep(1, 3), ep(1, 4)])))).toBe('S1E3');
  });

  test('across a season break', () => {
    expect(code(nextUp(shuffled([ep(1, 1, 10), ep(1, 2, 20), ep(2, 1), ep(2, 2)])))).toBe('S2E1');
  });

  test('specials are skipped: never next, and watching one does not move the place', () => {
    expect(code(nextUp(shuffled([ep(0, 1), ep(1, 1, 10), ep(1, 2, 20), ep(0, 2), ep(2, 1)])))).toBe('S2E1');
    expect(code(nextUp(shuffled([ep(1, 1, 10), ep(1, 2), ep(0, 1, 99)])))).toBe('S1E2');
    expect(nextUp([ep(0, 1, 10), ep(1, 1)])).toBeNull(); // only a special watched: no place in the series yet
  });

  test('watched episodes after the last one are skipped (watched out of order)', () => {
    expect(code(nextUp(shuffled([ep(1, 1, 10), ep(1, 2, 30), ep(1, 3, 5), ep(1, 4)])))).toBe('S1E4');
  });

  test('the last watched is the latest played, not the furthest: back to season 1 after the season 2 opener', () => {
    expect(code(nextUp(shuffled([ep(1, 1, 50), ep(1, 2), ep(2, 1, 10), ep(2, 2)])))).toBe('S1E2');
  });

  test('a finished series has none, even with unwatched episodes before the last one watched', () => {
    expect(nextUp([ep(1, 1, 10), ep(1, 2, 20), ep(2, 1, 30)])).toBeNull();
    expect(nextUp([ep(1, 1), ep(1, 2, 20)])).toBeNull();
  });

  test('nothing watched: none', () => {
    expect(nextUp([ep(1, 1), ep(1, 2)])).toBeNull();
    expect(nextUp([])).toBeNull();
  });

  test('a file holding several episodes is followed by the first it does not hold', () => {
    expect(code(nextUp([ep(1, 1, 10, { endingEpisode: 3 }), ep(1, 2), ep(1, 3), ep(1, 4)]))).toBe('S1E4');
  });

  test('episodes numbered without a season come after the numbered seasons', () => {
    expect(code(nextUp(shuffled([ep(null, 1), ep(1, 1, 10), ep(1, 2, 20)])))).toBe('SnullE1');
  });
});
