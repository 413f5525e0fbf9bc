// When the home screen's rankers are refitted: never while a request waits, soon after the first scan,
// within 30 s of a change (a play, a thumb, titles added), every 10 minutes anyway.
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { createHomeService, type RecsSnapshot } from '../../../server/src/recommend/home.service.js';
import { fitSnapshot } from '../../../server/src/recommend/refit.js';
import type { CatalogTitle, ThumbRow, WatchRow } from '../../../server/src/recommend/recs.store.js';
import { FIRST_ADMIN } from '../../../server/src/profiles/request-viewer.js';

const movie = (id: number): CatalogTitle => ({ key: `item:${id}`, libraryId: 1, certification: null, title: `Movie ${id}`, year: 2000 + id, studio: null, genres: ['Drama'], people: [], addedAt: id, keywords: [] });

function setup() {
  const state = { now: 1_000_000, generation: 0, titles: [] as CatalogTitle[], watches: [] as WatchRow[], refits: 0 };
  const store = {
    watches: () => state.watches,
    titles: () => state.titles,
    thumbs: (): ThumbRow[] => [],
    watchesOf: (id: number) => state.watches.filter((w) => w.profileId === id),
    thumbsOf: (): ThumbRow[] => [],
    thumbOf: () => 0 as const,
    setThumb: () => undefined,
    likeAll: () => undefined,
  };
  const home = createHomeService({
    store,
    refit: async (): Promise<RecsSnapshot> => {
      state.refits++;
      return fitSnapshot(store);
    },
    watching: () => [],
    cards: (_viewer, list) => list.map((t) => ({ type: t.type, id: t.id, title: `Movie ${t.id}`, year: null, posterUrl: null, durationMs: null, episodeCount: null, offline: false, addedAt: new Date(0).toISOString() })),
    profileName: () => 'Admin',
    catalogGeneration: () => state.generation,
    now: () => state.now,
    log: pino({ level: 'silent' }),
    // long shelves: a whole small catalogue in one
    options: { shelfSize: 50 },
  });
  return { state, home };
}

describe('refits', () => {
  test('the first scan after a fit of an empty catalogue brings a refit at once; later changes within 30 s, and only when asked', async () => {
    const { state, home } = setup();
    await home.refitNow(); // at start: no title yet
    expect(state.refits).toBe(1);
    expect(home.shelves(FIRST_ADMIN).shelves).toEqual([]);
    state.titles = Array.from({ length: 30 }, (_, i) => movie(i + 1));
    state.generation++;
    expect(home.shelves(FIRST_ADMIN).shelves).toEqual([]); // answered at once from the last fit, not waiting
    await home.settled();
    expect(state.refits).toBe(2);
    expect(home.shelves(FIRST_ADMIN).shelves.map((s) => s.id)).toContain('new');

    // a title added: not within 30 s of the last fit, then on the next request
    state.titles = [...state.titles, movie(31)];
    state.generation++;
    home.shelves(FIRST_ADMIN);
    await home.settled();
    expect(state.refits).toBe(2);
    state.now += 30_001;
    home.shelves(FIRST_ADMIN);
    await home.settled();
    expect(state.refits).toBe(3);

    // nothing changed: only every 10 minutes
    state.now += 5 * 60_000;
    home.shelves(FIRST_ADMIN);
    await home.settled();
    expect(state.refits).toBe(3);
    state.now += 6 * 60_000;
    home.shelves(FIRST_ADMIN);
    await home.settled();
    expect(state.refits).toBe(4);
  });

  test('a scan that ends brings the refit by itself: the first home screen after it has its shelves', async () => {
    const { state, home } = setup();
    await home.refitNow();
    state.titles = Array.from({ length: 30 }, (_, i) => movie(i + 1));
    state.generation++;
    home.catalogChanged(); // the scan's end, before anyone asks
    await home.settled();
    expect(state.refits).toBe(2);
    expect(home.shelves(FIRST_ADMIN).shelves.map((s) => s.id)).toContain('new');
  });

  test('a scan that ends while the first fit runs over an empty catalogue: a second fit follows at once', async () => {
    const { state, home } = setup();
    const first = home.refitNow(); // reads the catalogue now: empty
    state.titles = Array.from({ length: 30 }, (_, i) => movie(i + 1));
    state.generation++;
    home.catalogChanged(); // a fit is running: this alone does not start another
    await first;
    await home.settled();
    expect(state.refits).toBe(2);
    expect(home.shelves(FIRST_ADMIN).shelves.map((s) => s.id)).toContain('new');
  });

  test("a profile that watched a title the last fit did not know is not cold, and brings the next refit sooner", async () => {
    const { state, home } = setup();
    state.titles = [movie(1)];
    await home.refitNow();
    state.watches = [{ profileId: 1, itemId: 2, kind: 'movie', seriesId: null, played: true, playCount: 1, resumeMs: 0, durationMs: 1, hidden: false, lastPlayedAt: state.now }];
    state.titles = [movie(1), movie(2)];
    expect(home.shelves(FIRST_ADMIN).coldStart).toBe(false);
    state.now += 30_001;
    home.shelves(FIRST_ADMIN);
    await home.settled();
    expect(state.refits).toBe(2);
  });
});

describe('business rules on Top picks', () => {
  test('one kind of title does not fill the first screen, and what is new is lifted', async () => {
    const { state, home } = setup();
    const DAY = 86_400_000;
    const titled = (id: number, genre: string, addedAt: number): CatalogTitle => ({ ...movie(id), genres: [genre], year: 1990 + (id % 30), addedAt });
    const longAgo = state.now - 400 * DAY;
    state.titles = [
      ...Array.from({ length: 30 }, (_, i) => titled(i + 1, 'Drama', longAgo)),
      ...Array.from({ length: 10 }, (_, i) => titled(31 + i, 'Comedy', longAgo)),
      // twins but for when they came: the older one first in every ranker's ties
      { ...titled(41, 'Drama', longAgo), year: 2001 },
      { ...titled(42, 'Drama', state.now - DAY), year: 2001 }, // added yesterday
    ];
    // a drama lover (and someone else's comedies, so they rank at all)
    const watch = (profileId: number, itemId: number, at: number): WatchRow => ({ profileId, itemId, kind: 'movie', seriesId: null, played: true, playCount: 1, resumeMs: 0, durationMs: 1, hidden: false, lastPlayedAt: at });
    state.watches = [...[1, 2, 3, 4, 5].map((id, k) => watch(1, id, state.now - 10 * DAY + k)), ...[31, 32].map((id, k) => watch(2, id, state.now - 5 * DAY + k))];
    await home.refitNow();
    const top = home.shelves(FIRST_ADMIN).shelves.find((s) => s.id === 'top-picks')!;
    const firstScreen = top.titles.slice(0, 8).map((t) => t.id);
    expect(firstScreen.some((id) => id > 30 && id <= 40), `first screen ${firstScreen.join(',')}`).toBe(true);
    const order = top.titles.map((t) => t.id);
    expect(order.indexOf(42), order.join(',')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(41) === -1 || order.indexOf(42) < order.indexOf(41), order.join(',')).toBe(true);
  });
});
