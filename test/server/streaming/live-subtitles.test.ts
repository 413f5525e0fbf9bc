// The subtitles of a title played before its ladder is made (real ffmpeg, a real folder): asking for
// the master starts making them in the background, the embedded tracks in one pass over the file;
// a made file is kept and served again without ffmpeg; when the title's folder goes (the ladder was
// published, the source changed) the work under way is stopped at once and not remembered as a failure.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { createLogger } from '../../../server/src/log.js';
import { createLiveService, type LiveTitle } from '../../../server/src/streaming/live.service.js';
import { planAudio } from '../../../transcoder/src/audio-plan.js';
import { webvttSubtitles } from '../../../transcoder/src/hls-args.js';
import { planLadder } from '../../../transcoder/src/ladder.js';
import { locateTool } from '../../../transcoder/src/locate.js';
import { createProbe } from '../../../transcoder/src/probe.js';
import { createRunFfmpeg, runTool, type RunFfmpeg } from '../../../transcoder/src/run-ffmpeg.js';
import { planSubtitles } from '../../../transcoder/src/subtitle-plan.js';
import { longMultiClip } from '../../helpers/long-clip.js';
import { tempDir, waitFor } from '../../helpers/server.js';

const ffmpegPath = locateTool('ffmpeg', null)!.path;
const log = createLogger({ level: 'silent', dataDir: null, console: false });

let work: string;
let title: LiveTitle;
const services: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  work = await tempDir('live-subs-');
  // the long clip with a second embedded track (German) and a sidecar (Spanish)
  const extra = join(work, 'de.srt');
  await writeFile(extra, '1\n00:00:02,000 --> 00:00:03,000\nZweite Spur\n');
  const clip = join(work, 'Two Tracks.mkv');
  await runTool(ffmpegPath, ['-nostdin', '-loglevel', 'error', '-i', await longMultiClip(), '-i', extra, '-map', '0', '-map', '1', '-c', 'copy', '-metadata:s:s:1', 'language=ger', '-y', clip]);
  const sidecar = join(work, 'Two Tracks.es.srt');
  await writeFile(sidecar, '1\n00:00:01,000 --> 00:00:02,000\nHola\n');
  const media = await createProbe(locateTool('ffprobe', null)!.path)(clip);
  const subtitles = webvttSubtitles(planSubtitles(media.details?.streams ?? [], [{ path: sidecar, language: 'es' }])).map((s) => s.subtitle);
  title = {
    itemId: 9, key: 'v1', inputs: [clip], durationMs: media.durationMs, rungs: planLadder(media), audio: { kbps: 64 }, frameRate: media.video!.frameRate, toneMap: false,
    audioTracks: planAudio(media) ?? undefined, subtitles,
  };
}, 60_000);
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
});

/** A live service over a fresh folder; `subtitleRuns` records the ffmpeg runs that make subtitles; `hold` keeps them from starting. */
function live(hold?: Promise<void>) {
  const subtitleRuns: string[][] = [];
  const real = createRunFfmpeg(ffmpegPath);
  const runFfmpeg: RunFfmpeg = async (args, opts) => {
    if (args.includes('webvtt')) {
      subtitleRuns.push([...args]);
      if (hold) {
        await new Promise<void>((resolve, reject) => {
          void hold.then(resolve);
          opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason as Error), { once: true });
        });
      }
    }
    return real(args, opts);
  };
  const liveDir = join(work, `.live-${services.length}-${Date.now()}`);
  const service = createLiveService({ liveDir, runFfmpeg, segmentSeconds: 2, preset: () => 'ultrafast', log, now: Date.now });
  services.push(service);
  return { service, subtitleRuns, liveDir };
}

test('the master lists the three subtitles and starts making them: both embedded ones in one pass, the sidecar on its own; a made file is served again without ffmpeg', async () => {
  const { service, subtitleRuns } = live();
  const master = await service.master(title);
  expect(master.match(/TYPE=SUBTITLES/g)).toHaveLength(3);
  await waitFor(() => (subtitleRuns.length >= 2 ? true : undefined), 'the subtitles made ahead', 20_000);
  const paths = await Promise.all([0, 1, 2].map((i) => service.subtitle(title, i)));
  const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
  expect(texts[0]).toContain('Cue 1 at 1s');
  expect(texts[1]).toContain('Zweite Spur');
  expect(texts[2]).toContain('Hola');
  const reads = subtitleRuns.filter((args) => args.includes(title.inputs[0]!));
  expect(reads).toHaveLength(1);
  expect(reads[0]!.filter((a) => a === 'webvtt').length).toBe(4); // -c:s webvtt -f webvtt, twice: two outputs
  // asked again (and the master again): nothing more is made
  await service.master(title);
  await service.subtitle(title, 1);
  await new Promise((r) => setTimeout(r, 200));
  expect(subtitleRuns).toHaveLength(2);
});

test("the title's folder going (its ladder published) stops the subtitles being made at once; they are made again when asked, not remembered as failed", async () => {
  let release = () => {};
  const { service, subtitleRuns, liveDir } = live(new Promise<void>((resolve) => (release = resolve)));
  await service.master(title);
  await waitFor(() => (subtitleRuns.length > 0 ? true : undefined), 'the subtitles under way', 10_000);
  const started = Date.now();
  await service.discard(title.itemId);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(existsSync(join(liveDir, String(title.itemId)))).toBe(false);
  release();
  // the ladder's rungs evicted later: the title plays just in time again, with every subtitle
  expect(await service.master(title)).toContain('TYPE=SUBTITLES');
  expect(await readFile(await service.subtitle(title, 0), 'utf8')).toContain('Cue 1 at 1s');
  expect((await service.master(title)).match(/TYPE=SUBTITLES/g)).toHaveLength(3);
});

test('a server stopping mid-way stops the subtitles being made and leaves no folder made afterwards', async () => {
  let release = () => {};
  const { service, subtitleRuns, liveDir } = live(new Promise<void>((resolve) => (release = resolve)));
  await service.master(title);
  await waitFor(() => (subtitleRuns.length > 0 ? true : undefined), 'the subtitles under way', 10_000);
  await service.stop();
  release();
  await rm(liveDir, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 300));
  expect(existsSync(liveDir)).toBe(false);
  await expect(service.subtitle(title, 0)).rejects.toMatchObject({ status: 503 });
});
