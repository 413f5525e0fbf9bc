// Search over a real SQLite file: titles, original titles, series, episode titles, people and genres,
// typos and accents, ranking by relevance then the household's plays, a kid's ceiling, and the index
// kept in step by the catalogue's own writes (and built by migration 6 over an existing database).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCatalogStore, type ItemIdentity } from '../../../server/src/catalog/catalog.store.js';
import { createCreditsStore } from '../../../server/src/catalog/credits.store.js';
import { MIGRATIONS } from '../../../server/src/db/migrations.js';
import { migrate, openDatabase, type Db } from '../../../server/src/db/open.js';
import { FIRST_ADMIN } from '../../../server/src/profiles/request-viewer.js';
import type { Viewer } from '../../../server/src/profiles/viewer.js';
import { createSearchService, type SearchService } from '../../../server/src/search/search.service.js';
import { createSearchStore } from '../../../server/src/search/search.store.js';
import type { SearchHit } from '../../../server/src/search/search.types.js';
import { tempDir } from '../../helpers/server.js';

const KID: Viewer = { profileId: 2, role: 'kid', ceiling: { movie: 'PG', tv: 'TV-Y7', allowUnrated: false }, libraryIds: null };

let dir: string;
let db: Db;
let search: SearchService;
let catalog: ReturnType<typeof createCatalogStore>;
let credits: ReturnType<typeof createCreditsStore>;
const ids = { stranger: 0, office: 0, bluey: 0, amelie: 0, lionKing: 0, strangerThan: 0, despicable: 0, unrated: 0, vanishing: 0, olympics: 0, pilot: 0, xylophone: 0 };

const identity = (over: Partial<ItemIdentity> & Pick<ItemIdentity, 'groupKey' | 'title'>): ItemIdentity => ({
  libraryId: 1, kind: 'movie', year: null, seriesId: null, season: null, episode: null, endingEpisode: null, airDate: null, extraType: null, parentItemId: null, addedAt: 0, ...over,
});
const meta = (mpaa: string | null, originalTitle: string | null = null) => ({ originalTitle, plot: null, tagline: null, mpaa, rating: null, studio: null });
const play = (itemId: number, times: number) => {
  for (let i = 0; i < times; i++) db.prepare(`INSERT INTO playback_sessions (item_id, client_id, client_name, method, started_at, last_seen_at) VALUES (?, 'c', 'Chrome on Linux', 'hls', 0, 0)`).run(itemId);
};
/** "series:Stranger Things", "person:Winona Ryder[Stranger Things]" */
const label = (h: SearchHit) => (h.kind === 'title' ? `${h.title.type}:${h.title.title}` : `${h.kind}:${h.name}[${h.titles.map((t) => t.title).join(', ')}]`);
const find = (query: string, viewer: Viewer = FIRST_ADMIN, limit = 20) => search.search(viewer, query, limit).map(label);

