// When the home screen's rankers are refitted: never while a request waits, soon after the first scan,
// within 30 s of a change (a play, a thumb, titles added), every 10 minutes anyway.
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { createHomeService, type RecsSnapshot } from '../../../server/src/recommend/home.service.js';
import { fitSnapshot } from '../../../server/src/recommend/refit.js';
import type { CatalogTitle, ThumbRow, WatchRow } from '../../../server/src/recommend/recs.store.js';
import { FIRST_ADMIN } from '../../../server/src/profiles/request-viewer.js';

const movie = (id: number): CatalogTitle => ({ key: `item:${id}`, libraryId: 1, certification: null, title: `Movie ${id}`, year: 2000 + id, studio: null, genres: ['Drama'], people: [], addedAt: id });

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
