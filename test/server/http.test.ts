import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSeed, createSeedApp } from '../../server/src/main.js';
import { demoLibrary } from '../helpers/clips.js';
import { rendererDir, repoRoot } from '../helpers/paths.js';
import { tempDir, testConfig, waitFor } from '../helpers/server.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
let dataDir: string;
let seed: ReturnType<typeof createSeed>;
let app: ReturnType<typeof createSeedApp>;
/** the token of a stream URL /playback answered with */
const tokenOf = (url: string) => new URL(url, 'http://seed').searchParams.get('token')!;

beforeAll(async () => {
  dataDir = await tempDir();
  seed = createSeed(testConfig(dataDir, { transcodeConcurrency: 1 }), pino({ level: 'silent' }));
  app = createSeedApp(seed, { name: 'Test Seed', webRoot: rendererDir(), log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await seed.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

describe('system', () => {
  test('GET /api/health', async () => {
    const res = await request(app).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version });
  });

  test('GET /api/openapi.json is an OpenAPI 3 document of every route', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/server', '/api/libraries', '/api/libraries/{id}', '/api/titles', '/api/items', '/api/items/{id}', '/api/series/{id}', '/api/items/{id}/playback', '/api/items/{id}/hls/master.m3u8']),
    );
    expect(res.body.paths['/api/libraries'].post.requestBody.content['application/json'].schema.properties.path).toBeDefined();
  });

  test('a first run needs setup', async () => {
    expect((await request(app).get('/api/server').expect(200)).body).toEqual({ name: 'Test Seed', version, needsSetup: true });
  });

  test('an unknown API route is a JSON 404, not the UI', async () => {
    const res = await request(app).get('/api/nope').expect(404);
    expect(res.body).toEqual({ code: 'not_found', message: 'no API route GET /api/nope' });
  });
});

describe('bad input gets a 4xx naming the field', () => {
  test.each([
    [{}, 'path: is required'],
    [{ path: 42 }, 'path: must be a string'],
    [{ path: '' }, 'path: is required'],
    [{ path: 'relative' }, 'path: "relative" must be an absolute path to a folder'],
    [{ path: '/does/not/exist' }, 'path: /does/not/exist is not an existing folder'],
    [{ path: '/tmp', kind: 'cartoons' }, 'kind: must be one of movies, shows, mixed'],
    [{ paths: [] }, 'paths: needs at least one folder'],
    [{ paths: ['/does/not/exist'] }, 'path: /does/not/exist is not an existing folder'],
    [{ paths: ['/tmp', 7] }, 'paths.1: must be a string'],
    [{ path: '/tmp', name: '' }, 'name: must not be empty'],
    [{ path: '/tmp', colour: 'red' }, 'body: Unrecognized key: "colour"'],
  ])('POST /api/libraries %j', async (body, message) => {
    const res = await request(app).post('/api/libraries').send(body).expect(400);
    expect(res.body).toEqual({ code: 'bad_request', message });
    expect((await request(app).get('/api/libraries')).body).toEqual({ libraries: [] });
  });

  test('malformed JSON', async () => {
    const res = await request(app).post('/api/libraries').set('Content-Type', 'application/json').send('{"path":').expect(400);
    expect(res.body.code).toBe('bad_request');
  });

  test('a body over the limit is 413', async () => {
    const res = await request(app).post('/api/libraries').send({ path: 'x'.repeat(100_000) }).expect(413);
    expect(res.body.code).toBe('too_large');
  });

  test.each(['/api/items/abc', '/api/items/0', '/api/items/-1', '/api/items/1.5', '/api/libraries/abc', '/api/items/abc/playback', '/api/items/abc/artwork/poster', '/api/series/abc'])(
    'GET %s is 400 naming id',
    async (path) => {
      expect((await request(app).get(path).expect(400)).body).toEqual({ code: 'bad_request', message: 'id: must be a positive whole number' });
    },
  );

  test.each(['/api/items/999', '/api/items/999/playback', '/api/items/999/artwork/poster', '/api/series/999', '/api/series/999/artwork/fanart', '/api/libraries/999', '/api/libraries/999/skipped'])('GET %s is a JSON 404', async (path) => {
    const res = await request(app).get(path).expect(404);
    expect(res.body.code).toBe('not_found');
    expect(res.body.message).toMatch(/not found$/);
  });

  test('PATCH and DELETE of an unknown library are 404; a bad PATCH body names the field', async () => {
    expect((await request(app).patch('/api/libraries/999').send({ name: 'x' }).expect(404)).body).toEqual({ code: 'not_found', message: 'library 999 not found' });
    expect((await request(app).delete('/api/libraries/999').expect(404)).body.code).toBe('not_found');
    expect((await request(app).patch('/api/libraries/1').send({}).expect(400)).body).toEqual({ code: 'bad_request', message: 'body: give at least one of name, kind, paths' });
    expect((await request(app).patch('/api/libraries/1').send({ kind: 'films' }).expect(400)).body.message).toBe('kind: must be one of movies, shows, mixed');
  });

  test('POST /api/libraries/999/scan is 404', async () => {
    expect((await request(app).post('/api/libraries/999/scan').expect(404)).body).toEqual({ code: 'not_found', message: 'library 999 not found' });
  });

  test('GET /api/items/1/playback?retry=maybe is 400 naming retry', async () => {
    expect((await request(app).get('/api/items/1/playback?retry=maybe').expect(400)).body.message).toMatch(/^retry: /);
  });
});

