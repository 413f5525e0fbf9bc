import { describe, expect, test } from 'vitest';
import { cleanTitle, parseName } from '../../server/src/library/parse-name.js';

describe('parseName (first, simple rules)', () => {
  test.each([
    ['/m/Big Buck Test (2020)/Big Buck Test (2020).mp4', { kind: 'movie', title: 'Big Buck Test', year: 2020 }],
    ['/m/The.Matrix.(1999).mkv', { kind: 'movie', title: 'The Matrix', year: 1999 }],
    ['/m/Alien [1979].avi', { kind: 'movie', title: 'Alien', year: 1979 }],
    ['/m/Heat (1995)/movie.mkv', { kind: 'movie', title: 'Heat', year: 1995 }],
    ['/m/home_video.mp4', { kind: 'movie', title: 'home video', year: null }],
    ['/m/1917 (2019).mkv', { kind: 'movie', title: '1917', year: 2019 }],
  ])('%s is a movie', (path, expected) => {
    expect(parseName(path)).toEqual(expected);
  });

  test.each([
    ['/tv/Test Show/Season 01/Test Show - S01E01.mkv', { kind: 'episode', seriesTitle: 'Test Show', season: 1, episode: 1, title: null }],
    ['/tv/Show/Season 2/Show.S02E10.The.Finale.mkv', { kind: 'episode', seriesTitle: 'Show', season: 2, episode: 10, title: 'The Finale' }],
    ['/tv/Fargo/Season 1/s01e03.mkv', { kind: 'episode', seriesTitle: 'Fargo', season: 1, episode: 3, title: null }],
    ['/tv/Fargo/s1e3.mkv', { kind: 'episode', seriesTitle: 'Fargo', season: 1, episode: 3, title: null }],
    ['/tv/The Office/Specials/The Office - S00E01 - Pilot.mkv', { kind: 'episode', seriesTitle: 'The Office', season: 0, episode: 1, title: 'Pilot' }],
  ])('%s is an episode', (path, expected) => {
    expect(parseName(path)).toEqual(expected);
  });

  test('cleanTitle folds dots, underscores and dangling dashes', () => {
    expect(cleanTitle(' The.Big_Show - ')).toBe('The Big Show');
  });
});