beforeAll(async () => {
  dir = await tempDir('seed-search-');
  db = openDatabase(join(dir, 'seed.db'));
  catalog = createCatalogStore(db);
  credits = createCreditsStore(db);
  search = createSearchService({ store: createSearchStore(db), now: Date.now, vocabularyMaxAgeMs: 0 });
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films & Series', 'mixed', 0), (2, 'Kids', 'mixed', 0)`).run();

  // written the way the scanner and the enricher write them
  ids.stranger = catalog.upsertSeries({ libraryId: 1, groupKey: 'stranger', title: 'Stranger Things', year: 2016, addedAt: 0 });
  catalog.setSeriesMetadata(ids.stranger, { title: 'Stranger Things', year: 2016, plot: null, mpaa: 'TV-14', rating: null, studio: null });
  ids.office = catalog.upsertSeries({ libraryId: 1, groupKey: 'office', title: 'The Office', year: 2005, addedAt: 0 });
  catalog.setSeriesMetadata(ids.office, { plot: null, mpaa: 'TV-14', rating: null, studio: null });
  ids.bluey = catalog.upsertSeries({ libraryId: 2, groupKey: 'bluey', title: 'Bluey', year: 2018, addedAt: 0 });
  catalog.setSeriesMetadata(ids.bluey, { plot: null, mpaa: 'TV-Y', rating: null, studio: null });
  const episode = (seriesId: number, key: string, title: string, season: number, number: number, libraryId = 1) =>
    catalog.upsertItem(identity({ libraryId, groupKey: key, title, kind: 'episode', seriesId, season, episode: number }));
  ids.vanishing = episode(ids.stranger, 'st-1-1', 'The Vanishing of Will Byers', 1, 1);
  episode(ids.stranger, 'st-1-8', 'The Upside Down', 1, 8);
  ids.pilot = episode(ids.office, 'of-1-1', 'Pilot', 1, 1);
  ids.olympics = episode(ids.office, 'of-2-3', 'Office Olympics', 2, 3);
  ids.xylophone = episode(ids.bluey, 'bl-1-1', 'Magic Xylophone', 1, 1, 2);
  const movie = (key: string, title: string, mpaa: string | null, originalTitle: string | null = null, libraryId = 1) => {
    const id = catalog.upsertItem(identity({ libraryId, groupKey: key, title }));
    catalog.setMetadata(id, { title, ...meta(mpaa, originalTitle) });
    return id;
  };
  ids.amelie = movie('amelie', 'Amélie', 'R', "Le Fabuleux Destin d'Amélie Poulain");
  ids.lionKing = movie('lion', 'The Lion King', 'G', null, 2);
  ids.strangerThan = movie('stf', 'Stranger Than Fiction', 'PG-13');
  ids.despicable = movie('dm', 'Despicable Me', 'PG', null, 2);
  ids.unrated = movie('unrated', 'A Strange Home Video', null);
  catalog.upsertItem(identity({ groupKey: 'amelie-trailer', title: 'Amélie Trailer', kind: 'extra', extraType: 'trailer', parentItemId: ids.amelie }));

  credits.setCredits({ seriesId: ids.stranger }, [{ name: 'Winona Ryder', role: 'actor', character: 'Joyce Byers' }, { name: 'David Harbour', role: 'actor', character: 'Jim Hopper' }]);
  credits.setCredits({ itemId: ids.amelie }, [{ name: 'Audrey Tautou', role: 'actor', character: 'Amélie Poulain' }, { name: 'Jean-Pierre Jeunet', role: 'director', character: null }]);
  credits.setCredits({ itemId: ids.pilot }, [{ name: 'Steve Carell', role: 'actor', character: 'Michael Scott' }]);
  credits.setCredits({ itemId: ids.olympics }, [{ name: 'Steve Carell', role: 'actor', character: 'Michael Scott' }]);
  credits.setCredits({ itemId: ids.despicable }, [{ name: 'Steve Carell', role: 'actor', character: 'Gru' }]);
  credits.setCredits({ itemId: ids.strangerThan }, [{ name: 'Will Ferrell', role: 'actor', character: 'Harold Crick' }]);
  credits.setGenres({ seriesId: ids.office }, ['Comedy']);
  credits.setGenres({ itemId: ids.amelie }, ['Comedy', 'Romance']);
  credits.setGenres({ itemId: ids.strangerThan }, ['Comedy', 'Fantasy']);
  credits.setGenres({ itemId: ids.despicable }, ['Comedy', 'Animation']);
  credits.setGenres({ seriesId: ids.stranger }, ['Science Fiction']);
  credits.setGenres({ seriesId: ids.bluey }, ['Animation']);
  credits.setGenres({ itemId: ids.lionKing }, ['Animation']);
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('what is found', () => {
  test('a typo: "strnger things" finds Stranger Things', () => {
    expect(find('strnger things')[0]).toBe('series:Stranger Things');
    expect(find('stranger thngs')[0]).toBe('series:Stranger Things');
  });

  test('accents folded both ways: "amelie" and "Amélie" find "Amélie", highlighted where it matched', () => {
    for (const query of ['amelie', 'Amélie', 'AMELIE']) {
      const [hit] = search.search(FIRST_ADMIN, query, 20);
      expect(hit).toMatchObject({ kind: 'title', title: { type: 'movie', id: ids.amelie, title: 'Amélie' }, match: { field: 'title', text: 'Amélie', highlights: [[0, 6]] } });
    }
  });

  test('word beginnings: "the offi" finds The Office, first', () => {
    expect(find('the offi')[0]).toBe('series:The Office');
    expect(find('t')).toContain('series:The Office');
  });

  test('original titles, named as such', () => {
    const [hit] = search.search(FIRST_ADMIN, 'fabuleux destin', 20);
    expect(hit).toMatchObject({ kind: 'title', title: { id: ids.amelie, title: 'Amélie' }, match: { field: 'originalTitle', text: "Le Fabuleux Destin d'Amélie Poulain", highlights: [[3, 11], [12, 18]] } });
  });

  test('a series once, not each of its episodes; an episode by its own title, as an episode', () => {
    const office = search.search(FIRST_ADMIN, 'office', 20);
    expect(office.map(label)).toEqual(['series:The Office', 'episode:Office Olympics']);
    expect(office[1]).toMatchObject({ title: { type: 'episode', id: ids.olympics, seriesId: ids.office, seriesTitle: 'The Office', season: 2, episode: 3 }, match: { field: 'episodeTitle' } });
    expect(find('vanishing will')).toEqual(['episode:The Vanishing of Will Byers']);
  });

  test('people with their titles (an episode credit counts as its series)', () => {
    expect(find('winona')).toEqual(['person:Winona Ryder[Stranger Things]']);
    expect(find('steve carel')).toEqual(['person:Steve Carell[The Office, Despicable Me]']);
    expect(find('audrey tatou')).toEqual(['person:Audrey Tautou[Amélie]']);
  });

  test('a genre lists the titles in it (most played, then newest, then A to Z)', () => {
    expect(find('comedy')).toEqual(['genre:Comedy[The Office, Amélie, Despicable Me, Stranger Than Fiction]']);
    expect(find('science fic')).toEqual(['genre:Science Fiction[Stranger Things]']);
  });

  test('substrings inside words, after whole-word matches', () => {
    expect(find('ranger')).toEqual(['series:Stranger Things', 'movie:Stranger Than Fiction']);
  });

  test('extras are not results', () => {
    expect(find('trailer')).toEqual([]);
  });

  test('FTS5 operators and quotes are text, never syntax', () => {
    for (const query of ['"', 'NEAR(', '*', '-', 'OR', 'a OR b', 'NEAR(stranger things, 2)', '"stranger', 'office*', '-office', 'title:office', '^office', 'x'.repeat(10_000), '💥', '\u0000']) {
      expect(() => search.search(FIRST_ADMIN, query, 20), query.slice(0, 20)).not.toThrow();
    }
    expect(find('"')).toEqual([]);
    expect(find('*')).toEqual([]);
    expect(find('NEAR(stranger things, 2)')).toEqual([]);
    expect(find('"stranger')[0]).toBe('series:Stranger Things');
    expect(find('office*')[0]).toBe('series:The Office');
  });
});

describe('ranking', () => {
  test('between equally good matches, the household’s plays decide; an episode’s plays count for its series', () => {
    expect(find('stranger ', FIRST_ADMIN).slice(0, 2)).toEqual(['series:Stranger Things', 'movie:Stranger Than Fiction']);
    play(ids.strangerThan, 3);
    expect(find('stranger ', FIRST_ADMIN).slice(0, 2)).toEqual(['movie:Stranger Than Fiction', 'series:Stranger Things']);
    play(ids.vanishing, 2);
    play(ids.vanishing + 1, 2);
    const hits = search.search(FIRST_ADMIN, 'stranger ', 20);
    expect(hits.slice(0, 2).map(label)).toEqual(['series:Stranger Things', 'movie:Stranger Than Fiction']);
    expect(hits[0]).toMatchObject({ title: { plays: 4 } });
    // relevance first: a better match is not overtaken by plays
    expect(find('stranger things')[0]).toBe('series:Stranger Things');
    expect(find('stranger than')[0]).toBe('movie:Stranger Than Fiction');
  });

  test('a person’s or genre’s titles: the most played first', () => {
    expect(find('comedy')).toEqual(['genre:Comedy[Stranger Than Fiction, The Office, Amélie, Despicable Me]']);
  });
});

describe('what a viewer may see', () => {
  test('a kid (PG, TV-Y7, no unrated) sees only titles within the ceiling', () => {
    expect(find('stranger', KID)).toEqual([]);
    expect(find('strange', KID)).toEqual([]); // the unrated home video too
    expect(find('lion', KID)).toEqual(['movie:The Lion King']);
    expect(find('bluey', KID)).toEqual(['series:Bluey']);
  });

  test('an episode is judged by its own rating, else its series’', () => {
    expect(find('xylophone', KID)).toEqual(['episode:Magic Xylophone']);
    expect(find('olympics', KID)).toEqual([]);
    expect(find('olympics')).toEqual(['episode:Office Olympics']);
  });

  test('people and genres only with the titles the kid may see, and not at all when none', () => {
    expect(find('winona', KID)).toEqual([]);
    expect(find('steve carell', KID)).toEqual(['person:Steve Carell[Despicable Me]']);
    expect(find('comedy', KID)).toEqual(['genre:Comedy[Despicable Me]']);
    expect(find('animation', KID)).toEqual(['genre:Animation[Bluey, Despicable Me, The Lion King]']);
  });

  test('a profile limited to some libraries sees only their titles', () => {
    const kidsLibrary: Viewer = { profileId: 3, role: 'adult', ceiling: null, libraryIds: [2] };
    expect(find('the', kidsLibrary)).toEqual(['movie:The Lion King']);
    expect(find('animation', kidsLibrary)).toEqual(['genre:Animation[Bluey, Despicable Me, The Lion King]']);
  });

  test('hidden titles do not leave the page short: more are read than the limit', () => {
    // "the" ranks The Office and the Stranger Things episodes above The Lion King: a kid still gets a hit
    expect(find('the', FIRST_ADMIN, 1)).toEqual(['series:The Office']);
    expect(find('the', KID, 1)).toEqual(['movie:The Lion King']);
  });
});

describe('the index follows the catalogue', () => {
  test('a renamed title, a new person, a pruned one, a removed library', () => {
    const id = catalog.upsertItem(identity({ groupKey: 'night-train', title: 'Night Train' }));
    expect(find('night train')).toEqual(['movie:Night Train']);
    catalog.setMetadata(id, { title: 'Nachtzug', ...meta('PG', 'Night Train to Lisbon') });
    expect(find('nachtzug')).toEqual(['movie:Nachtzug']);
    expect(search.search(FIRST_ADMIN, 'lisbon', 20)[0]).toMatchObject({ title: { title: 'Nachtzug' }, match: { field: 'originalTitle' } });
    catalog.setMetadata(id, { title: 'Nachtzug', ...meta('PG', null) });
    expect(find('lisbon')).toEqual([]);

    credits.setCredits({ itemId: id }, [{ name: 'Zoë Kravitz', role: 'actor', character: null }]);
    expect(find('zoe kravit')).toEqual(['person:Zoë Kravitz[Nachtzug]']);
    expect(find('zoe kravits')).toEqual(['person:Zoë Kravitz[Nachtzug]']); // a typo of a word new since the last search
    credits.setCredits({ itemId: id }, []);
    credits.prune();
    expect(find('kravitz')).toEqual([]);

    catalog.remove(id);
    expect(find('nachtzug')).toEqual([]);
  });

  test('a series renamed; a library removed takes its titles out of the index', async () => {
    catalog.setSeriesMetadata(ids.bluey, { title: 'Bluey (2018)', plot: null, mpaa: 'TV-Y', rating: null, studio: null });
    expect(find('bluey 2018')).toEqual(['series:Bluey (2018)']);
    db.prepare(`DELETE FROM libraries WHERE id = 2`).run();
    expect(find('bluey')).toEqual([]);
    expect(find('lion king')).toEqual([]);
    expect(find('xylophone')).toEqual([]);
  });
});

test('migration 6 indexes a database written before it (an upgrade is searchable at once)', async () => {
  const file = join(dir, 'old.db');
  const old = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 5));
  old.exec(`
    INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0);
    INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 's', 'Stranger Things', 'stranger things', 0);
    INSERT INTO items (id, library_id, group_key, kind, title, sort_title, original_title, added_at) VALUES (1, 1, 'a', 'movie', 'Amélie', 'amelie', 'Le Fabuleux Destin d''Amélie Poulain', 0);
    INSERT INTO items (id, library_id, group_key, kind, title, sort_title, series_id, season, episode, added_at) VALUES (2, 1, 'e', 'episode', 'Chapter One', 'chapter one', 1, 1, 1, 0);
    INSERT INTO people (id, name) VALUES (1, 'Winona Ryder');
    INSERT INTO item_people (series_id, person_id, role) VALUES (1, 1, 'actor');
    INSERT INTO genres (id, name) VALUES (1, 'Science Fiction');
    INSERT INTO item_genres (series_id, genre_id) VALUES (1, 1);
  `);
  migrate(old, MIGRATIONS);
  const upgraded = createSearchService({ store: createSearchStore(old), now: Date.now, vocabularyMaxAgeMs: 0 });
  const names = (q: string) => upgraded.search(FIRST_ADMIN, q, 20).map(label);
  expect(names('strnger')).toEqual(['series:Stranger Things']);
  expect(names('poulain')).toEqual(['movie:Amélie']);
  expect(names('chapter one')).toEqual(['episode:Chapter One']);
  expect(names('winona')).toEqual(['person:Winona Ryder[Stranger Things]']);
  expect(names('science')).toEqual(['genre:Science Fiction[Stranger Things]']);
  old.close();
});
