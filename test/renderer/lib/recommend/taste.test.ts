import { describe, expect, test } from 'vitest';
import { canFinish, enoughChoices, MAX_PICKS, notNowKey, pickCounter, pickKey, togglePick } from '../../../../renderer/src/lib/recommend/taste.js';

type Ref = { type: 'movie' | 'series'; id: number };
const movie = (id: number): Ref => ({ type: 'movie', id });
const series = (id: number): Ref => ({ type: 'series', id });

describe('picking titles', () => {
  test('a pick is added at the end, a second press takes it out', () => {
    let picks: Ref[] = [];
    picks = togglePick(picks, movie(1));
    picks = togglePick(picks, series(1));
    picks = togglePick(picks, movie(2));
    expect(picks).toEqual([movie(1), series(1), movie(2)]);
    expect(togglePick(picks, movie(1))).toEqual([series(1), movie(2)]);
    // a movie and a series with the same id are different titles
    expect(togglePick(picks, series(1))).toEqual([movie(1), movie(2)]);
  });

  test('the list given is never changed', () => {
    const picks = [movie(1)];
    togglePick(picks, movie(2));
    togglePick(picks, movie(1));
    expect(picks).toEqual([movie(1)]);
  });

  test(`no more than ${MAX_PICKS} picks, the most the server takes; taking one out still works`, () => {
    const full = Array.from({ length: MAX_PICKS }, (_, i) => movie(i + 1));
    expect(togglePick(full, movie(999))).toHaveLength(MAX_PICKS);
    expect(togglePick(full, movie(1))).toHaveLength(MAX_PICKS - 1);
  });

  test('keys', () => {
    expect(pickKey(movie(3))).toBe('movie-3');
    expect(pickKey(series(3))).toBe('series-3');
  });
});

describe('Done and the counter', () => {
  test.each([
    [0, false],
    [2, false],
    [3, true],
    [7, true],
  ])('%i picked: Done %s', (count, ready) => {
    expect(canFinish(count)).toBe(ready);
  });

  test.each([
    [0, 'Pick at least 3'],
    [1, '1 picked · 2 more to go'],
    [2, '2 picked · 1 more to go'],
    [3, '3 picked'],
    [5, '5 picked'],
  ])('%i picked says "%s"', (count, words) => {
    expect(pickCounter(count)).toBe(words);
  });

  test.each([
    [24, true],
    [3, true],
    [2, false],
    [0, false],
  ])('%i choices: a panel %s', (available, shown) => {
    expect(enoughChoices(available)).toBe(shown);
  });
});

test('"Not now" is remembered per profile', () => {
  expect(notNowKey(3)).not.toBe(notNowKey(4));
  expect(notNowKey(null)).toBe('seed.tastePicker.notNow.anyone');
});
