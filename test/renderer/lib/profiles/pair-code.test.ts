import { describe, expect, test } from 'vitest';
import { normalisePairCode, pairCodeProblem, PAIR_ALPHABET } from '../../../../renderer/src/lib/profiles/pair-code.ts';
import { hrefOf, parseRoute } from '../../../../renderer/src/lib/routes.ts';
import { PAIR_ALPHABET as SERVER_ALPHABET } from '../../../../server/src/profiles/pairing.js';

describe('a pairing code typed on a phone', () => {
  test('the same alphabet as the server', () => expect(PAIR_ALPHABET).toBe(SERVER_ALPHABET));

  test.each([
    ['ab3k7q', 'AB3K7Q'],
    [' AB3 K7Q ', 'AB3K7Q'],
    ['ab3-k7q', 'AB3K7Q'],
  ])('%j is read as %s', (typed, code) => {
    expect(normalisePairCode(typed)).toBe(code);
    expect(pairCodeProblem(typed)).toBeNull();
  });

  test.each([
    ['', 'Type the code the TV shows.'],
    ['AB3K7', 'A code has 6 characters; this has 5.'],
    ['AB3K7QZ', 'A code has 6 characters; this has 7.'],
    ['AB0K7Q', 'A code has no 0: check the TV again.'],
    ['ABIK7Q', 'A code has no I: check the TV again.'],
  ])('%j: %s', (typed, problem) => expect(pairCodeProblem(typed)).toBe(problem));
});

describe('the pairing route', () => {
  test.each([
    ['#/pair', { name: 'pair', code: null }],
    ['#/pair/', { name: 'pair', code: null }],
    ['#/pair/ab3k7q', { name: 'pair', code: 'AB3K7Q' }],
    ['#/pair/AB3K7Q?x=1', { name: 'pair', code: 'AB3K7Q' }],
  ])('%s', (hash, route) => expect(parseRoute(hash)).toEqual(route));

  test('printed back', () => {
    expect(hrefOf({ name: 'pair', code: null })).toBe('#/pair');
    expect(hrefOf({ name: 'pair', code: 'AB3K7Q' })).toBe('#/pair/AB3K7Q');
    expect(parseRoute('#/pair/a/b')).toEqual({ name: 'not-found', path: '/pair/a/b' });
  });
});
