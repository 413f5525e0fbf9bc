// The watch history API over a real Seed (SQLite file, the real app): the rows, marks, the resume point,
// the log, export and import (a body far over the API's 64 kB), the documented schemas against real
// answers, and every bad input answered 400 naming the field, unknown titles 404.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HistoryDocumentDto, HistoryPageDto, ResumeDto, WatchListDto } from '../../../server/src/http/api-types.js';
import { createSeed, createSeedApp } from '../../../server/src/main.js';
import { tempDir, testConfig } from '../../helpers/server.js';

const MIN = 60_000;
let dataDir: string;
let seed: ReturnType<typeof createSeed>;
let app: ReturnType<typeof createSeedApp>;

beforeAll(async () => {
  dataDir = await tempDir('seed-history-routes-');
  seed = createSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }));
  seed.runner.stop();
  const db = seed.db;
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 's', 'Harbour Lights', 'harbour lights', 0)`).run();
  const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, duration_ms, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
  item.run(1, 'sintel', 'movie', 'Sintel', 'sintel', 2010, null, null, null, 100 * MIN);
  item.run(2, 'e1', 'episode', 'Arrival', 'arrival', null, 1, 1, 1, 45 * MIN);
  item.run(3, 'e2', 'episode', 'Fog', 'fog', null, 1, 1, 2, 45 * MIN);
  app = createSeedApp(seed, { name: 'Test Seed', webRoot: null, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await seed.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

async function play(itemId: number, positionMs: number, durationMs: number) {
  const { id } = (await request(app).post('/api/sessions').send({ itemId, method: 'hls', clientId: 'c1', clientName: 'Chrome on Linux' }).expect(201)).body as { id: number };
  await request(app)
    .post(`/api/sessions/${id}/events`)
    .send({ seq: 1, events: [{ kind: 'start', startupMs: 500 }, { kind: 'progress', positionMs, durationMs, watchedMs: 10_000, height: 720, paused: true }] })
    .expect(204);
}

describe('the rows, marks and the resume point', () => {
  test('a session of the requesting profile feeds Continue watching, Next up and the resume point', async () => {
    await play(1, 30 * MIN, 100 * MIN);
    await play(2, 44 * MIN, 45 * MIN);
    const resume = (await request(app).get('/api/items/1/resume').expect(200).expect('Cache-Control', 'no-store')).body as ResumeDto;
    expect(resume).toEqual({ positionMs: 30 * MIN, durationMs: 100 * MIN, played: false, playCount: 0, lastPlayedAt: expect.any(String), hidden: false } satisfies ResumeDto);

    const continuing = (await request(app).get('/api/continue-watching').expect(200)).body as WatchListDto;
    expect(continuing.items.map((e) => [e.item.id, e.item.title, e.positionMs, e.durationMs])).toEqual([[1, 'Sintel', 30 * MIN, 100 * MIN]]);
    const next = (await request(app).get('/api/next-up?limit=5').expect(200)).body as WatchListDto;
    expect(next.items.map((e) => [e.item.id, e.item.seriesTitle, e.positionMs])).toEqual([[3, 'Harbour Lights', 0]]);
  });

  test('mark played and unplayed answer the new state; taken off Continue watching answers 204', async () => {
    expect((await request(app).post('/api/items/3/played').expect(200)).body).toMatchObject({ played: true, playCount: 1, positionMs: 0 });
    expect((await request(app).delete('/api/items/3/played').expect(200)).body).toMatchObject({ played: false, playCount: 0 });
    await request(app).delete('/api/continue-watching/1').expect(204);
    expect((await request(app).get('/api/continue-watching').expect(200)).body).toEqual({ items: [] });
    expect((await request(app).get('/api/items/1/resume').expect(200)).body).toMatchObject({ positionMs: 30 * MIN, hidden: true });
  });

  test('the log, newest first, in pages', async () => {
    const page = (await request(app).get('/api/history?limit=2').expect(200)).body as HistoryPageDto;
    expect(page.events.map((e) => [e.kind, e.itemId, e.title])).toEqual([
      ['hide', 1, 'Sintel'],
      ['mark_unplayed', 3, 'Harbour Lights — S01E02 · Fog'],
    ]);
    const rest = (await request(app).get(`/api/history?limit=200&before=${page.next}`).expect(200)).body as HistoryPageDto;
    expect(rest.events.map((e) => e.kind)).toEqual(['mark_played', 'complete', 'pause', 'start', 'pause', 'start']);
    expect(rest.next).toBeNull();
  });
});

describe('export and import', () => {
  test('the export is a versioned download; importing it again changes nothing', async () => {
    const res = await request(app).get('/api/history/export').expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=seed-history-Admin-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = res.body as HistoryDocumentDto;
    expect(doc).toMatchObject({ format: 'seed-watch-history', version: 1, profile: { name: 'Admin' }, exportedAt: expect.any(String) });
    expect(doc.titles['2']).toEqual({ kind: 'episode', title: 'Arrival', year: null, series: 'Harbour Lights', season: 1, episode: 1 });
    expect(doc.events[0]).toEqual({ at: expect.any(String), kind: 'start', itemId: 1, positionMs: null, durationMs: null, sessionId: expect.any(Number) });
    expect((await request(app).post('/api/history/import').send(doc).expect(200)).body).toEqual({ added: 0, duplicates: doc.events.length, unmatched: 0 });
  });

  test('a document far over 64 kB is taken; its new events are added once', async () => {
    const base = Date.UTC(2025, 0, 1);
    const events = Array.from({ length: 3000 }, (_, i) => ({ at: new Date(base + i * 10_000).toISOString(), kind: 'progress', itemId: 3, positionMs: 10_000 + i, durationMs: 45 * MIN, sessionId: null }));
    const doc = { format: 'seed-watch-history', version: 1, profile: { name: 'Elsewhere' }, exportedAt: new Date().toISOString(), titles: { 3: { kind: 'episode', title: 'Fog', year: null, series: 'Harbour Lights', season: 1, episode: 2 } }, events };
    expect(JSON.stringify(doc).length).toBeGreaterThan(64 * 1024);
    expect((await request(app).post('/api/history/import').send(doc).expect(200)).body).toEqual({ added: 3000, duplicates: 0, unmatched: 0 });
    expect((await request(app).post('/api/history/import').send(doc).expect(200)).body).toEqual({ added: 0, duplicates: 3000, unmatched: 0 });
  });

  test('other routes keep the 64 kB limit', async () => {
    const res = await request(app).post('/api/sessions').set('Content-Type', 'application/json').send(JSON.stringify({ clientName: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
  });
});

describe('the OpenAPI document', () => {
  test('lists every history route, and the answers have every required field', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/continue-watching', '/api/continue-watching/{id}', '/api/next-up', '/api/items/{id}/resume', '/api/items/{id}/played', '/api/history', '/api/history/export', '/api/history/import']));
    const schemas = doc.components.schemas;
    const required = (name: string) => [...schemas[name].required].sort();
    expect(Object.keys((await request(app).get('/api/items/1/resume')).body).sort()).toEqual(required('WatchState'));
    const list = (await request(app).get('/api/next-up')).body as WatchListDto;
    expect(Object.keys(list).sort()).toEqual(required('WatchList'));
    expect(Object.keys(list.items[0]!).sort()).toEqual([...schemas.WatchList.properties.items.items.required].sort());
    expect(Object.keys(list.items[0]!.item).sort()).toEqual(expect.arrayContaining(schemas.Item.required));
    const page = (await request(app).get('/api/history?limit=1')).body;
    expect(Object.keys(page).sort()).toEqual(required('HistoryPage'));
    expect(Object.keys(page.events[0]).sort()).toEqual([...schemas.HistoryPage.properties.events.items.required].sort());
    const exported = (await request(app).get('/api/history/export')).body;
    expect(Object.keys(exported).sort()).toEqual(required('HistoryDocument'));
    expect(Object.keys(exported.events[0]).sort()).toEqual(Object.keys(schemas.HistoryDocument.properties.events.items.properties).sort());
    const imported = (await request(app).post('/api/history/import').send(exported)).body;
    expect(Object.keys(imported).sort()).toEqual(required('HistoryImport'));
  });
});

describe('bad input gets a 400 naming the field; unknown titles a 404', () => {
  test.each([
    ['/api/continue-watching?limit=0', 'limit: must be at least 1'],
    ['/api/continue-watching?limit=101', 'limit: must be at most 100'],
    ['/api/next-up?limit=many', 'limit: must be a whole number'],
    ['/api/history?limit=201', 'limit: must be at most 200'],
    ['/api/history?before=abc', 'before: must be an event id'],
    ['/api/history?before=99999', "before: no event 99999 in this profile's history"],
    ['/api/items/abc/resume', 'id: must be a positive whole number'],
  ])('GET %s', async (path, message) => {
    expect((await request(app).get(path).expect(400)).body).toEqual({ code: 'bad_request', message });
  });

  test.each([
    ['post', '/api/items/999/played'],
    ['delete', '/api/items/999/played'],
    ['delete', '/api/continue-watching/999'],
    ['get', '/api/items/999/resume'],
  ] as const)('%s %s is 404', async (method, path) => {
    expect((await request(app)[method](path).expect(404)).body).toEqual({ code: 'not_found', message: 'item 999 not found' });
  });

  test.each([
    ['post', '/api/items/0/played', 'id: must be a positive whole number'],
    ['delete', '/api/continue-watching/x', 'id: must be a positive whole number'],
  ] as const)('%s %s is 400', async (method, path, message) => {
    expect((await request(app)[method](path).expect(400)).body).toEqual({ code: 'bad_request', message });
  });

  const good = () => ({
    format: 'seed-watch-history',
    version: 1,
    profile: { name: 'Admin' },
    exportedAt: '2026-11-26T20:00:00.000Z',
    titles: { 1: { kind: 'movie', title: 'Sintel', year: 2010, series: null, season: null, episode: null } },
    events: [{ at: '2026-11-26T19:00:00.000Z', kind: 'start', itemId: 1, positionMs: null, durationMs: null, sessionId: null }],
  });
  const withEvent = (event: Record<string, unknown>) => ({ ...good(), events: [good().events[0], { ...good().events[0], ...event }] });
  test.each([
    ['{}', {}, 'format: must be "seed-watch-history"'],
    ['a list', [], 'body: must be a watch history document (an object, as GET /api/history/export answers)'],
    ['another version', { ...good(), version: 2 }, 'version: must be 1 (the version of the format this Seed reads)'],
    ['no events', { ...good(), events: undefined }, 'events: is required'],
    ['an unknown kind', withEvent({ kind: 'rewind' }), 'events.1.kind: must be one of start, progress, pause, stop, complete, mark_played, mark_unplayed, hide'],
    ['a bad time', withEvent({ at: 'yesterday' }), 'events.1.at: must be an ISO 8601 time (2026-11-26T20:15:00.000Z)'],
    ['a negative position', withEvent({ positionMs: -1 }), 'events.1.positionMs: must not be negative'],
    ['a missing item', withEvent({ itemId: undefined }), 'events.1.itemId: is required'],
    ['an extra field', withEvent({ rating: 5 }), 'events.1: Unrecognized key: "rating"'],
    ['a title without its name', { ...good(), titles: { 1: { ...good().titles[1], title: '' } } }, 'titles.1.title: must not be empty'],
    ['a title keyed by a name', { ...good(), titles: { sintel: good().titles[1] } }, 'titles.sintel: must be keyed by item id'],
  ])('POST /api/history/import: %s', async (_name, body, message) => {
    expect((await request(app).post('/api/history/import').send(body).expect(400)).body).toEqual({ code: 'bad_request', message });
  });

  test('POST /api/history/import that is not JSON is 400', async () => {
    const res = await request(app).post('/api/history/import').set('Content-Type', 'application/json').send('{"format":').expect(400);
    expect(res.body.code).toBe('bad_request');
  });
});
