// The home screen's shelves over a real Seed (SQLite file, the real app, the rankers fitted in their
// worker thread): reasons, no title twice on the first screen, kid ceilings, a cold profile's picks,
// thumbs, a play showing on the next load, an experiment's variant and its exposures, bad input.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HomeShelvesDto, TasteChoicesDto } from '../../../server/src/http/api-types.js';
import { createSeed, createSeedApp } from '../../../server/src/main.js';
import { tempDir, testConfig } from '../../helpers/server.js';

const MIN = 60_000;
const DAY = 86_400_000;
let dataDir: string;
let seed: ReturnType<typeof createSeed>;
let app: ReturnType<typeof createSeedApp>;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

/** Movies: [id, title, year, genres, rating]. */
const MOVIES: [number, string, number, string[], string | null][] = [
  [1, 'Harbour Nights', 1994, ['Drama'], 'PG-13'],
  [2, 'Salt Road', 1996, ['Drama'], 'PG-13'],
  [3, 'The Long Tide', 1998, ['Drama'], 'R'],
  [4, 'Paper Kites', 2004, ['Comedy'], 'PG'],
  [5, 'Odd Socks', 2006, ['Comedy'], 'PG'],
  [6, 'Two Left Feet', 2008, ['Comedy'], 'PG-13'],
  [7, 'Moon Biscuit', 2012, ['Animation'], 'G'],
  [8, 'Little Lantern', 2014, ['Animation'], 'G'],
  [9, 'Fox and Feather', 2016, ['Animation'], 'G'],
  [10, 'Cold Circuit', 2019, ['Science Fiction'], 'R'],
  [11, 'Static Sky', 2021, ['Science Fiction'], 'PG-13'],
  [12, 'Last Light', 2023, ['Science Fiction', 'Drama'], 'PG-13'],
  // enough titles for several shelves without repeats on the first screen
  ...Array.from({ length: 96 }, (_, k): [number, string, number, string[], string | null] => [30 + k, `Filler ${k + 1}`, 1920 + k, [['Drama', 'Comedy', 'Animation', 'Science Fiction'][k % 4]!], k % 4 === 2 ? 'G' : 'PG-13']),
];

const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const shelvesOf = async (who: string) => (await request(app).get('/api/home/shelves').set(as(who)).expect(200).expect('Cache-Control', 'no-store')).body as HomeShelvesDto;
const played = (who: string, itemId: number) => request(app).post(`/api/items/${itemId}/played`).set(as(who)).expect(200);
const firstScreen = (home: HomeShelvesDto) => home.shelves.flatMap((s) => s.titles.slice(0, 8).map((t) => `${t.type}:${t.id}`));

