// A title with two audio languages, an embedded SRT track and sidecars, played just in time (no ladder
// yet): its master names the same audio and subtitle groups the ladder will, the French track's
// segments are made as they are asked for, on the ladder's timeline, and the subtitles are read out
// of the source. A sidecar that is not a subtitle file gets a reason and is left out. Then the ladder
// is made: its French segments and its subtitles are the same as those made just in time.
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSeedApp } from '../../../server/src/main.js';
import { locateTool } from '../../../transcoder/src/locate.js';
import { runTool } from '../../../transcoder/src/run-ffmpeg.js';
import { seedWithLibrary } from '../../helpers/library.js';
import { longMultiClip } from '../../helpers/long-clip.js';
import { rendererDir } from '../../helpers/paths.js';

const ffprobePath = locateTool('ffprobe', null)!.path;
const ffmpegPath = locateTool('ffmpeg', null)!.path;
const SEGMENT_SECONDS = 2;
const execFileAsync = promisify(execFile);

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
let app: ReturnType<typeof createSeedApp>;
let id: number;
let token: string;

/** The audio packets' times (s), the stream kinds of a segment, and its tone: 330 Hz (English) or 660 Hz (French). */
async function packetsOf(bytes: Buffer, name: string): Promise<{ audioPts: number[]; kinds: string[]; tone: 'English' | 'French' }> {
  const path = join(env.dataDir, name);
  await writeFile(path, bytes);
  const loudness = async (filter: string) => {
    const { stderr } = await execFileAsync(ffmpegPath, ['-nostdin', '-hide_banner', '-i', path, '-af', `${filter},volumedetect`, '-f', 'null', '-']);
    return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)![1]);
  };
  const tone = (await loudness('highpass=f=500')) > (await loudness('lowpass=f=500')) ? 'French' : 'English';
  const packets = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path], { captureStdout: true });
  const streams = await runTool(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', path], { captureStdout: true });
  // (side data and programs come as lines of their own)
  const lines = (text: string) => text.split('\n').map((l) => l.replace(/,+$/, '').trim()).filter(Boolean);
  return { audioPts: lines(packets.stdout).filter((l) => /^[\d.]+$/.test(l)).map(Number), kinds: [...new Set(lines(streams.stdout))], tone };
}

const get = (path: string) => request(app).get(`/api/items/${id}/hls/${path}?token=${token}`);
const binary = (path: string) =>
  get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

beforeAll(async () => {
  env = await seedWithLibrary({ demo: false, config: { segmentSeconds: SEGMENT_SECONDS } });
  const folder = join(env.libraryDir, 'Two Tongues (2019)');
  await mkdir(folder);
  await cp(await longMultiClip(), join(folder, 'Two Tongues (2019).mkv'));
  await writeFile(join(folder, 'Two Tongues (2019).de.srt'), '1\n00:00:03,000 --> 00:00:04,000\nHallo aus der Datei daneben\n');
  // named like a subtitle, but not one
  await writeFile(join(folder, 'Two Tongues (2019).es.srt'), 'this is a shopping list\nnot subtitles\n');
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  id = env.seed.catalog.listMovies()[0]!.id;
  app = createSeedApp(env.seed, { name: 'Test Seed', webRoot: rendererDir(), log: pino({ level: 'silent' }) });
  const playback = (await request(app).get(`/api/items/${id}/playback`).expect(200)).body as { url: string; reason: string };
  expect(playback.reason).toContain('just in time');
  token = new URL(playback.url, 'http://seed').searchParams.get('token')!;
}, 120_000);
afterAll(async () => {
  await env?.close();
});