describe('a library from add to stream', () => {
  test('add, scan, titles, series, item detail, artwork, playback, playlists and segments', async () => {
    const added = await request(app).post('/api/libraries').send({ path: demoLibrary, kind: 'mixed' }).expect(201);
    expect(added.body).toMatchObject({ name: 'library', kind: 'mixed', path: demoLibrary, folders: [{ path: demoLibrary, online: true }], scanning: true });
    expect((await request(app).post('/api/libraries').send({ path: demoLibrary }).expect(409)).body.code).toBe('conflict');
    await waitFor(async () => (await request(app).get(`/api/libraries/${added.body.id}`)).body.scanning === false, 'scan');
    expect((await request(app).get('/api/server')).body.needsSetup).toBe(false);
    expect((await request(app).get(`/api/libraries/${added.body.id}`)).body).toMatchObject({ itemCount: 3, progress: null, lastScanAt: expect.any(String) });

    const { titles } = (await request(app).get('/api/titles').expect(200)).body as { titles: { type: string; id: number; title: string; posterUrl: string; episodeCount: number | null }[] };
    expect(titles.map((t) => [t.type, t.title, t.episodeCount])).toEqual([
      ['movie', 'Big Buck Test', null],
      ['series', 'Test Show', 2],
    ]);
    const show = (await request(app).get(`/api/series/${titles[1]!.id}`).expect(200)).body;
    expect(show.seasons).toMatchObject([{ number: 1, title: 'Season 1', episodes: [{ episode: 1, seriesTitle: 'Test Show' }, { episode: 2 }] }]);

    const { items } = (await request(app).get('/api/items').expect(200)).body as { items: { id: number; title: string; posterUrl: string }[] };
    expect(items).toHaveLength(3);
    const movie = items.find((i) => i.title === 'Big Buck Test')!;
    const detail = (await request(app).get(`/api/items/${movie.id}`).expect(200)).body;
    expect(detail).toMatchObject({ kind: 'movie', year: 2020, offline: false, extras: [], genres: [], parse: { kind: 'movie', title: 'Big Buck Test', year: 2020 } });
    expect(detail.versions).toMatchObject([{ label: null, parts: [{ width: 320, height: 180, streams: [{ type: 'video', codec: 'h264' }, { type: 'audio', codec: 'aac' }] }] }]);
    const poster = await request(app).get(movie.posterUrl).expect(200);
    expect(poster.headers['content-type']).toBe('image/jpeg');
    expect(poster.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await request(app).get(`/api/items/${movie.id}/artwork/banner`).expect(400)).body.message).toBe('kind: must be poster or fanart');
    expect((await request(app).get(`/api/items/${movie.id}/artwork/fanart`).expect(404)).body.code).toBe('not_found');

    // the movie is an MP4 with H.264 and AAC: it plays as it is, with ranges, from its library folder
    const direct = (await request(app).get(`/api/items/${movie.id}/playback`).expect(200)).body;
    expect(direct).toMatchObject({ method: 'direct', url: expect.stringMatching(new RegExp(`^/api/items/${movie.id}/file\\?token=[\\w-]+$`)), ready: true, reason: 'direct play: this browser plays the file as it is' });
    const file = await request(app).get(direct.url).set('Range', 'bytes=4-11').expect(206);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(Buffer.from(file.body).toString('latin1')).toMatch(/^ftyp/);

    // an episode is an MKV with H.264 and AAC: remuxed (first in line), just in time until then
    const episode = show.seasons[0].episodes[0].id as number;
    const first = (await request(app).get(`/api/items/${episode}/playback`).expect(200)).body;
    // (the remux queued at scan time may be made already on a busy machine)
    if (first.method !== 'remux') expect(first).toMatchObject({ method: 'hls', ready: true, url: expect.stringMatching(new RegExp(`^/api/items/${episode}/hls/master\\.m3u8\\?token=`)) });
    const remuxed = await waitFor(async () => {
      const res = await request(app).get(`/api/items/${episode}/playback`).expect(200);
      return res.body.method === 'remux' ? res.body : undefined;
    }, 'the remux');
    expect(remuxed).toMatchObject({ url: expect.stringMatching(new RegExp(`^/api/items/${episode}/remux/index\\.m3u8\\?token=`)), ready: true, reason: 'remux: H.264 and AAC copied out of MKV' });
    const episodeToken = tokenOf(remuxed.url);
    const remuxPlaylist = await request(app).get(remuxed.url).expect(200);
    expect(remuxPlaylist.text).toContain('#EXT-X-ENDLIST');
    expect(remuxPlaylist.text).toContain(`seg-00000.ts?token=${episodeToken}`);
    const remuxSegment = await request(app).get(`/api/items/${episode}/remux/seg-00000.ts?token=${episodeToken}`).expect(200);
    expect(remuxSegment.body[0]).toBe(0x47);
    await request(app).get(`/api/items/${episode}/remux/..%2F..%2Fseed.db?token=${episodeToken}`).expect(404);
    await request(app).get(`/api/items/${episode}/file`).expect(401); // stream URLs need the token /playback signs

    // a client that wants the adaptive ladder asks for it
    const ready = await waitFor(async () => {
      const res = await request(app).get(`/api/items/${movie.id}/playback?prefer=hls`).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.transcode.status).not.toBe('failed');
      expect(res.body.ready).toBe(true); // from the first answer on: just in time until the ladder is made
      return res.body.transcode.status === 'done' ? res.body : undefined;
    }, 'the HLS ladder');
    expect(ready).toEqual({ method: 'hls', url: expect.stringMatching(new RegExp(`^/api/items/${movie.id}/hls/master\\.m3u8\\?token=`)), ready: true, reason: 'HLS as the player asked; HLS: the adaptive ladder is ready', transcode: { status: 'done', progress: 1, error: null }, start: null, languages: { audio: null, subtitles: null }, audioTracks: [], subtitles: [], forcedSubtitles: [] });
    const token = tokenOf(ready.url);

    const master = await request(app).get(ready.url).expect(200);
    expect(master.headers['content-type']).toMatch(/^application\/vnd\.apple\.mpegurl/);
    const rung = new RegExp(`^(\\d+)/index\\.m3u8\\?token=${token}$`, 'm').exec(master.text)![1]!;
    const media = await request(app).get(`/api/items/${movie.id}/hls/${rung}/index.m3u8?token=${token}`).expect(200);
    expect(media.text).toContain('#EXT-X-ENDLIST');
    const segment = await request(app).get(`/api/items/${movie.id}/hls/${rung}/seg-00000.ts?token=${token}`).expect(200);
    expect(segment.headers['content-type']).toBe('video/mp2t');
    expect(segment.body[0]).toBe(0x47); // MPEG-TS sync byte
    const range = await request(app).get(`/api/items/${movie.id}/hls/${rung}/seg-00000.ts?token=${token}`).set('Range', 'bytes=0-187').expect(206);
    expect(range.body).toHaveLength(188);

    // nothing outside the rendition is reachable
    await request(app).get(`/api/items/${movie.id}/hls/${rung}/..%2F..%2F..%2Fseed.db?token=${token}`).expect(404);
    await request(app).get(`/api/items/${movie.id}/hls/..%2F..%2Fseed.db/index.m3u8?token=${token}`).expect(404);
    await request(app).get(`/api/items/${movie.id}/hls/${rung}/seg-99999.ts?token=${token}`).expect(404);

    // rename, then remove: the catalogue goes with it, the files stay
    expect((await request(app).patch(`/api/libraries/${added.body.id}`).send({ name: 'Family' }).expect(200)).body.name).toBe('Family');
    await request(app).delete(`/api/libraries/${added.body.id}`).expect(204);
    expect((await request(app).get('/api/titles')).body).toEqual({ titles: [] });
    expect((await request(app).get('/api/server')).body.needsSetup).toBe(true);
  });
});

