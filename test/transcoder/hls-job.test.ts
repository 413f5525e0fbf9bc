import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { planAudio } from '../../transcoder/src/audio-plan.js';
import { runHls } from '../../transcoder/src/hls-job.js';
import { planSubtitles } from '../../transcoder/src/subtitle-plan.js';
import { MPEGTS_START_PTS } from '../../transcoder/src/webvtt.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createProbe } from '../../transcoder/src/probe.js';
import { createRunFfmpeg, runTool, TranscodeFailed, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clips } from '../helpers/clips.js';

const ffmpeg = createRunFfmpeg(locateTool('ffmpeg', null)!.path);
const ffprobePath = locateTool('ffprobe', null)!.path;
const probe = createProbe(ffprobePath);
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'hls-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function request(input: string) {
  const media = await probe(input);
  return {
    inputs: [input],
    finalDir: join(work, 'final'),
    tmpDir: join(work, '.tmp', '1'),
    segmentSeconds: 1,
    rungs: planLadder(media),
    audio: media.audio.length > 0 ? { kbps: 64 } : null,
    durationMs: media.durationMs,
    frameRate: media.video?.frameRate ?? 0,
  };
}

describe('runHls (real ffmpeg)', () => {
  test('a 2 s 720p clip becomes a complete ladder with a master playlist; the tmp dir is gone', async () => {
    const progress: number[] = [];
    await runHls(await request(clips.hd), { runFfmpeg: ffmpeg, onProgress: (f) => progress.push(f) });
    const master = await readFile(join(work, 'final', 'master.m3u8'), 'utf8');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(4);
    for (const rung of ['0', '1', '2', '3']) {
      expect(master).toContain(`${rung}/index.m3u8`);
      const media = await readFile(join(work, 'final', rung, 'index.m3u8'), 'utf8');
      expect(media).toContain('#EXT-X-ENDLIST');
      expect(media).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    }
    expect(master).toContain('RESOLUTION=1280x720');
    expect(master).toMatch(/AVERAGE-BANDWIDTH=\d+/);
    expect(master).toContain('CODECS="avc1.64001f,mp4a.40.2"');
    // the CODECS promise matches the stream: High profile at the level we set
    const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=profile,level', '-of', 'csv=p=0', join(work, 'final', '3', 'seg-00000.ts')], { captureStdout: true });
    expect(stdout.trim().split('\n')[0]).toBe('High,31');
    expect(existsSync(join(work, '.tmp', '1'))).toBe(false);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  test('every rung cuts at the same instants (segments start on keyframes)', async () => {
    await runHls(await request(clips.hd), { runFfmpeg: ffmpeg });
    const durations = async (rung: string) =>
      [...(await readFile(join(work, 'final', rung, 'index.m3u8'), 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    const reference = await durations('0');
    expect(reference.length).toBeGreaterThanOrEqual(2);
    for (const rung of ['1', '2', '3']) expect(await durations(rung)).toEqual(reference);
    // the first frame of the second segment is a keyframe
    const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=key_frame', '-read_intervals', '%+#1', '-of', 'csv=p=0', join(work, 'final', '3', 'seg-00001.ts')], { captureStdout: true });
    expect(stdout.trim().split('\n')[0]).toBe('1');
  });

  test('odd sizes, yuv444p, no audio and rotation all give playable 8-bit H.264', async () => {
    for (const input of [clips.odd444, clips.noAudio, clips.rotated]) {
      await runHls(await request(input), { runFfmpeg: ffmpeg });
      const out = await probe(join(work, 'final', '0', 'seg-00000.ts'));
      expect(out.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p' });
      expect(out.video!.width % 2).toBe(0);
      if (input === clips.rotated) expect(out.video!.height).toBeGreaterThan(out.video!.width);
      if (input === clips.noAudio) expect(out.audio).toEqual([]);
    }
  });

  test('the older static ffmpeg that npm ships (used when the system has none) makes the same ladder', async () => {
    const bundled = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    await runHls(await request(clips.hd), { runFfmpeg: createRunFfmpeg(bundled.path) });
    const master = await readFile(join(work, 'final', 'master.m3u8'), 'utf8');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(4);
    expect(await readFile(join(work, 'final', '3', 'index.m3u8'), 'utf8')).toContain('#EXT-X-ENDLIST');
  });

  test('a multi-part title (cd1, cd2) is encoded as one stream from a concat list', async () => {
    const req = await request(clips.tiny);
    await runHls({ ...req, inputs: [clips.tiny, clips.tiny], durationMs: req.durationMs * 2 }, { runFfmpeg: ffmpeg });
    const durations = [...(await readFile(join(work, 'final', '0', 'index.m3u8'), 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    const total = durations.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1.8);
    expect(total).toBeLessThan(2.3);
    expect(existsSync(join(work, 'final', 'parts.txt'))).toBe(false);
  });

  test('an HDR10 10-bit HEVC source becomes tone-mapped 8-bit H.264; a 120 fps source is capped at 60', async () => {
    const hdr = join(work, 'hdr.mkv');
    await runTool(locateTool('ffmpeg', null)!.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=120:duration=1',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', '-x265-params', 'log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc',
      '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-y', hdr]);
    const media = await probe(hdr);
    expect(media.video).toMatchObject({ codec: 'hevc', colorTransfer: 'smpte2084', frameRate: 120 });
    await runHls({ ...(await request(hdr)), toneMap: true, maxFrameRate: 60, frameRate: 60 }, { runFfmpeg: ffmpeg });
    const out = await probe(join(work, 'final', '0', 'seg-00000.ts'));
    expect(out.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', frameRate: 60 });
    expect(out.video!.colorTransfer ?? 'bt709').toMatch(/bt709|unknown/);
  });

  test('a failing ffmpeg leaves neither a final nor a tmp folder', async () => {
    const failing: RunFfmpeg = async () => {
      throw new TranscodeFailed(1, 'Conversion failed!', []);
    };
    await expect(runHls(await request(clips.tiny), { runFfmpeg: failing })).rejects.toThrow('Conversion failed!');
    expect(await readdir(work)).toEqual(['.tmp']);
    expect(await readdir(join(work, '.tmp'))).toEqual([]);
  });

  test('an abort stops ffmpeg and cleans up', async () => {
    const controller = new AbortController();
    const promise = runHls(await request(clips.hd), { runFfmpeg: ffmpeg, signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(promise).rejects.toThrow('stop');
    expect(existsSync(join(work, 'final'))).toBe(false);
    expect(await readdir(join(work, '.tmp'))).toEqual([]);
  });

  test('a corrupt input fails with ffmpeg’s reason, not a crash', async () => {
    const req = await request(clips.tiny);
    await expect(runHls({ ...req, inputs: [clips.corrupt] }, { runFfmpeg: ffmpeg })).rejects.toBeInstanceOf(TranscodeFailed);
  });
});

describe('alternative audio and subtitle renditions (real ffmpeg)', () => {
  const extinfs = async (playlist: string) => [...(await readFile(playlist, 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
  const total = (seconds: number[]) => seconds.reduce((a, b) => a + b, 0);
  /** each stream's type and first PTS in a segment, e.g. ["video,126000", "audio,123910"] (ffprobe lists them under the program too) */
  const startPts = async (segment: string) => {
    const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type,start_pts', '-of', 'csv=p=0', segment], { captureStdout: true });
    return [...new Set(stdout.split('\n').filter(Boolean))];
  };

  test('a second language becomes an audio-only rendition; embedded and sidecar SRT become WebVTT; the master names both groups', async () => {
    const media = await probe(clips.multi);
    const audioTracks = planAudio(media)!;
    const subtitles = planSubtitles(media.details!.streams, [{ path: clips.multiSidecar, language: 'en' }]);
    const result = await runHls({ ...(await request(clips.multi)), audioTracks, subtitles }, { runFfmpeg: ffmpeg, check: probe });
    expect(result.subtitlesLeftOut).toEqual([]);
    const final = join(work, 'final');

    const master = (await readFile(join(final, 'master.m3u8'), 'utf8')).split('\n');
    expect(master.filter((l) => l.startsWith('#EXT-X-MEDIA'))).toEqual([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Français (doublage)",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2",URI="a1/index.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="s0/index.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English (2)",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="s1/index.m3u8"',
    ]);
    const variants = master.filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatch(/RESOLUTION=320x180,CODECS="avc1\.64001e,mp4a\.40\.2",FRAME-RATE=15\.000,AUDIO="aud",SUBTITLES="subs"$/);

    // the alternative: stereo AAC only, as long as the video
    const alternative = await probe(join(final, 'a1', 'seg-00000.ts'));
    expect(alternative.video).toBeNull();
    expect(alternative.audio).toEqual([expect.objectContaining({ codec: 'aac', channels: 2 })]);
    const videoSeconds = total(await extinfs(join(final, '0', 'index.m3u8')));
    expect(videoSeconds).toBeCloseTo(2, 1);
    expect(total(await extinfs(join(final, 'a1', 'index.m3u8')))).toBeCloseTo(videoSeconds, 1);

    // one timeline: the rung's video starts at the PTS the subtitles' timestamp map names, both audio renditions together
    const rung = await startPts(join(final, '0', 'seg-00000.ts'));
    expect(rung).toContain(`video,${MPEGTS_START_PTS}`);
    expect(await startPts(join(final, 'a1', 'seg-00000.ts'))).toEqual(rung.filter((l) => l.startsWith('audio')));

    const embedded = await readFile(join(final, 's0', 'sub.vtt'), 'utf8');
    expect(embedded.startsWith('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n')).toBe(true);
    expect(embedded).toContain('00:00.500 --> 00:01.200\nHello from the embedded track');
    expect(embedded).toContain('Second cue');
    const sidecar = await readFile(join(final, 's1', 'sub.vtt'), 'utf8');
    expect(sidecar.startsWith('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n')).toBe(true);
    expect(sidecar).toContain('00:00.500 --> 00:01.500\nHello from the sidecar');
    for (const dir of ['s0', 's1']) {
      const playlist = await readFile(join(final, dir, 'index.m3u8'), 'utf8');
      expect(playlist).toContain('#EXT-X-TARGETDURATION:2\n');
      expect(playlist).toContain('#EXT-X-ENDLIST');
      expect(await extinfs(join(final, dir, 'index.m3u8'))).toEqual([media.durationMs / 1000]);
    }
    expect(existsSync(join(work, '.tmp', '1'))).toBe(false);
  });

  test('a sidecar that is gone or is no subtitle file is left out with its reason; the rest is published', async () => {
    const media = await probe(clips.multi);
    const garbage = join(work, 'Movie.de.srt');
    await writeFile(garbage, 'this is not a subtitle file\n'.repeat(20));
    const subtitles = planSubtitles(media.details!.streams, [{ path: join(work, 'gone.fr.srt'), language: 'fr' }, { path: garbage, language: 'de' }]);
    const result = await runHls({ ...(await request(clips.multi)), subtitles }, { runFfmpeg: ffmpeg });
    expect(result.subtitlesLeftOut.map((s) => s.name)).toEqual(['French', 'German']);
    const master = await readFile(join(work, 'final', 'master.m3u8'), 'utf8');
    expect(master).toContain('URI="s0/index.m3u8"');
    expect(master).not.toContain('s1/');
    expect(master).not.toContain('s2/');
    expect(master).not.toContain('TYPE=AUDIO'); // no audio plan: the first track, muxed, as before
    expect(await readdir(join(work, 'final'))).toEqual(['0', 'master.m3u8', 's0']);
  });
});
