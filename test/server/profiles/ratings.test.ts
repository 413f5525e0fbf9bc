// Ratings on one age scale, and what a kid's ceiling lets through.
import { describe, expect, test } from 'vitest';
import { allowsRating, ratingAge, type Ceiling } from '../../../server/src/profiles/ratings.js';
import { canSee, type Viewer } from '../../../server/src/profiles/viewer.js';

describe('ratings', () => {
  test.each([
    ['G', 2], ['PG', 3], ['PG-13', 4], ['pg13', 4], ['R', 5], ['NC-17', 6], ['NC17', 6],
    ['TV-Y', 0], ['TV-Y7', 1], ['TV-Y7-FV', 1], ['TV-G', 2], ['TV-PG', 3], ['TV-14', 4], ['TV-MA', 5], ['TVMA', 5],
    ['U', 2], ['12A', 4], ['15', 5], ['18', 6], ['FSK 16', 5], ['FSK0', 0], ['6', 2], ['16+', 5],
  ] as const)('%s is age step %i', (text, age) => {
    expect(ratingAge(text)).toBe(age);
  });

  test.each([null, '', 'NR', 'Unrated', 'Not Rated', 'Approved', 'X-rated nonsense'])('%s says nothing', (text) => {
    expect(ratingAge(text)).toBeNull();
  });
});

describe('a ceiling', () => {
  const kid: Ceiling = { movie: 'PG', tv: 'TV-Y7', allowUnrated: false };
  test('each scale by its own ceiling', () => {
    expect(['G', 'PG'].map((r) => allowsRating(kid, r))).toEqual([true, true]);
    expect(['PG-13', 'R', 'NC-17'].map((r) => allowsRating(kid, r))).toEqual([false, false, false]);
    expect(['TV-Y', 'TV-Y7', 'TV-G', 'TV-14'].map((r) => allowsRating(kid, r))).toEqual([true, true, false, false]);
    // an age rating is a movie rating here
    expect(['6', '12', 'FSK 16'].map((r) => allowsRating(kid, r))).toEqual([true, false, false]);
  });

  test('one scale left unset is judged by the other one’s equivalent; neither set: all ages only', () => {
    expect(allowsRating({ movie: 'PG', tv: null, allowUnrated: false }, 'TV-PG')).toBe(true);
    expect(allowsRating({ movie: 'PG', tv: null, allowUnrated: false }, 'TV-14')).toBe(false);
    expect(allowsRating({ movie: null, tv: 'TV-14', allowUnrated: false }, 'PG-13')).toBe(true);
    expect(allowsRating({ movie: null, tv: 'TV-14', allowUnrated: false }, 'R')).toBe(false);
    expect(allowsRating({ movie: null, tv: null, allowUnrated: false }, 'TV-Y')).toBe(true);
    expect(allowsRating({ movie: null, tv: null, allowUnrated: false }, 'G')).toBe(false);
  });

  test('unrated titles only when allowed; no ceiling shows everything', () => {
    expect(allowsRating(kid, null)).toBe(false);
    expect(allowsRating(kid, 'NR')).toBe(false);
    expect(allowsRating({ ...kid, allowUnrated: true }, null)).toBe(true);
    expect(allowsRating(null, 'NC-17')).toBe(true);
    expect(allowsRating(null, null)).toBe(true);
  });

  test('a viewer sees its libraries only, under its ceiling', () => {
    const viewer: Viewer = { profileId: 3, role: 'kid', ceiling: kid, libraryIds: [2] };
    expect(canSee(viewer, { certification: 'G', libraryId: 2 })).toBe(true);
    expect(canSee(viewer, { certification: 'G', libraryId: 1 })).toBe(false);
    expect(canSee(viewer, { certification: 'R', libraryId: 2 })).toBe(false);
    expect(canSee({ profileId: 1, role: 'admin', ceiling: null, libraryIds: null }, { certification: 'R', libraryId: 1 })).toBe(true);
  });
});