describe('the transcoding queue', () => {
  test('lists jobs with progress, pauses and resumes, cancels and retries; unknown ids are 404', async () => {
    const paused = (await request(app).post('/api/jobs/pause').expect(200)).body;
    expect(paused).toMatchObject({ paused: true, concurrency: 1 });
    const queue = (await request(app).get('/api/jobs').expect(200)).body;
    expect(queue.paused).toBe(true);
    expect((await request(app).post('/api/jobs/resume').expect(200)).body.paused).toBe(false);
    expect((await request(app).post('/api/jobs/999/cancel').expect(404)).body).toEqual({ code: 'not_found', message: 'job 999 not found' });
    expect((await request(app).post('/api/jobs/999/retry').expect(404)).body.code).toBe('not_found');
    expect((await request(app).post('/api/jobs/abc/retry').expect(400)).body.message).toBe('id: must be a positive whole number');
  });
});

describe('the web UI', () => {
  test('any non-API path gets the app shell; its assets are served', async () => {
    const res = await request(app).get('/play/1').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const asset = /src="\.?(\/assets\/[^"]+\.js)"/.exec(res.text)?.[1];
    expect(asset).toBeDefined();
    expect((await request(app).get(asset!).expect(200)).headers['content-type']).toMatch(/javascript/);
  });
});