beforeAll(async () => {
  dataDir = await tempDir('seed-home-');
  seed = createSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }));
  seed.runner.stop();
  const db = seed.db;
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  const genre = db.prepare(`INSERT INTO genres (name) VALUES (?) ON CONFLICT DO NOTHING`);
  const genreId = db.prepare<[string], { id: number }>(`SELECT id FROM genres WHERE name = ?`);
  const link = db.prepare(`INSERT INTO item_genres (item_id, series_id, genre_id) VALUES (?, ?, ?)`);
  const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, duration_ms, mpaa, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const [id, title, year, genres, rating] of MOVIES) {
    item.run(id, `m${id}`, 'movie', title, title.toLowerCase(), year, null, null, null, 100 * MIN, rating, id * DAY);
    for (const g of genres) {
      genre.run(g);
      link.run(id, null, genreId.get(g)!.id);
    }
  }
  db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (1, 1, 's', 'Harbour Lights', 'harbour lights', 'TV-14', ?)`).run(13 * DAY);
  for (const [id, episode] of [[20, 1], [21, 2], [22, 3]] as const) item.run(id, `e${id}`, 'episode', `Episode ${episode}`, `episode ${episode}`, null, 1, 1, episode, 45 * MIN, null, 13 * DAY);
  genre.run('Drama');
  link.run(null, 1, genreId.get('Drama')!.id);
  // a series with no rating of its own whose episode is TV-G: a kid allowed TV-G may watch it (as its card says), Mia (TV-Y7) not
  db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (2, 1, 'l', 'Little Ones', 'little ones', NULL, 0)`).run();
  item.run(23, 'e23', 'episode', 'Episode 1', 'episode 1', null, 2, 1, 1, 10 * MIN, 'TV-G', 0);
  link.run(null, 2, genreId.get('Animation')!.id);
  app = createSeedApp(seed, { name: 'Test Seed', webRoot: null, log: pino({ level: 'silent' }) });

  // the household: the admin, two adults and a kid with a PG ceiling
  const signIn = async (id: number) => ((await request(app).post('/api/auth/signin').send({ profileId: id, kind: 'app', deviceName: 'test' }).expect(201)).body as { token: string }).token;
  tokens.Admin = await signIn(1);
  for (const [name, role, extra] of [['Sam', 'adult', {}], ['Ada', 'adult', {}], ['Mia', 'kid', { movieCeiling: 'PG', tvCeiling: 'TV-Y7' }], ['Newcomer', 'adult', {}]] as const) {
    ids[name] = ((await request(app).post('/api/profiles').set(as('Admin')).send({ name, role, avatar: 'fox', ...extra }).expect(201)).body as { id: number }).id;
  }
  for (const [name, id] of Object.entries(ids)) tokens[name] = ((await request(app).post('/api/auth/signin').send({ profileId: id, kind: 'app', deviceName: 'test' }).expect(201)).body as { token: string }).token;

  // what they watched: drama lovers who also watch the series; a comedy fan
  for (const id of [1, 2, 20, 21]) await played('Sam', id);
  for (const id of [1, 2, 3, 12]) await played('Ada', id);
  for (const id of [4, 5]) await played('Admin', id);
  await seed.home.refitNow();
});
afterAll(async () => {
  await seed.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the shelves', () => {
  test('each shelf is titled with its reason; nothing already watched; no title twice on the first screen', async () => {
    const home = await shelvesOf('Sam');
    expect(home.coldStart).toBe(false);
    expect(home.impressionId).toBeNull();
    const titles = home.shelves.map((s) => s.title);
    expect(titles[0]).toBe('Top picks for Sam');
    expect(titles).toContain('Because you watched Harbour Lights');
    expect(titles).toContain('New arrivals');
    for (const s of home.shelves) {
      expect(s.reason.length).toBeGreaterThan(10);
      expect(s.titles.length).toBeGreaterThanOrEqual(3);
    }
    const shown = firstScreen(home);
    expect(new Set(shown).size).toBe(shown.length);
    // what Sam finished is not proposed again (Rediscover waits 180 days)
    for (const watched of ['movie:1', 'movie:2', 'series:1']) expect(home.shelves.flatMap((s) => s.titles.map((t) => `${t.type}:${t.id}`))).not.toContain(watched);
    // Ada, who watched what Sam watched, also watched The Long Tide and Last Light: co-watching puts them on the first screen
    expect(titles).toContain('Because you watched Salt Road');
    expect(shown).toEqual(expect.arrayContaining(['movie:3', 'movie:12']));
    // the favourite genre
    expect(titles, titles.join(' / ')).toContain("Drama you haven't seen");
  });

  test('a kid never sees a title above its ceiling; a new profile starts cold with popular titles of varied kinds', async () => {
    const kid = await shelvesOf('Mia');
    expect(kid.coldStart).toBe(true);
    const ratingOf = new Map(MOVIES.map(([id, , , , rating]) => [id, rating]));
    for (const t of kid.shelves.flatMap((s) => s.titles)) {
      expect(t.type).toBe('movie'); // the TV-14 series is above TV-Y7
      expect(['G', 'PG']).toContain(ratingOf.get(t.id));
    }
    const fresh = await shelvesOf('Newcomer');
    expect(fresh.coldStart).toBe(true);
    expect(fresh.shelves[0]).toMatchObject({ id: 'top-picks', kind: 'popular', title: 'Popular at home' });
    // varied: the first picks are not all of one genre
    const genreOf = new Map(MOVIES.map(([id, , , genres]) => [id, genres[0]]));
    const firstFour = fresh.shelves[0]!.titles.slice(0, 4).map((t) => (t.type === 'movie' ? genreOf.get(t.id) : 'Drama'));
    expect(new Set(firstFour).size).toBeGreaterThanOrEqual(3);
    const taste = (await request(app).get('/api/recommend/taste').set(as('Mia')).expect(200)).body as TasteChoicesDto;
    expect(taste.titles.length).toBeGreaterThan(0);
    expect(taste.titles.every((t) => ['G', 'PG'].includes(ratingOf.get(t.id) ?? ''))).toBe(true);
  });

  test('picking a few titles ends the cold start at once; a thumb down takes a title out, up brings its kind', async () => {
    await request(app).post('/api/recommend/taste').set(as('Newcomer')).send({ titles: [{ type: 'movie', id: 7 }, { type: 'movie', id: 8 }, { type: 'series', id: 1 }] }).expect(204);
    const after = await shelvesOf('Newcomer');
    expect(after.coldStart).toBe(false);
    expect(after.shelves[0]!.title).toBe('Top picks for Newcomer');
    expect(after.shelves.flatMap((s) => s.titles).some((t) => t.type === 'movie' && t.id === 9)).toBe(true); // Fox and Feather, like its picks

    await request(app).put('/api/recommend/thumbs').set(as('Newcomer')).send({ type: 'movie', id: 9, value: -1 }).expect(204);
    expect((await request(app).get('/api/recommend/thumbs?type=movie&id=9').set(as('Newcomer')).expect(200)).body).toEqual({ type: 'movie', id: 9, value: -1 });
    expect((await shelvesOf('Newcomer')).shelves.flatMap((s) => s.titles).some((t) => t.type === 'movie' && t.id === 9)).toBe(false);
    await request(app).put('/api/recommend/thumbs').set(as('Newcomer')).send({ type: 'movie', id: 9, value: 0 }).expect(204);
    expect((await request(app).get('/api/recommend/thumbs?type=movie&id=9').set(as('Newcomer')).expect(200)).body.value).toBe(0);
  });

  test('a play shows on the next load, before any refit', async () => {
    const before = await shelvesOf('Admin');
    expect(before.shelves.map((s) => s.title)).not.toContain('Because you watched Cold Circuit');
    await played('Admin', 10);
    const after = await shelvesOf('Admin');
    expect(after.shelves.map((s) => s.title)).toContain('Because you watched Cold Circuit');
    expect(after.shelves.flatMap((s) => s.titles).some((t) => t.type === 'movie' && t.id === 10)).toBe(false);
  });

  test("an experiment on the home screen: the profile's variant ranks, and what it was shown is logged", async () => {
    const created = (await request(app)
      .post('/api/experiments')
      .send({ name: 'Popularity only', description: 'x', surface: 'home', variants: [{ key: 'control', name: 'Blend', weight: 1, config: {} }, { key: 'b', name: 'Popular', weight: 1, config: { ranker: 'popularity' } }] })
      .set(as('Admin'))
      .expect(201)).body as { id: number };
    await request(app).patch(`/api/experiments/${created.id}`).set(as('Admin')).send({ status: 'running' }).expect(200);
    // a HEAD is not a showing: nothing ranked, nothing logged
    await request(app).head('/api/home/shelves').set(as('Sam')).expect(200);
    const home = await shelvesOf('Sam');
    expect(home.impressionId).toEqual(expect.any(Number));
    await request(app).post('/api/recommend/click').set(as('Sam')).send({ itemId: home.shelves[0]!.titles[0]!.id, impressionId: home.impressionId, shelf: home.shelves[0]!.id, position: 0 }).expect(204);
    const results = (await request(app).get(`/api/experiments/${created.id}/results`).set(as('Admin')).expect(200)).body as { variants: { key: string; exposures: number; clicks: number }[] };
    const shown = home.shelves.reduce((n, s) => n + s.titles.length, 0);
    expect(results.variants.reduce((n, v) => n + v.exposures, 0)).toBe(shown);
    expect(results.variants.reduce((n, v) => n + v.clicks, 0)).toBe(1);
    await request(app).patch(`/api/experiments/${created.id}`).set(as('Admin')).send({ status: 'stopped' }).expect(200);
    // deleted, it leaves nothing behind: its showings go with its exposures
    const impressions = () => (seed.db.prepare('SELECT COUNT(*) AS n FROM experiment_impressions').get() as { n: number }).n;
    expect(impressions()).toBe(1);
    await request(app).delete(`/api/experiments/${created.id}`).set(as('Admin')).expect(204);
    expect(impressions()).toBe(0);
  });

  test('a variant with nothing to rank (the learned re-ranker alone, not fitted on so short a history) still gets Top picks: the same lists, blended by the defaults', async () => {
    const before = await shelvesOf('Sam');
    const created = (await request(app)
      .post('/api/experiments')
      .send({ name: 'Nothing', surface: 'home', variants: [{ key: 'a', name: 'Learned A', weight: 1, config: { ranker: 'learned' } }, { key: 'b', name: 'Learned B', weight: 1, config: { ranker: 'learned' } }] })
      .set(as('Admin'))
      .expect(201)).body as { id: number };
    await request(app).patch(`/api/experiments/${created.id}`).set(as('Admin')).send({ status: 'running' }).expect(200);
    const during = await shelvesOf('Sam');
    await request(app).patch(`/api/experiments/${created.id}`).set(as('Admin')).send({ status: 'stopped' }).expect(200);
    const picks = (home: typeof before) => home.shelves.find((s) => s.id === 'top-picks')!.titles.map((t) => t.id);
    expect(picks(during).length).toBeGreaterThan(0);
    expect(picks(during)).toEqual(picks(before));
  });

  test("a variant whose ranker has little to say (co-watching, in a household this small) ranks first and the defaults fill the shelf: Top picks is as long as without it", async () => {
    const before = await shelvesOf('Sam');
    const created = (await request(app)
      .post('/api/experiments')
      .send({ name: 'Co-watching', surface: 'home', variants: [{ key: 'a', weight: 1, config: { ranker: 'itemKnn' } }, { key: 'b', weight: 1, config: { ranker: 'itemKnn' } }] })
      .set(as('Admin'))
      .expect(201)).body as { id: number };
    await request(app).patch(`/api/experiments/${created.id}`).set(as('Admin')).send({ status: 'running' }).expect(200);
    const during = await shelvesOf('Sam');
    await request(app).patch(`/api/experiments/${created.id}`).set(as('Admin')).send({ status: 'stopped' }).expect(200);
    const picks = (home: typeof before) => home.shelves.find((s) => s.id === 'top-picks')?.titles.map((t) => `${t.type}:${t.id}`) ?? [];
    expect(picks(during).length).toBe(picks(before).length);
    // what co-watching proposes comes first: Ada watched The Long Tide and Last Light along with Sam's dramas
    expect(picks(during).slice(0, 4)).toEqual(expect.arrayContaining(['movie:3']));
  });

  test("a series is judged by its episodes' ratings, as its card is: a kid who watched a TV-G episode of an unrated series and liked it gets Because you watched it", async () => {
    ids.Leo = ((await request(app).post('/api/profiles').set(as('Admin')).send({ name: 'Leo', role: 'kid', avatar: 'fox', movieCeiling: 'G', tvCeiling: 'TV-G' }).expect(201)).body as { id: number }).id;
    tokens.Leo = ((await request(app).post('/api/auth/signin').send({ profileId: ids.Leo, kind: 'app', deviceName: 'test' }).expect(201)).body as { token: string }).token;
    await played('Leo', 23);
    await request(app).put('/api/recommend/thumbs').set(as('Leo')).send({ type: 'series', id: 2, value: 1 }).expect(204);
    const kid = await shelvesOf('Leo');
    expect(kid.shelves.map((s) => s.title), JSON.stringify(kid.shelves.map((s) => [s.title, s.titles.map((t) => t.title)]))).toContain('Because you watched Little Ones');
  });

  test('the OpenAPI document lists the routes, and the answers have every required field', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/home/shelves', '/api/recommend/taste', '/api/recommend/thumbs']));
    const schemas = doc.components.schemas;
    const home = await shelvesOf('Sam');
    expect(Object.keys(home).sort()).toEqual([...schemas.HomeShelves.required].sort());
    expect(Object.keys(home.shelves[0]!).sort()).toEqual([...schemas.HomeShelves.properties.shelves.items.required].sort());
    expect(Object.keys(home.shelves[0]!.titles[0]!).sort()).toEqual([...schemas.TitleCard.required].sort());
    expect(Object.keys((await request(app).get('/api/recommend/thumbs?type=movie&id=1').set(as('Sam'))).body).sort()).toEqual([...schemas.Thumb.required].sort());
  });

  test('bad input is a 400 naming the field; a title the viewer may not see is a 404', async () => {
    expect((await request(app).put('/api/recommend/thumbs').set(as('Sam')).send({ type: 'film', id: 1, value: 1 }).expect(400)).body.message).toMatch(/^type: /);
    expect((await request(app).put('/api/recommend/thumbs').set(as('Sam')).send({ type: 'movie', id: 1, value: 2 }).expect(400)).body.message).toMatch(/^value: /);
    expect((await request(app).get('/api/recommend/thumbs?type=movie').set(as('Sam')).expect(400)).body.message).toMatch(/^id: /);
    expect((await request(app).post('/api/recommend/taste').set(as('Sam')).send({ titles: [] }).expect(400)).body.message).toMatch(/^titles: /);
    await request(app).put('/api/recommend/thumbs').set(as('Mia')).send({ type: 'movie', id: 10, value: 1 }).expect(404); // R, above the kid's ceiling
    await request(app).post('/api/recommend/taste').set(as('Mia')).send({ titles: [{ type: 'series', id: 1 }] }).expect(404);
    await request(app).get('/api/recommend/thumbs?type=movie&id=999').set(as('Sam')).expect(404);
    // ids are numbers in a body and digits in a query: nothing coerced into a title (true would be 1, [4] 4)
    for (const id of [true, [4], '5', 1.5]) {
      expect((await request(app).put('/api/recommend/thumbs').set(as('Sam')).send({ type: 'movie', id, value: -1 }).expect(400)).body.message).toBe('id: must be a title id');
    }
    expect((await request(app).post('/api/recommend/taste').set(as('Sam')).send({ titles: [{ type: 'movie', id: true }] }).expect(400)).body.message).toBe('titles.0.id: must be a title id');
    for (const id of ['0x4', '4e0', '04', '-4']) {
      expect((await request(app).get(`/api/recommend/thumbs?type=movie&id=${id}`).set(as('Sam')).expect(400)).body.message).toBe('id: must be a title id');
    }
    expect((await request(app).put('/api/recommend/thumbs').set(as('Sam')).send({ type: 'movie', id: 4, value: -1, profileId: 3 }).expect(400)).body.message).toMatch(/profileId/);
    expect(seed.db.prepare(`SELECT COUNT(*) AS n FROM title_thumbs WHERE value = -1 AND title_key IN ('movie:1', 'movie:4', 'movie:5')`).get()).toEqual({ n: 0 });
  });

  test("a thumb down alone does not end a new profile's cold start: it only takes the title out", async () => {
    const { id } = (await request(app).post('/api/profiles').set(as('Admin')).send({ name: 'Quiet', role: 'adult', avatar: 'owl' }).expect(201)).body as { id: number };
    tokens.Quiet = ((await request(app).post('/api/auth/signin').send({ profileId: id, kind: 'app', deviceName: 'test' }).expect(201)).body as { token: string }).token;
    const before = await shelvesOf('Quiet');
    expect(before.coldStart).toBe(true);
    const first = before.shelves[0]!.titles[0]!;
    await request(app).put('/api/recommend/thumbs').set(as('Quiet')).send({ type: first.type, id: first.id, value: -1 }).expect(204);
    const after = await shelvesOf('Quiet');
    expect(after.coldStart).toBe(true);
    expect(after.shelves[0]!.title).toBe('Popular at home');
    expect(after.shelves.flatMap((s) => s.titles).some((t) => t.type === first.type && t.id === first.id)).toBe(false);
  });

  test('titles that cannot play now (their folder unplugged) come after those that can, on every shelf and in the taste picker', async () => {
    const db = seed.db;
    const top = (await shelvesOf('Sam')).shelves.find((s) => s.id === 'top-picks')!.titles;
    const gone = top.slice(0, 2).filter((t) => t.type === 'movie').map((t) => t.id);
    expect(gone.length).toBeGreaterThan(0);
    db.prepare(`INSERT INTO library_folders (id, library_id, path, online) VALUES (90, 1, '/mnt/unplugged', 0)`).run();
    const file = db.prepare(`INSERT INTO media_files (item_id, folder_id, path, size_bytes, mtime_ms, dev, inode, duration_ms, media_json, missing, added_at) VALUES (?, 90, ?, 1, 0, '1', ?, ?, '{}', 1, 0)`);
    for (const id of gone) file.run(id, `/mnt/unplugged/${id}.mkv`, String(id), 100 * MIN);
    try {
      const inOrder = (titles: { offline: boolean }[]) => expect(titles.map((t) => t.offline)).toEqual(titles.map((t) => t.offline).toSorted((a, b) => Number(a) - Number(b)));
      const after = await shelvesOf('Sam');
      for (const shelf of after.shelves) inOrder(shelf.titles);
      const picks = after.shelves.find((s) => s.id === 'top-picks')!.titles;
      expect(picks[0]!.offline).toBe(false);
      expect(picks.filter((t) => t.offline).map((t) => t.id)).toEqual(expect.arrayContaining(gone.filter((id) => picks.some((t) => t.id === id))));
      const taste = (await request(app).get('/api/recommend/taste').set(as('Quiet')).expect(200)).body as TasteChoicesDto;
      inOrder(taste.titles);
    } finally {
      db.prepare('DELETE FROM library_folders WHERE id = 90').run();
    }
  });

  test('a thumb goes with its title: a new title given the same id starts without one', async () => {
    const db = seed.db;
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (2, 'Borrowed disk', 'movies', 0)`).run();
    const movie = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, duration_ms, mpaa, added_at) VALUES (?, 2, ?, 'movie', ?, ?, 2001, ?, 'PG', 0)`);
    movie.run(500, 'b500', 'Borrowed', 'borrowed', 100 * MIN);
    await request(app).put('/api/recommend/thumbs').set(as('Ada')).send({ type: 'movie', id: 500, value: -1 }).expect(204);
    await request(app).delete('/api/libraries/2').set(as('Admin')).expect(204);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM title_thumbs WHERE title_key = 'movie:500'`).get()).toEqual({ n: 0 });
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (3, 'New disk', 'movies', 0)`).run();
    db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, duration_ms, mpaa, added_at) VALUES (500, 3, 'n500', 'movie', 'Brand New', 'brand new', 2024, ?, 'PG', 0)`).run(100 * MIN);
    expect((await request(app).get('/api/recommend/thumbs?type=movie&id=500').set(as('Ada')).expect(200)).body).toEqual({ type: 'movie', id: 500, value: 0 });
  });
});
