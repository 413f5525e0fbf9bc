import { describe, expect, test } from 'vitest';
import { parseStartSeconds, startAt, startSecondsOf } from '../../../../renderer/src/lib/player/start-time.js';

describe('parseStartSeconds', () => {
  test.each<[string | null, number | null]>([
    ['125', 125],
    ['125.5', 125.5],
    ['0', 0],
    ['2:05', 125],
    ['1:02:05', 3725],
    [' 90 ', 90],
    [null, null],
    ['', null],
    ['-5', null],
    ['abc', null],
    ['1:2:3:4', null],
    ['1.5:00', null],
    ['12s', null],
    ['Infinity', null],
  ])('%j → %j', (value, expected) => {
    expect(parseStartSeconds(value)).toBe(expected);
  });
});

describe('startSecondsOf', () => {
  test.each<[string, number | null]>([
    ['#/play/12?t=125', 125],
    ['#/play/12?other=1&t=1:00', 60],
    ['#/play/12', null],
    ['#/play/12?t=', null],
    ['#/play/12?time=5', null],
  ])('%s → %j', (hash, expected) => {
    expect(startSecondsOf(hash)).toBe(expected);
  });
});

describe('startAt', () => {
  test.each<[number | null, number, number | null]>([
    [125, 1500, 125],
    [null, 1500, null],
    [0, 1500, null],
    // at the very end the title would end at once: from the start instead
    [1499.5, 1500, null],
    [1500, 1500, null],
    [2000, 1500, null],
    // the duration is not known yet: trust the request
    [125, Number.NaN, 125],
    [125, 0, 125],
  ])('%j in %f s → %j', (requested, duration, expected) => {
    expect(startAt(requested, duration)).toBe(expected);
  });
});
