// The sessions API over a real Seed (SQLite file, the real app): start, events (JSON and a beacon's
// text/plain), the admin list, QoE, resume points, /metrics, and every bad input answered 400 or 404.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { QoeDto, SessionDto, SessionListDto } from '../../../server/src/http/api-types.js';
import { createSeed, createSeedApp } from '../../../server/src/main.js';
import { tempDir, testConfig } from '../../helpers/server.js';

let dataDir: string;
let seed: ReturnType<typeof createSeed>;
let app: ReturnType<typeof createSeedApp>;

beforeAll(async () => {
  dataDir = await tempDir('seed-sessions-');
  seed = createSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }));
  seed.runner.stop();
  seed.db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  seed.db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, added_at) VALUES (1, 1, 'a', 'movie', 'Sintel', 'sintel', 0)`).run();
  app = createSeedApp(seed, { name: 'Test Seed', webRoot: null, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await seed.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

const startBody = { itemId: 1, method: 'hls', clientId: 'b7f3c2', clientName: 'Firefox on Windows' };
const startSession = async (): Promise<number> => (await request(app).post('/api/sessions').send(startBody).expect(201)).body.id as number;

describe('a session from start to end', () => {
  test('start, events, the active list, QoE, the resume point, and the end', async () => {
    const id = await startSession();
    expect(id).toEqual(expect.any(Number));
    await request(app)
      .post(`/api/sessions/${id}/events`)
      .send({
        events: [
          { kind: 'switch', height: 720, bitrateBps: 2_800_000 },
          { kind: 'start', startupMs: 930 },
          { kind: 'stall', ms: 1_400 },
          { kind: 'progress', positionMs: 70_000, durationMs: 888_000, watchedMs: 10_000, height: 720 },
        ],
      })
      .expect(204);

    const { sessions } = (await request(app).get('/api/sessions?active=true').expect(200).expect('Cache-Control', 'no-store')).body as SessionListDto;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toEqual({
      id, itemId: 1, title: 'Sintel', profileName: 'Admin', clientId: 'b7f3c2', clientName: 'Firefox on Windows', method: 'hls', height: 720, bitrateBps: 2_800_000,
      positionMs: 70_000, durationMs: 888_000, startupMs: 930, stallCount: 1, stallMs: 1_400, switchCount: 0, watchedMs: 10_000, averageBitrateBps: 2_800_000,
      errorCount: 0, lastError: null, active: true, startedAt: expect.any(String), lastSeenAt: expect.any(String), endedAt: null, bufferMs: null, reportedBps: null, measuredBps: null,
    } satisfies SessionDto);
    expect((await request(app).get(`/api/sessions/${id}`).expect(200)).body).toEqual(sessions[0]);
    expect((await request(app).get('/api/items/1/resume').expect(200)).body).toMatchObject({ positionMs: 70_000, durationMs: 888_000, played: false });

    const qoe = (await request(app).get('/api/qoe').expect(200)).body as QoeDto;
    expect(qoe).toMatchObject({ hours: 24, bucketSeconds: 3600 });
    expect(qoe.buckets).toHaveLength(24);
    expect(qoe.buckets.at(-1)).toMatchObject({ starts: 1, startupP50Ms: 930, startupP95Ms: 930, watchedSeconds: 10, stallSeconds: 1.4, stallCount: 1, rebufferingRatio: 0.14, rungs: [{ height: 720, seconds: 10 }] });
    expect((await request(app).get('/api/qoe?hours=6').expect(200)).body.buckets).toHaveLength(6);

    // leaving the page: the beacon's text/plain body
    await request(app).post(`/api/sessions/${id}/events`).set('Content-Type', 'text/plain').send(JSON.stringify({ events: [{ kind: 'end', positionMs: 71_000 }] })).expect(204);
    expect((await request(app).get('/api/sessions?active=true').expect(200)).body).toEqual({ sessions: [] });
    expect((await request(app).get('/api/sessions').expect(200)).body.sessions[0]).toMatchObject({ id, active: false, endedAt: expect.any(String), positionMs: 71_000 });
    expect((await request(app).get('/api/items/1/resume').expect(200)).body).toMatchObject({ positionMs: 71_000 });
  });

  test('/metrics (outside /api) answers Prometheus text with the playback metrics and the process ones', async () => {
    const id = await startSession();
    await request(app).post(`/api/sessions/${id}/events`).send({ events: [{ kind: 'start', startupMs: 700 }, { kind: 'progress', positionMs: 1, durationMs: 9, watchedMs: 5_000, height: 1080 }] }).expect(204);
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['seed_video_start_seconds_bucket', 'seed_playback_stalls_total', 'seed_playback_stall_seconds_total', 'seed_playback_active_sessions', 'process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
      expect(res.text).toContain(name);
    }
    expect(res.text).toContain('seed_playback_watched_seconds_total{method="hls",height="1080"} 5');
    expect(res.text).toMatch(/seed_playback_active_sessions\{method="hls"\} [1-9]/);
  });

  test('the OpenAPI document lists the routes, and the answers have every required field', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/sessions', '/api/sessions/{id}', '/api/sessions/{id}/events', '/api/qoe', '/api/items/{id}/resume', '/metrics']));
    const session = (await request(app).get('/api/sessions').expect(200)).body.sessions[0];
    expect(Object.keys(session).sort()).toEqual([...doc.components.schemas.Session.required].sort());
    const qoe = (await request(app).get('/api/qoe?hours=1').expect(200)).body;
    expect(Object.keys(qoe).sort()).toEqual([...doc.components.schemas.Qoe.required].sort());
    expect(Object.keys(qoe.buckets[0]).sort()).toEqual([...doc.components.schemas.Qoe.properties.buckets.items.required].sort());
  });
});

describe('bad input gets a 400 naming the field; unknown ids a 404', () => {
  test.each([
    [{}, 'itemId: is required'],
    [{ ...startBody, itemId: 'one' }, 'itemId: must be a number'],
    [{ ...startBody, itemId: 0 }, 'itemId: must be a positive whole number'],
    [{ ...startBody, method: 'torrent' }, 'method: must be one of direct, remux, hls'],
    [{ ...startBody, clientId: '' }, 'clientId: must not be empty'],
    [{ ...startBody, clientName: 'x'.repeat(101) }, 'clientName: is too long'],
    [{ ...startBody, profile: 2 }, 'body: Unrecognized key: "profile"'],
  ])('POST /api/sessions %j', async (body, message) => {
    expect((await request(app).post('/api/sessions').send(body).expect(400)).body).toEqual({ code: 'bad_request', message });
  });

  test('POST /api/sessions for an unknown title is 404', async () => {
    expect((await request(app).post('/api/sessions').send({ ...startBody, itemId: 999 }).expect(404)).body).toEqual({ code: 'not_found', message: 'item 999 not found' });
  });

  test.each([
    [{}, 'events: must be a list of events'],
    [{ events: 'all' }, 'events: must be a list of events'],
    [{ events: [7] }, 'events.0: must be an event object'],
    [{ events: [{ kind: 'rewind' }] }, 'events.0.kind: must be one of start, stall, switch, progress, error, end'],
    [{ events: [{ kind: 'stall' }] }, 'events.0.ms: must be a number of milliseconds'],
    [{ events: [{ kind: 'start', startupMs: -3 }] }, 'events.0.startupMs: must not be negative'],
    [{ events: [{ kind: 'start', startupMs: 1.5 }] }, 'events.0.startupMs: must be a whole number of milliseconds'],
    [{ events: [{ kind: 'stall', ms: 10 }, { kind: 'switch', height: 720, bitrateBps: 'fast' }] }, 'events.1.bitrateBps: must be a bit rate in bits per second, or null'],
    [{ events: [{ kind: 'progress', positionMs: 0, durationMs: 0, watchedMs: 0 }] }, 'events.0.height: must be a height in pixels'],
    [{ events: [{ kind: 'end', positionMs: 1, at: 3 }] }, 'events.0: Unrecognized key: "at"'],
    [{ events: Array.from({ length: 501 }, () => ({ kind: 'stall', ms: 1 })) }, 'events: has more than 500 events'],
    [{ events: [{ kind: 'progress', positionMs: 0, durationMs: 0, watchedMs: 0, height: null, paused: 'yes' }] }, 'events.0.paused: must be true or false'],
    [{ events: [], seq: 0 }, 'seq: must be a positive whole number'],
    [{ events: [], seq: 'first' }, 'seq: must be the number of the first event'],
  ])('POST /api/sessions/1/events %j', async (body, message) => {
    expect((await request(app).post('/api/sessions/1/events').send(body).expect(400)).body).toEqual({ code: 'bad_request', message });
  });

  test('a beacon that is not JSON is 400; a batch is applied whole or not at all', async () => {
    const id = await startSession();
    expect((await request(app).post(`/api/sessions/${id}/events`).set('Content-Type', 'text/plain').send('{"events":').expect(400)).body).toEqual({ code: 'bad_request', message: 'body: must be JSON' });
    await request(app).post(`/api/sessions/${id}/events`).send({ events: [{ kind: 'stall', ms: 5 }, { kind: 'stall' }] }).expect(400);
    expect((await request(app).get(`/api/sessions/${id}`).expect(200)).body.stallCount).toBe(0);
  });

  test('unknown or malformed session ids', async () => {
    expect((await request(app).post('/api/sessions/999/events').send({ events: [] }).expect(404)).body).toEqual({ code: 'not_found', message: 'session 999 not found' });
    expect((await request(app).get('/api/sessions/999').expect(404)).body).toEqual({ code: 'not_found', message: 'session 999 not found' });
    expect((await request(app).post('/api/sessions/abc/events').send({ events: [] }).expect(400)).body).toEqual({ code: 'bad_request', message: 'id: must be a positive whole number' });
  });

  test.each([
    ['/api/sessions?active=yes', 'active: must be true or false'],
    ['/api/qoe?hours=0', 'hours: must be at least 1'],
    ['/api/qoe?hours=169', 'hours: must be at most 168'],
    ['/api/qoe?hours=1.5', 'hours: must be a whole number of hours'],
    ['/api/qoe?hours=day', 'hours: must be a whole number of hours'],
    ['/api/items/abc/resume', 'id: must be a positive whole number'],
  ])('GET %s', async (path, message) => {
    expect((await request(app).get(path).expect(400)).body).toEqual({ code: 'bad_request', message });
  });

  test('the resume point of an unknown title is 404', async () => {
    expect((await request(app).get('/api/items/999/resume').expect(404)).body).toEqual({ code: 'not_found', message: 'item 999 not found' });
  });
});
