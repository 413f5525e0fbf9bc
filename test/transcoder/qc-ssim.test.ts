import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { TONE_MAP_FILTER } from '../../transcoder/src/hls-args.js';
import { runHls, type HlsRunRequest } from '../../transcoder/src/hls-job.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { parseMediaPlaylist } from '../../transcoder/src/master-playlist.js';
import { createProbe } from '../../transcoder/src/probe.js';
import { checkRendition, QcFailed } from '../../transcoder/src/qc.js';
import { analysisSize, filterPath, measureSsim, measureSsimAll, parseSsimStats, pickSamples, SSIM_THRESHOLDS, ssimArgs, ssimThreshold } from '../../transcoder/src/qc-ssim.js';
import { createRunFfmpeg, runTool, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clips } from '../helpers/clips.js';

const segs = (...seconds: number[]) => seconds.map((s) => ({ seconds: s }));

describe('pickSamples (pure)', () => {
  test.each([
    // 20 %, 50 % and 80 % of a 60 s title in 6 s segments: the middle of segments 2, 5 and 8
    [segs(...Array<number>(10).fill(6)), [[2, 3, 15], [5, 3, 33], [8, 3, 51]]],
    // the hd clip: two 1 s segments; 50 % and 80 % fall in the same one, sampled once
    [segs(1, 1), [[0, 0.5, 0.5], [1, 0.5, 1.5]]],
    // a short tail is not sampled: the segment before it is
    [segs(4, 4, 0.3), [[0, 2, 2], [1, 2, 6]]],
    // one 1 s segment (a tiny clip)
    [segs(1), [[0, 0.5, 0.5]]],
    // nothing long enough to sample
    [segs(0.4), []],
    [[], []],
  ])('%j → %j', (segments, expected) => {
    expect(pickSamples(segments).map((s) => [s.segment, s.offsetSeconds, s.sourceSeconds])).toEqual(expected);
  });
});

describe('parseSsimStats (pure)', () => {
  const line = (n: number, all: number) => `n:${n} Y:0.990000 U:0.980000 V:0.970000 All:${all.toFixed(6)} (20.000000)`;

  test('the best of each sample\'s candidates, in order', () => {
    const lines = [0.94, 0.95, 0.998, 0.95, 0.94, 0.5, 0.52, 0.51, 0.4, 0.3].map((v, i) => line(i + 1, v));
    expect(parseSsimStats(lines, 2)).toEqual([0.998, 0.52]);
  });

  test('identical frames (All:1.000000 (inf)) score 1', () => {
    expect(parseSsimStats(['n:1 Y:1.000000 U:1.000000 V:1.000000 All:1.000000 (inf)'], 1, 1)).toEqual([1]);
  });

  test('a missing pair (a sample without a frame) gives null, never a shifted answer', () => {
    expect(parseSsimStats([line(1, 0.9), line(2, 0.9)], 1, 3)).toBeNull();
    expect(parseSsimStats(['', 'garbage'], 1, 1)).toBeNull();
    expect(parseSsimStats([], 0)).toBeNull();
  });
});

describe('thresholds (pure)', () => {
  test.each([
    [{ width: 160, height: 90 }, 0.6],
    [{ width: 426, height: 240 }, 0.6],
    [{ width: 640, height: 360 }, 0.65],
    [{ width: 854, height: 480 }, 0.7],
    [{ width: 1280, height: 720 }, 0.7],
    [{ width: 3840, height: 2160 }, 0.7],
    // a portrait phone video's 360p rung is 360 wide
    [{ width: 360, height: 640 }, 0.65],
  ])('%j → %d', (rung, threshold) => {
    expect(ssimThreshold(rung)).toBe(threshold);
  });

  test('never higher for a lower rung, and always well under a normal encode (0.997 on testsrc2)', () => {
    const values = SSIM_THRESHOLDS.map((t) => t.minSsim);
    expect([...values].sort()).toEqual(values);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.75);
  });

  test.each([
    [426, 240, 214, 120],
    [214, 120, 214, 120],
    [160, 90, 160, 90],
    [1280, 720, 214, 120],
    [1920, 1080, 214, 120],
    [1080, 1920, 120, 214],
    [854, 480, 214, 120],
  ])('%dx%d is compared at %dx%d', (width, height, w, h) => {
    expect(analysisSize(width, height)).toEqual({ width: w, height: h });
  });
});

