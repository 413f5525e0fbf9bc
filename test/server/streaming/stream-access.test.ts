// Who may fetch a stream, and from where: the playback decision for what a client says it plays,
// signed tokens on every stream URL (and on every URI of every playlist served), 401/403 naming
// why, CORS for players on other origins, ranges on the direct file and the cache headers.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createSeedApp } from '../../../server/src/main.js';
import { createSettingsStore } from '../../../server/src/settings/settings.store.js';
import { streamSecret } from '../../../server/src/streaming/stream-secret.js';
import { variantsOf } from '../../../server/src/streaming/start-rung.js';
import { signStreamToken } from '../../../server/src/streaming/stream-token.js';
import { createRunFfmpeg, locateTool } from '../../../transcoder/src/index.js';
import { clips } from '../../helpers/clips.js';
import { place, seedWithLibrary } from '../../helpers/library.js';
import { rendererDir } from '../../helpers/paths.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
let app: ReturnType<typeof createSeedApp>;
const ids = { movie: 0, hevc: 0, tracks: 0, episode: 0, hd: 0 };
const ctx = { signal: new AbortController().signal, reportProgress: () => undefined };

beforeAll(async () => {
  env = await seedWithLibrary({ files: { 'Two Tongues (2019)/Two Tongues (2019).mkv': 'multi', 'Wide Open (2021)/Wide Open (2021).mp4': 'hd' } });
  await place(env.libraryDir, 'Two Tongues (2019)/Two Tongues (2019).en.srt', 'multiSidecar');
  // HEVC in MP4, tagged hvc1 as Safari wants it: the tiny clip's picture encoded again, its AAC copied
  await mkdir(join(env.libraryDir, 'Curved Light (2022)'));
  await createRunFfmpeg(locateTool('ffmpeg', null)!.path)(
    ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-c:a', 'copy', join(env.libraryDir, 'Curved Light (2022)', 'Curved Light (2022).mp4')],
    {},
  );
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  const movies = env.seed.catalog.listMovies();
  const idOf = (title: string) => movies.find((m) => m.title === title)!.id;
  ids.movie = idOf('Big Buck Test');
  ids.hevc = idOf('Curved Light');
  ids.tracks = idOf('Two Tongues');
  ids.hd = idOf('Wide Open');
  ids.episode = env.seed.catalog.episodesOf(env.seed.catalog.listSeries()[0]!.id)[0]!.id;
  // a finished ladder with audio and subtitle tracks, and a finished remux
  expect(await env.seed.hls.handler(env.seed.jobs.find('hls', ids.tracks)!, ctx)).toBe('done');
  expect(await env.seed.hls.remuxHandler(env.seed.jobs.find('remux', ids.episode)!, ctx)).toBe('done');
  app = createSeedApp(env.seed, { name: 'Test Seed', webRoot: rendererDir(), log: pino({ level: 'silent' }) });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const playback = async (id: number, query = '') => (await request(app).get(`/api/items/${id}/playback${query}`).expect(200)).body as { method: string; url: string; reason: string; start: { height: number; bandwidthBps: number; reason: string } | null };
const tokenOf = (url: string) => new URL(url, 'http://seed').searchParams.get('token')!;
/** The URIs of a playlist: its URI lines and URI="…" attributes. */
const urisOf = (playlist: string) =>
  playlist.split('\n').flatMap((line) => (line.startsWith('#') ? [...line.matchAll(/URI="([^"]*)"/g)].map((m) => m[1]!) : line.trim() === '' ? [] : [line.trim()]));
/** A URI of a playlist at `base` as a path of the API. */
const resolve = (uri: string, base: string) => {
  const url = new URL(uri, new URL(base, 'http://seed'));
  return `${url.pathname}${url.search}`;
};

describe('the playback decision for what the client plays', () => {
  test('HEVC goes through HLS for a browser that said nothing, and plays as it is where HEVC is decoded', async () => {
    expect(env.seed.files.ofItem(ids.hevc)[0]!.media.video?.codec).toBe('hevc');
    const plain = await playback(ids.hevc);
    expect(plain).toMatchObject({ method: 'hls', reason: expect.stringMatching(/^transcoding: this browser cannot play HEVC; HLS just in time: /) });
    expect(new URL(plain.url, 'http://seed').pathname).toBe(`/api/items/${ids.hevc}/hls/master.m3u8`);
    const safari = await playback(ids.hevc, '?video=h264,hevc&audio=aac,ac3,eac3&containers=mp4');
    expect(safari).toMatchObject({ method: 'direct', reason: 'direct play: this browser plays the file as it is' });
    expect(safari.url).toMatch(new RegExp(`^/api/items/${ids.hevc}/file\\?token=[A-Za-z0-9_-]+$`));
    const file = await request(app).get(safari.url).set('Range', 'bytes=4-11').expect(206);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(file.headers['access-control-allow-origin']).toBe('*');
    expect(Buffer.from(file.body).toString('latin1')).toBe('ftypisom');
  });

  test('an MKV plays as it is on a TV that opens MKV; the file is sent as Matroska', async () => {
    const tv = await playback(ids.episode, '?video=h264,hevc&audio=aac,ac3&containers=mp4,mkv&maxHeight=2160&hdr=true');
    expect(tv).toMatchObject({ method: 'direct', url: expect.stringMatching(/\/file\?token=/) });
    const file = await request(app).get(tv.url).set('Range', 'bytes=0-3').expect(206);
    expect(file.headers['content-type']).toBe('video/x-matroska');
    expect([...Buffer.from(file.body)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML
  });

  test('a player that opens no file gets the ladder for a title others play as it is (no remux is made of it)', async () => {
    expect(await playback(ids.movie, '?containers=')).toMatchObject({
      method: 'hls',
      reason: expect.stringMatching(/^transcoding: this player does not open the file as it is, and it has no remux; HLS just in time: /),
    });
  });

  test.each([
    ['?video=h265', 'video: unknown video codec h265 (one of h264, hevc, av1, vp9)'],
    ['?audio=aac,dts', 'audio: unknown audio codec dts (one of aac, mp3, ac3, eac3, opus, flac)'],
    ['?containers=avi', 'containers: unknown container avi (one of mp4, webm, mkv)'],
    ['?maxHeight=tall', 'maxHeight: must be a whole number of pixels'],
    ['?maxHeight=100', 'maxHeight: must be at least 144'],
    ['?hdr=maybe', 'hdr: must be true or false'],
    ['?clientId=a.b', 'clientId: must be 1 to 64 letters, digits, - or _'],
  ])('GET /playback%s is 400 naming the field', async (query, message) => {
    expect((await request(app).get(`/api/items/${ids.movie}/playback${query}`).expect(400)).body).toEqual({ code: 'bad_request', message });
  });
});

describe('tokens on every stream URL', () => {
  test('the finished ladder: every URI of the master and of every playlist it names carries the token; each one is served', async () => {
    const { url } = await playback(ids.tracks, '?prefer=hls');
    const token = tokenOf(url);
    const master = await request(app).get(url).expect(200).expect('Cache-Control', 'no-cache');
    expect(master.headers['content-type']).toMatch(/^application\/vnd\.apple\.mpegurl/);
    const uris = urisOf(master.text);
    // the rungs, the second language, both subtitles
    expect(uris.map((u) => u.split('/')[0])).toEqual(expect.arrayContaining(['0', 'a1', 's0', 's1']));
    for (const uri of uris) {
      expect(tokenOf(uri)).toBe(token);
      const playlistPath = resolve(uri, url);
      const media = await request(app).get(playlistPath).expect(200);
      const inner = urisOf(media.text);
      expect(inner.length).toBeGreaterThan(0);
      for (const segmentUri of inner) expect(tokenOf(segmentUri)).toBe(token);
      const first = await request(app).get(resolve(inner[0]!, playlistPath)).expect(200);
      if (inner[0]!.startsWith('seg-')) expect(first.headers['cache-control']).toBe('public, max-age=86400, immutable');
    }
  });

  test('a title played just in time: the master and media playlists made on the fly carry it too', async () => {
    const { url } = await playback(ids.movie, '?prefer=hls');
    const token = tokenOf(url);
    const master = (await request(app).get(url).expect(200)).text;
    expect(master).toBe((await env.seed.hls.liveMaster(ids.movie)).replace(/^(\d+\/index\.m3u8)$/gm, `$1?token=${token}`));
    const media = (await request(app).get(resolve(urisOf(master)[0]!, url)).expect(200)).text;
    expect(urisOf(media).every((uri) => /^seg-\d{5}\.ts\?token=/.test(uri) && tokenOf(uri) === token)).toBe(true);
  });

  test('the remux: its playlist read from disk carries it, its segments are served with it', async () => {
    const remux = await playback(ids.episode);
    expect(remux).toMatchObject({ method: 'remux', reason: 'remux: H.264 and AAC copied out of MKV' });
    const playlist = (await request(app).get(remux.url).expect(200)).text;
    const segments = urisOf(playlist);
    expect(segments.every((uri) => tokenOf(uri) === tokenOf(remux.url))).toBe(true);
    const segment = await request(app).get(resolve(segments[0]!, remux.url)).expect(200);
    expect(segment.headers['content-type']).toBe('video/mp2t');
    expect(segment.body[0]).toBe(0x47);
  });

  test('without a token: 401 naming why, with CORS so a player on another origin can read it', async () => {
    for (const path of [`/api/items/${ids.tracks}/hls/master.m3u8`, `/api/items/${ids.tracks}/hls/0/seg-00000.ts`, `/api/items/${ids.movie}/file`, `/api/items/${ids.episode}/remux/index.m3u8`]) {
      const res = await request(app).get(path).expect(401);
      expect(res.body).toEqual({ code: 'token_missing', message: expect.stringMatching(/^a stream token is required: ask \/api\/items\/\d+\/playback for the URL$/) });
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
    expect((await request(app).get(`/api/items/${ids.tracks}/hls/master.m3u8?token=forged`).expect(401)).body).toEqual({ code: 'token_invalid', message: 'token invalid' });
  });

  test("another title's token is 403; an expired one 401; the secret is kept in the settings table", async () => {
    const other = tokenOf((await playback(ids.movie)).url);
    for (const path of [`/api/items/${ids.tracks}/hls/master.m3u8`, `/api/items/${ids.tracks}/hls/0/seg-00000.ts`, `/api/items/${ids.hevc}/file`]) {
      expect((await request(app).get(`${path}?token=${other}`).expect(403)).body).toEqual({ code: 'token_other_title', message: 'token for another title' });
    }
    const secret = streamSecret(createSettingsStore(env.seed.db));
    const expired = signStreamToken(secret, { itemId: ids.tracks, expiresAtMs: Date.now() - 1000, clientId: null });
    expect((await request(app).get(`/api/items/${ids.tracks}/hls/master.m3u8?token=${expired}`).expect(401)).body).toEqual({ code: 'token_expired', message: 'token expired' });
    const fresh = signStreamToken(secret, { itemId: ids.tracks, expiresAtMs: Date.now() + 60_000, clientId: null });
    await request(app).get(`/api/items/${ids.tracks}/hls/master.m3u8?token=${fresh}`).expect(200);
  });

  test('a token asked for by a named client is refused to another named client', async () => {
    const { url } = await playback(ids.tracks, '?prefer=hls&clientId=tv-livingroom');
    await request(app).get(url).set('X-Seed-Client', 'tv-livingroom').expect(200);
    expect((await request(app).get(url).set('X-Seed-Client', 'phone-7').expect(403)).body).toEqual({ code: 'token_other_client', message: 'token for another client' });
    await request(app).get(url).expect(200); // a bare <video src> names nobody
  });
});

describe('CORS', () => {
  test.each(['/hls/master.m3u8', '/hls/0/index.m3u8', '/hls/0/seg-00000.ts', '/remux/index.m3u8', '/file'])('OPTIONS %s answers the preflight without a token', async (path) => {
    const res = await request(app).options(`/api/items/${ids.tracks}${path}`).set('Origin', 'http://tv.local').set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'range').expect(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'Range, X-Seed-Client',
      'access-control-max-age': '86400',
    });
  });

  test('a stream answer exposes the range headers; the rest of the API sends no CORS header', async () => {
    const { url } = await playback(ids.tracks, '?prefer=hls');
    const master = await request(app).get(url).set('Origin', 'http://tv.local').expect(200);
    expect(master.headers['access-control-expose-headers']).toBe('Content-Length, Content-Range, Accept-Ranges');
    expect((await request(app).get(`/api/items/${ids.tracks}/playback`).set('Origin', 'http://tv.local')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the starting rung', () => {
  const master = async (url: string) => (await request(app).get(url).expect(200)).text;
  const firstVariant = (text: string) => /RESOLUTION=\d+x(\d+)/.exec(text)?.[1];

  test("each segment sent is timed for the device its token was asked for", async () => {
    const timed = vi.spyOn(env.seed.bandwidth, 'segmentSent');
    try {
      const { url } = await playback(ids.tracks, '?prefer=hls&clientId=dev-timed');
      const media = urisOf(await master(url))[0]!;
      const playlist = resolve(media, url);
      const segment = resolve(urisOf((await request(app).get(playlist).expect(200)).text)[0]!, playlist);
      const bytes = (await request(app).get(segment).set('X-Seed-Client', 'dev-timed').expect(200)).body as Buffer;
      expect(timed).toHaveBeenCalledTimes(1); // playlists are not timed
      expect(timed).toHaveBeenCalledWith({ clientId: 'dev-timed', address: expect.any(String), itemId: ids.tracks, bytes: bytes.length, ms: expect.any(Number) });
    } finally {
      timed.mockRestore();
    }
  });

  test('a device never measured starts where its player guesses; one measured starts on the rung it carries, listed first (a title played just in time)', async () => {
    const first = await playback(ids.hd, '?prefer=hls&clientId=dev-new');
    expect(first).toMatchObject({ start: null, url: expect.not.stringContaining('start=') });
    const variants = variantsOf(await master(first.url));
    expect(variants.length).toBeGreaterThan(1);
    const [low, high] = [variants[0]!, variants.at(-1)!];
    expect(firstVariant(await master(first.url))).toBe(String(low.height));

    // measured at twice the top rung: the top rung, first in the master
    env.seed.bandwidth.segmentSent({ clientId: 'dev-fast', address: '127.0.0.1', itemId: ids.hd, bytes: 1_000_000, ms: (1_000_000 * 8 * 1000) / (high.bandwidthBps * 2) });
    const fast = await playback(ids.hd, '?prefer=hls&clientId=dev-fast');
    expect(fast.start).toEqual({ height: high.height, bandwidthBps: high.bandwidthBps, reason: expect.stringMatching(new RegExp(`^${high.height}p: 80 % of`)) });
    expect(fast.url).toMatch(new RegExp(`&start=${high.height}$`));
    expect(firstVariant(await master(fast.url))).toBe(String(high.height));
    // the same device with a smaller screen
    const small = await playback(ids.hd, `?prefer=hls&clientId=dev-fast&maxHeight=${low.height}`);
    expect(small.start?.height).toBe(low.height);
    // a direct play has no ladder to start on
    expect((await playback(ids.hd, '?clientId=dev-fast&containers=mp4,mkv')).start ?? null).toBeNull();
  });

  test('a start that is not a height is a 400 naming it', async () => {
    const { url } = await playback(ids.tracks, '?prefer=hls');
    const answer = await request(app).get(`${url}&start=tall`).expect(400);
    expect(answer.body).toEqual({ code: 'bad_request', message: 'start: must be a picture height in pixels' });
  });
});

describe('segments from memory', () => {
  test('a segment answers with its validators; a repeat with If-None-Match is 304; HEAD has no body; a range is 206', async () => {
    const { url } = await playback(ids.tracks, '?prefer=hls');
    const media = resolve(urisOf((await request(app).get(url).expect(200)).text)[0]!, url);
    const segment = resolve(urisOf((await request(app).get(media).expect(200)).text)[0]!, media);
    const whole = await request(app).get(segment).expect(200);
    expect(whole.headers).toMatchObject({ 'content-type': 'video/mp2t', 'cache-control': 'public, max-age=86400, immutable', 'accept-ranges': 'bytes', etag: expect.stringMatching(/^W\/"/) });
    const bytes = whole.body as Buffer;
    expect(Number(whole.headers['content-length'])).toBe(bytes.length);
    expect(bytes[0]).toBe(0x47); // MPEG-TS sync byte
    const again = await request(app).get(segment).expect(200);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    await request(app).get(segment).set('If-None-Match', whole.headers.etag!).expect(304);
    const head = await request(app).head(segment).expect(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));
    const range = await request(app).get(segment).set('Range', 'bytes=188-375').expect(206);
    expect(Buffer.compare(range.body as Buffer, bytes.subarray(188, 376))).toBe(0);
    expect(env.seed.segments.size().entries).toBeGreaterThan(0);
  });
});
