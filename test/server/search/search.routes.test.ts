// GET /api/search over a real Seed (SQLite file, the real app): answers, the OpenAPI document, and
// every bad input answered 400 naming the field, or an empty result — never a 500.
import { rm } from 'node:fs/promises';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SearchResultDto } from '../../../server/src/http/api-types.js';
import { errorHandler } from '../../../server/src/http/error-handler.js';
import { createSeed, createSeedApp } from '../../../server/src/main.js';
import type { Viewer } from '../../../server/src/profiles/viewer.js';
import { searchRoutes } from '../../../server/src/search/search.routes.js';
import { tempDir, testConfig } from '../../helpers/server.js';

let dataDir: string;
let seed: ReturnType<typeof createSeed>;
let app: ReturnType<typeof createSeedApp>;

beforeAll(async () => {
  dataDir = await tempDir('seed-search-routes-');
  seed = createSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }));
  seed.runner.stop();
  seed.db.exec(`
    INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0);
    INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (1, 1, 's', 'Stranger Things', 'stranger things', 'TV-14', 0);
    INSERT INTO items (id, library_id, group_key, kind, title, sort_title, series_id, season, episode, poster_file, added_at) VALUES (1, 1, 'e', 'episode', 'Chapter One', 'chapter one', 1, 1, 1, '/x/thumb.jpg', 0);
    INSERT INTO items (id, library_id, group_key, kind, title, sort_title, original_title, mpaa, added_at) VALUES (2, 1, 'a', 'movie', 'Amélie', 'amelie', 'Le Fabuleux Destin d''Amélie Poulain', 'R', 0);
    INSERT INTO items (id, library_id, group_key, kind, title, sort_title, mpaa, added_at) VALUES (3, 1, 'n', 'movie', 'Near Dark', 'near dark', 'PG', 0);
    INSERT INTO people (id, name) VALUES (1, 'Winona Ryder');
    INSERT INTO item_people (series_id, person_id, role) VALUES (1, 1, 'actor');
    INSERT INTO genres (id, name) VALUES (1, 'Science Fiction');
    INSERT INTO item_genres (series_id, genre_id) VALUES (1, 1);
  `);
  app = createSeedApp(seed, { name: 'Test Seed', webRoot: null, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await seed.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

const search = async (query: Record<string, string | string[]>, status = 200) => (await request(app).get('/api/search').query(query).expect(status)).body;

describe('GET /api/search', () => {
  test('titles, people and genres, each with what matched; never cached', async () => {
    const res = await request(app).get('/api/search').query({ q: 'strnger' }).expect(200).expect('Cache-Control', 'no-store');
    expect(res.body).toEqual({
      query: 'strnger',
      hits: [
        {
          type: 'series',
          id: 1,
          name: 'Stranger Things',
          match: { field: 'series', text: 'Stranger Things', highlights: [[0, 8]] },
          // a series without a poster of its own shows its first episode's
          title: { type: 'series', id: 1, title: 'Stranger Things', year: null, posterUrl: expect.stringMatching(/^\/api\/items\/1\/artwork\/poster\?v=[0-9a-f]{10}$/), seriesId: null, seriesTitle: null, season: null, episode: null, plays: 0 },
          titles: [],
        },
      ],
    } satisfies SearchResultDto);
    expect((await search({ q: 'winona' })).hits).toEqual([
      expect.objectContaining({ type: 'person', id: 1, name: 'Winona Ryder', title: null, titles: [expect.objectContaining({ type: 'series', id: 1 })] }),
    ]);
    expect((await search({ q: 'science' })).hits).toEqual([expect.objectContaining({ type: 'genre', id: 1, name: 'Science Fiction', match: { field: 'genre', text: 'Science Fiction', highlights: [[0, 7]] } })]);
    expect((await search({ q: 'chapter' })).hits[0]).toMatchObject({ type: 'episode', id: 1, title: { seriesId: 1, seriesTitle: 'Stranger Things', season: 1, episode: 1 } });
    expect((await search({ q: 'amelie', limit: '1' })).hits).toHaveLength(1);
  });

  test('no text, or only punctuation: no hits', async () => {
    for (const q of ['', ' ', '"', '*', '-', '"*-^:()']) expect(await search({ q })).toEqual({ query: q, hits: [] });
    expect(await search({})).toEqual({ query: '', hits: [] });
  });

  test('FTS5 operators are searched as words', async () => {
    expect((await search({ q: 'NEAR(' })).hits.map((h: { name: string }) => h.name)).toEqual(['Near Dark']);
    expect((await search({ q: 'OR' })).hits).toEqual([]);
    expect((await search({ q: 'NEAR(dark, stranger)' })).hits).toEqual([]);
    expect((await search({ q: 'stranger OR amelie' })).hits).toEqual([]);
    expect((await search({ q: '"stranger" -things' })).hits.map((h: { name: string }) => h.name)).toEqual(['Stranger Things']);
  });

  test('the OpenAPI document has the route, and the answers every required field', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(doc.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'limit']);
    const { SearchResult, SearchHit, SearchTitle } = doc.components.schemas;
    const body = await search({ q: 'winona' });
    expect(Object.keys(body).sort()).toEqual([...SearchResult.required].sort());
    expect(Object.keys(body.hits[0]).sort()).toEqual([...SearchHit.required].sort());
    expect(Object.keys(body.hits[0].match).sort()).toEqual([...SearchHit.properties.match.required].sort());
    expect(Object.keys(body.hits[0].titles[0]).sort()).toEqual([...SearchTitle.required].sort());
    expect(Object.keys((await search({ q: 'amelie' })).hits[0].title).sort()).toEqual([...SearchTitle.required].sort());
  });
});

describe('bad input gets a 400 naming the field', () => {
  test.each([
    [{ q: 'x'.repeat(10_000) }, 'q: is too long (at most 200 characters)'],
    [{ q: 'x'.repeat(201) }, 'q: is too long (at most 200 characters)'],
    [{ q: ['a', 'b'] }, 'q: must be text'],
    [{ q: 'a', limit: '0' }, 'limit: must be a whole number from 1 to 50'],
    [{ q: 'a', limit: '51' }, 'limit: must be a whole number from 1 to 50'],
    [{ q: 'a', limit: '1.5' }, 'limit: must be a whole number from 1 to 50'],
    [{ q: 'a', limit: 'ten' }, 'limit: must be a whole number from 1 to 50'],
    [{ q: 'a', limit: '' }, 'limit: must be a whole number from 1 to 50'],
  ])('%j', async (query, message) => {
    expect(await search(query, 400)).toEqual({ code: 'bad_request', message });
  });

  test('200 characters are fine', async () => {
    expect(await search({ q: 'é'.repeat(200) })).toEqual({ query: 'é'.repeat(200), hits: [] });
  });
});

test('the route searches for the viewer the request acts for', async () => {
  const kid: Viewer = { profileId: 2, role: 'kid', ceiling: { movie: 'PG', tv: 'TV-Y7', allowUnrated: false }, libraryIds: null };
  const kidApp = express();
  kidApp.use((_req, res, next) => {
    res.locals.viewer = kid;
    next();
  });
  kidApp.use('/api', searchRoutes(seed.search));
  kidApp.use(errorHandler(pino({ level: 'silent' })));
  expect((await request(kidApp).get('/api/search?q=stranger').expect(200)).body.hits).toEqual([]);
  expect((await request(kidApp).get('/api/search?q=dark').expect(200)).body.hits.map((h: { name: string }) => h.name)).toEqual(['Near Dark']);
  expect((await request(app).get('/api/search?q=stranger').expect(200)).body.hits).toHaveLength(1);
});
