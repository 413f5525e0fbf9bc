// A title with two audio languages, an embedded SRT and a sidecar SRT, made into a ladder by the
// server's own job handler and served over HTTP: the master names the audio group and the subtitle
// group, the alternative audio and the WebVTT files are served with their types.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSeedApp } from '../../../server/src/main.js';
import { place, seedWithLibrary } from '../../helpers/library.js';
import { rendererDir } from '../../helpers/paths.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
let app: ReturnType<typeof createSeedApp>;
let id: number;
/** stream URLs need the token /playback signs */
let token: string;

beforeAll(async () => {
  env = await seedWithLibrary({ demo: false, files: { 'Two Tongues (2019)/Two Tongues (2019).mkv': 'multi' } });
  await place(env.libraryDir, 'Two Tongues (2019)/Two Tongues (2019).en.srt', 'multiSidecar');
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  id = env.seed.catalog.listMovies()[0]!.id;
  const job = env.seed.jobs.find('hls', id)!;
  expect(await env.seed.hls.handler(job, { signal: new AbortController().signal, reportProgress: () => undefined })).toBe('done');
  app = createSeedApp(env.seed, { name: 'Test Seed', webRoot: rendererDir(), log: pino({ level: 'silent' }) });
  const { url } = (await request(app).get(`/api/items/${id}/playback?prefer=hls`).expect(200)).body as { url: string };
  token = new URL(url, 'http://seed').searchParams.get('token')!;
}, 120_000);
afterAll(async () => {
  await env?.close();
});

test('the master lists the second language and both subtitles; every rung names the groups', async () => {
  const master = (await request(app).get(`/api/items/${id}/hls/master.m3u8?token=${token}`).expect(200)).text;
  expect(master).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",.*DEFAULT=YES/);
  expect(master).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",.*LANGUAGE="fr".*URI="a1\/index.m3u8\?token=[\w-]+"/);
  expect(master.match(/#EXT-X-MEDIA:TYPE=SUBTITLES/g)).toHaveLength(2);
  for (const line of master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))) expect(line).toContain('AUDIO="aud"');
});

test('the alternative audio and the subtitles are served with their types; a missing track is a 404', async () => {
  const audio = await request(app).get(`/api/items/${id}/hls/a1/index.m3u8?token=${token}`).expect(200);
  expect(audio.text).toContain('seg-00000.ts');
  const segment = await request(app).get(`/api/items/${id}/hls/a1/seg-00000.ts?token=${token}`).expect(200);
  expect(segment.headers['content-type']).toBe('video/mp2t');
  for (const track of ['s0', 's1']) {
    const vtt = await request(app).get(`/api/items/${id}/hls/${track}/sub.vtt?token=${token}`).expect(200);
    expect(vtt.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(vtt.text).toMatch(/^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000/);
    expect((await request(app).get(`/api/items/${id}/hls/${track}/index.m3u8?token=${token}`).expect(200)).text).toContain(`sub.vtt?token=${token}`);
  }
  await request(app).get(`/api/items/${id}/hls/a9/index.m3u8?token=${token}`).expect(404);
  await request(app).get(`/api/items/${id}/hls/s0/seg-00000.ts?token=${token}`).expect(404);
});