test('the master names the French track and the subtitles before any ladder is made', async () => {
  const master = (await get('master.m3u8').expect(200)).text;
  expect(master).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES/);
  expect(master).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="French",LANGUAGE="fr",DEFAULT=NO,.*URI="a1\/index.m3u8\?token=[\w-]+"/);
  // the embedded English one, the German sidecar and (not known yet to be bad) the Spanish one
  expect(master.match(/#EXT-X-MEDIA:TYPE=SUBTITLES/g)).toHaveLength(3);
  expect(master).toMatch(/TYPE=SUBTITLES,.*LANGUAGE="en".*URI="s0\/index.m3u8/);
  expect(master).toMatch(/TYPE=SUBTITLES,.*LANGUAGE="de".*URI="s1\/index.m3u8/);
  const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
  expect(variants.length).toBeGreaterThan(0);
  for (const line of variants) expect(line).toContain('AUDIO="aud",SUBTITLES="subs"');
});

test("the French track's playlist lists every segment up front; a segment asked for mid-title is made, audio only, on the ladder's timeline", async () => {
  const playlist = (await get('a1/index.m3u8').expect(200)).text;
  expect(playlist.match(/#EXTINF:/g)).toHaveLength(6);
  expect(playlist.match(/#EXTINF:2\.000000,/g)).toHaveLength(5);
  expect(playlist).toContain(`seg-00005.ts?token=${token}`);
  const segment = await binary('a1/seg-00003.ts').expect(200).expect('content-type', 'video/mp2t');
  const { audioPts, kinds, tone } = await packetsOf(segment.body as Buffer, 'jit-a1-3.ts');
  expect(kinds).toEqual(['audio']);
  expect(tone).toBe('French');
  // source time 6 s is 7.4 s in the segments (the mpegts muxer's 1.4 s), less the AAC encoder's one frame of priming
  expect(audioPts[0]).toBeGreaterThan(7.4 - 0.03);
  expect(audioPts[0]).toBeLessThan(7.4 + 0.03);
  expect(audioPts.at(-1)!).toBeLessThan(9.4);
  // unknown tracks
  await get('a2/index.m3u8').expect(404);
  await get('a2/seg-00000.ts').expect(404);
  await get('a0/index.m3u8').expect(404);
  await get('a1/seg-00009.ts').expect(404);
  await get('s9/index.m3u8').expect(404);
});

test('the subtitles are read out of the source and the sidecar, timed for HLS; one that is not a subtitle is a 422 with its reason, then left out', async () => {
  const embedded = await get('s0/sub.vtt').expect(200).expect('content-type', 'text/vtt; charset=utf-8');
  expect(embedded.text).toMatch(/^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000/);
  expect(embedded.text).toMatch(/\n(00:)?00:09\.0\d\d --> (00:)?00:09\.8\d\d\nCue 5 at 9s\n/);
  expect((await get('s0/index.m3u8').expect(200)).text).toContain(`sub.vtt?token=${token}`);
  expect((await get('s1/sub.vtt').expect(200)).text).toContain('Hallo aus der Datei daneben');
  const bad = await get('s2/sub.vtt').expect(422);
  expect(bad.body.code).toBe('subtitle_failed');
  expect(bad.body.message).toMatch(/^subtitle Spanish could not be read: .*Invalid data/);
  // named by the file's name, not where the server keeps it
  expect(bad.body.message).toContain('Two Tongues (2019).es.srt');
  expect(bad.body.message).not.toContain(env.libraryDir);
  // the same files for a player of the file itself (direct or remux), by their place
  expect((await request(app).get(`/api/items/${id}/subtitles/1.vtt?token=${token}`).expect(200).expect('content-type', 'text/vtt; charset=utf-8')).text).toContain('Hallo aus der Datei daneben');
  expect((await request(app).get(`/api/items/${id}/subtitles/2.vtt?token=${token}`).expect(422)).body.code).toBe('subtitle_failed');
  await request(app).get(`/api/items/${id}/subtitles/7.vtt?token=${token}`).expect(404);
  // nor offered any more to a player of the file itself
  expect((await env.seed.hls.playerTracks(id, true)).subtitles.map((s) => s.name)).toEqual(['English', 'German']);
  await request(app).get(`/api/items/${id}/subtitles/sub.vtt?token=${token}`).expect(404);
  await request(app).get(`/api/items/${id}/subtitles/0.vtt`).expect(401);
  const master = (await get('master.m3u8').expect(200)).text;
  expect(master.match(/#EXT-X-MEDIA:TYPE=SUBTITLES/g)).toHaveLength(2);
  expect(master).not.toContain('LANGUAGE="es"');
});

test('the ladder, once made, has the same French segments and the same subtitles', async () => {
  const jit = {
    audio: await packetsOf((await binary('a1/seg-00003.ts').expect(200)).body as Buffer, 'jit-again.ts'),
    vtt: (await get('s0/sub.vtt').expect(200)).text,
  };
  const job = env.seed.jobs.find('hls', id)!;
  expect(await env.seed.hls.handler(job, { signal: new AbortController().signal, reportProgress: () => undefined })).toBe('done');
  const ladderDir = env.seed.hls.renditionDir(id)!;
  const ladder = await packetsOf(await readFile(join(ladderDir, 'a1', 'seg-00003.ts')), 'ladder-a1-3.ts');
  expect(ladder.tone).toBe('French');
  // the same span of time, within an AAC frame (21 ms) at either end (the French track starts 0.5 s late in the file)
  expect(Math.abs(ladder.audioPts[0]! - jit.audio.audioPts[0]!)).toBeLessThan(0.022);
  expect(Math.abs(ladder.audioPts.at(-1)! - jit.audio.audioPts.at(-1)!)).toBeLessThan(0.022);
  expect(await readFile(join(ladderDir, 's0', 'sub.vtt'), 'utf8')).toBe(jit.vtt);
  expect((await request(app).get(`/api/items/${id}/subtitles/0.vtt?token=${token}`).expect(200)).text).toBe(jit.vtt);
  // and the same URL serves the ladder's now
  expect((await get('a1/index.m3u8').expect(200)).text).toContain('seg-00000.ts');
}, 120_000);