describe('ssimArgs (pure)', () => {
  const samples = [
    { segment: 2, offsetSeconds: 3, sourceSeconds: 15, segmentPath: '/t/1/seg-00002.ts' },
    { segment: 5, offsetSeconds: 3, sourceSeconds: 33, segmentPath: '/t/1/seg-00005.ts' },
  ];

  test('a 720p rung: two seeks two frames early, the rung\'s frame by time in its segment, reduced to 120 lines', () => {
    expect(ssimArgs({ source: { input: '/m/a.mkv' }, frameRate: 25, width: 1280, height: 720, samples })).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-ss', '14.920', '-i', '/m/a.mkv', '-ss', '32.920', '-i', '/m/a.mkv',
      '-i', '/t/1/seg-00002.ts', '-i', '/t/1/seg-00005.ts',
      '-filter_complex', [
        '[0:v:0]trim=end_frame=5,scale=1280:720,setsar=1,format=yuv420p[r0]',
        '[1:v:0]trim=end_frame=5,scale=1280:720,setsar=1,format=yuv420p[r1]',
        '[2:v:0]setpts=PTS-STARTPTS,trim=start=3.000,trim=end_frame=1,loop=loop=4:size=1:start=0[d0]',
        '[3:v:0]setpts=PTS-STARTPTS,trim=start=3.000,trim=end_frame=1,loop=loop=4:size=1:start=0[d1]',
        '[d0][d1]concat=n=2:v=1:a=0,settb=1,setpts=N,scale=214:120:flags=area[dist]',
        '[r0][r1]concat=n=2:v=1:a=0,settb=1,setpts=N,scale=214:120:flags=area[ref]',
        '[dist][ref]ssim=stats_file=-:shortest=1[out]',
      ].join(';'),
      '-map', '[out]', '-f', 'null', '-',
    ]);
  });

  test('a multi-part title seeks in the concat list; HDR is tone-mapped after the frames are counted; a capped rate is applied first', () => {
    const args = ssimArgs({ source: { input: '/t/parts.txt', concat: true, toneMap: true, maxFrameRate: 60 }, frameRate: 60, width: 214, height: 120, samples: samples.slice(0, 1) });
    expect(args.slice(5, 13)).toEqual(['-f', 'concat', '-safe', '0', '-ss', '14.967', '-i', '/t/parts.txt']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain(`[0:v:0]fps=60,trim=end_frame=5,${TONE_MAP_FILTER},scale=214:120,`);
    expect(graph).not.toContain('flags=area'); // 120 lines already
  });

  test('nothing to compare is a programming error', () => {
    expect(() => ssimArgs({ source: { input: '/a.mp4' }, frameRate: 25, width: 160, height: 90, samples: [] })).toThrow('at least one sample');
  });

  test('a sample near the start never seeks before 0', () => {
    const args = ssimArgs({ source: { input: '/a.mp4' }, frameRate: 0, width: 160, height: 90, samples: [{ segment: 0, offsetSeconds: 0.02, sourceSeconds: 0.02, segmentPath: '/s.ts' }] });
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 2)).toEqual(['-ss', '0.000']);
  });
});

