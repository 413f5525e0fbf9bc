import { describe, expect, test } from 'vitest';
import type { ShelfDto, ShelfTitleDto } from '../../../../server/src/http/api-types.js';
import { clickItemId, shelfCardKey, visibleShelves } from '../../../../renderer/src/lib/recommend/shelves.js';

const card = (type: 'movie' | 'series', id: number): ShelfTitleDto => ({
  type,
  id,
  title: `${type} ${id}`,
  year: 2001,
  posterUrl: null,
  durationMs: type === 'movie' ? 6_000_000 : null,
  episodeCount: type === 'series' ? 8 : null,
  offline: false,
  addedAt: '2026-01-01T00:00:00.000Z',
});
const shelf = (id: string, titles: ShelfTitleDto[]): ShelfDto => ({ id, kind: 'trending', title: id, reason: `why ${id}`, titles });

describe('which shelves show', () => {
  test('empty shelves are left out; the others keep the server order', () => {
    const shelves = [shelf('top-picks', [card('movie', 1)]), shelf('trending', []), shelf('new', [card('series', 2), card('movie', 3)])];
    expect(visibleShelves(shelves).map((s) => s.id)).toEqual(['top-picks', 'new']);
  });

  test('no shelves: none', () => {
    expect(visibleShelves([])).toEqual([]);
    expect(visibleShelves([shelf('trending', [])])).toEqual([]);
  });
});

describe('a shelf card', () => {
  test.each([
    [card('movie', 12), 12],
    [card('series', 12), -12],
    [card('series', 1), -1],
  ])('a click on %j is reported as item %i', (c, itemId) => {
    expect(clickItemId(c)).toBe(itemId);
  });

  test('focus keys tell the same title on two shelves apart, and a movie from a series with the same id', () => {
    const keys = [shelfCardKey('trending', card('movie', 4)), shelfCardKey('because:movie:12', card('movie', 4)), shelfCardKey('trending', card('series', 4))];
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe('shelf:trending:movie-4');
  });
});