describe('SSIM against the source (real ffmpeg)', () => {
  const ffmpegPath = locateTool('ffmpeg', null)!.path;
  const ffmpeg = createRunFfmpeg(ffmpegPath);
  const ffprobePath = locateTool('ffprobe', null)!.path;
  const probe = createProbe(ffprobePath);
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'qc-ssim-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function request(input: string, dir = work): Promise<HlsRunRequest> {
    const media = await probe(input);
    return {
      inputs: [input], finalDir: join(dir, 'final'), tmpDir: join(dir, 'tmp'), segmentSeconds: 1, rungs: planLadder(media),
      audio: media.audio.length > 0 ? { kbps: 64 } : null, durationMs: media.durationMs, frameRate: media.video?.frameRate ?? 0,
    };
  }
  /** the ladder encode with some rungs' filter chains replaced (QC's own runs pass untouched) */
  const replacingRungs = (chains: Record<number, string>): RunFfmpeg => (args, opts) => {
    if (!args.includes('hls')) return ffmpeg(args, opts);
    const edited = [...args];
    const at = edited.indexOf('-filter_complex') + 1;
    // the ladder's cascade made flat again (each rung scaled from the source), so one rung can be swapped
    const sizes = [...edited[at]!.matchAll(/scale=(\d+):(\d+),setsar=1(?:,split=2)?\[v(\d+)\]/g)].map((m) => ({ w: m[1], h: m[2], i: Number(m[3]) })).sort((a, b) => a.i - b.i);
    edited[at] = [`[0:v:0]split=${sizes.length}${sizes.map((r) => `[s${r.i}]`).join('')}`, ...sizes.map((r) => `[s${r.i}]scale=${r.w}:${r.h},setsar=1[v${r.i}]`)].join(';');
    edited[at] = edited[at]!.split(';').map((c) => {
      const rung = /^\[s(\d+)\]/.exec(c);
      return rung && chains[Number(rung[1])] !== undefined ? `[s${rung[1]}]${chains[Number(rung[1])]}` : c;
    }).join(';');
    return ffmpeg(edited, opts);
  };

  describe('a good 720p ladder', () => {
    const ladder = { dir: '', req: null as HlsRunRequest | null };
    beforeAll(async () => {
      ladder.dir = await mkdtemp(join(tmpdir(), 'qc-ssim-ladder-'));
      const req = await request(clips.hd, ladder.dir);
      await runHls(req, { runFfmpeg: ffmpeg });
      ladder.req = req;
    });
    afterAll(async () => {
      await rm(ladder.dir, { recursive: true, force: true });
    });

    test('every rung scores far above its threshold (0.997+ against 0.6–0.7)', async () => {
      const req = ladder.req!;
      for (const [i, rung] of req.rungs.entries()) {
        const segments = parseMediaPlaylist(await readFile(join(req.finalDir, String(i), 'index.m3u8'), 'utf8'));
        const samples = pickSamples(segments).map((s) => ({ ...s, segmentPath: join(req.finalDir, String(i), segments[s.segment]!.uri) }));
        expect(samples.map((s) => s.segment)).toEqual([0, 1]);
        const scores = await measureSsim(ffmpeg, { source: { input: clips.hd }, frameRate: 15, width: rung.width, height: rung.height, samples });
        expect(scores).toHaveLength(2);
        for (const score of scores!) expect(score).toBeGreaterThan(0.99);
      }
    });

    test('one run for the whole ladder scores every rung as its own run does', async () => {
      const req = ladder.req!;
      const rungs = await Promise.all(
        req.rungs.map(async (rung, i) => {
          const segments = parseMediaPlaylist(await readFile(join(req.finalDir, String(i), 'index.m3u8'), 'utf8'));
          return { ...rung, samples: pickSamples(segments).map((s) => ({ ...s, segmentPath: join(req.finalDir, String(i), segments[s.segment]!.uri) })) };
        }),
      );
      // a scratch folder whose name the filter parsers would misread unescaped
      const odd = join(work, 'a:b,c');
      await mkdir(odd);
      const together = await measureSsimAll(ffmpeg, { source: { input: clips.hd }, frameRate: 15, rungs }, undefined, odd);
      for (const [i, rung] of rungs.entries()) {
        const alone = await measureSsim(ffmpeg, { source: { input: clips.hd }, frameRate: 15, ...rung });
        together[i]!.forEach((score, k) => expect(score).toBeCloseTo(alone![k]!, 4));
      }
    });

    test('a frame off is absorbed by the candidates; the same pattern from another clip and instant is not a match', async () => {
      const req = ladder.req!;
      const rung = req.rungs[3]!;
      const segmentPath = join(req.finalDir, '3', 'seg-00000.ts');
      const at = (sourceSeconds: number) =>
        measureSsim(ffmpeg, { source: { input: clips.hd }, frameRate: 15, ...rung, samples: [{ segment: 0, offsetSeconds: 0.5, sourceSeconds, segmentPath }] });
      // one frame off (1/15 s): still the best match among the candidates
      expect((await at(0.5 + 1 / 15))![0]).toBeGreaterThan(0.99);
      // testsrc2 from the 160x90 clip at another instant: the same layout, other detail (0.61)
      const other = await measureSsim(ffmpeg, { source: { input: clips.tiny }, frameRate: 15, ...rung, samples: [{ segment: 0, offsetSeconds: 0.5, sourceSeconds: 0.2, segmentPath }] });
      expect(other![0]).toBeLessThan(ssimThreshold(rung));
    });

    test('checkRendition with SSIM and keyframes passes the published ladder', async () => {
      const req = ladder.req!;
      await checkRendition(req.finalDir, {
        rungs: req.rungs, sourceMs: req.durationMs, segmentSeconds: 1, audio: true, probe, ffprobePath,
        ssim: { runFfmpeg: ffmpeg, source: { input: clips.hd }, frameRate: 15 },
      });
    });
  });

  test('an upside-down rung and a rung of other content fail SSIM, each named with its score; the others pass', async () => {
    const broken = replacingRungs({
      // a rotation bug: the picture turned 180°
      1: 'scale=640:360,setsar=1,hflip,vflip[v1]',
      // a different picture altogether (testsrc in place of testsrc2); the split's branch is drained
      2: 'nullsink;testsrc=size=854x480:rate=15:duration=2,format=yuv420p[v2]',
    });
    const err = await runHls(await request(clips.hd), { runFfmpeg: broken, check: probe, ffprobePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QcFailed);
    const message = (err as Error).message;
    expect(message).toMatch(/rung 1 \(640x360\) does not look like the source: SSIM 0\.[0-5]\d\d in segment [01] \([\d.]+ s\), below 0\.65/);
    expect(message).toMatch(/rung 2 \(854x480\) does not look like the source: SSIM 0\.[0-5]\d\d in segment [01] \([\d.]+ s\), below 0\.7/);
    expect(message).not.toMatch(/rung [03]/);
  });

  test('a very grainy 720p source (temporal noise ±40) passes: its rungs drop grain, not the picture', async () => {
    const grainy = join(work, 'grainy.mp4');
    await runTool(ffmpegPath, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=15:duration=2,noise=alls=40:allf=t',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p', '-y', grainy]);
    await runHls(await request(grainy), { runFfmpeg: ffmpeg, check: probe, ffprobePath });
  });

  test('a multi-part title is compared through its concat list, across the parts', async () => {
    const req = await request(clips.tiny);
    const runs: string[][] = [];
    const recording: RunFfmpeg = (args, opts) => {
      runs.push([...args]);
      return ffmpeg(args, opts);
    };
    await runHls({ ...req, inputs: [clips.tiny, clips.tiny], durationMs: req.durationMs * 2 }, { runFfmpeg: recording, check: probe, ffprobePath });
    const ssimRun = runs.find((a) => a.some((x) => x.includes('ssim=')))!;
    // the second sample lies in the second part
    expect(ssimRun.filter((a) => a === 'concat')).toHaveLength(2);
    expect(ssimRun[ssimRun.lastIndexOf('-ss') + 1]).toBe('1.367');
  });

  test('odd sizes, yuv444p, rotation and no audio pass', async () => {
    for (const input of [clips.odd444, clips.rotated, clips.noAudio]) {
      await runHls(await request(input), { runFfmpeg: ffmpeg, check: probe, ffprobePath });
      await rm(join(work, 'final'), { recursive: true });
    }
  });

  test('an HDR10 source at 120 fps passes: the reference is tone-mapped and capped like the rungs', async () => {
    const hdr = join(work, 'hdr.mkv');
    await runTool(ffmpegPath, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=120:duration=1',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', '-x265-params', 'log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc',
      '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-y', hdr]);
    const req = { ...(await request(hdr)), toneMap: true, maxFrameRate: 60, frameRate: 60 };
    await runHls(req, { runFfmpeg: ffmpeg, check: probe, ffprobePath });
    // and without the tone map on the reference side the same rung would be refused
    const segmentPath = join(work, 'final', '0', 'seg-00000.ts');
    const sample = { segment: 0, offsetSeconds: 0.5, sourceSeconds: 0.5, segmentPath };
    const [mapped] = (await measureSsim(ffmpeg, { source: { input: hdr, toneMap: true, maxFrameRate: 60 }, frameRate: 60, ...req.rungs[0]!, samples: [sample] }))!;
    const [raw] = (await measureSsim(ffmpeg, { source: { input: hdr, maxFrameRate: 60 }, frameRate: 60, ...req.rungs[0]!, samples: [sample] }))!;
    expect(mapped).toBeGreaterThan(0.9); // 0.95
    expect(raw).toBeLessThan(mapped! - 0.2); // 0.55: a washed-out picture
  });
});

test('filterPath escapes what the filter parsers read; stdout stays as it is', () => {
  expect(filterPath('C:\\Users\\a b\\Temp\\r,0.log')).toBe('C\\\\\\:/Users/a b/Temp/r\\\\\\,0.log');
  expect(filterPath('-')).toBe('-');
});
