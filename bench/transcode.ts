// bench/transcode (issue #4): on a generated 1080p clip, side by side in one run (alternating rounds):
//   1. the full ladder as the server makes it (runHls: one decode split to every rung, then quality
//      control) against the hand-written reference (one ffmpeg command, split, same rungs and preset)
//      and against one ffmpeg process per rung;
//   2. just in time: from the request of a segment of a never-encoded title to its bytes;
//   3. encode speed (× real time) of the full ladder at each preset the settings offer.
//   npx tsx bench/transcode.ts [--seconds 30] [--rounds 3] [--jit-rounds 5] [--preset-seconds 10] [--parts 1,2,3]
import { readFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { audioTrack, createLiveService } from '../server/src/streaming/live.service.js';
import { X264_PRESETS } from '../server/src/settings/transcode-settings.js';
import { createProbe, createRunFfmpeg, encodeSettings, locateTool, planAudio, planLadder, planSubtitles, runHls, webvttSubtitles, type PlannedRung } from '../transcoder/src/index.js';
import { median, sideBySide } from './stats.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    'jit-rounds': { type: 'string', default: '5' },
    'preset-seconds': { type: 'string', default: '10' },
    parts: { type: 'string', default: '1,2,3' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const jitRounds = Number(values['jit-rounds']);
const presetSeconds = Number(values['preset-seconds']);
const parts = new Set(values.parts.split(','));
const ffmpeg = locateTool('ffmpeg', null)!;
const ffprobe = locateTool('ffprobe', null)!;
const run = createRunFfmpeg(ffmpeg.path);
const probe = createProbe(ffprobe.path);
const work = await mkdtemp(join(tmpdir(), 'seed-bench-'));
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const runs = (xs: readonly number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(' ');

/** The reference a person would write by hand: one command, split and scale, the same rungs and rates. */
function referenceArgs(input: string, outDir: string, rungs: readonly PlannedRung[], preset: string): string[] {
  const split = `[0:v:0]split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height}[v${i}]`);
  return [
    '-nostdin', '-loglevel', 'error', '-i', input, '-filter_complex', [split, ...scales].join(';'),
    ...rungs.flatMap((r, i) => [
      '-map', `[v${i}]`, '-map', '0:a:0',
      '-c:v', 'libx264', '-preset', preset, '-b:v', `${r.videoKbps}k`, '-maxrate', `${Math.round(r.videoKbps * 1.07)}k`, '-bufsize', `${r.videoKbps * 2}k`,
      '-force_key_frames', 'expr:gte(t,n_forced*4)', '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_segment_filename', join(outDir, `r${i}-%05d.ts`), join(outDir, `r${i}.m3u8`),
    ]),
  ];
}

try {
  const input = join(work, 'source.mp4');
  // a 1080p source as a camera or a Blu-ray rip gives it: 24000/1001 fps, keyframes every ~10 s
  await run(['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=24000/1001:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '240', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', input]);
  const media = await probe(input);
  const rungs = planLadder(media);
  const settings = encodeSettings(media);
  let n = 0;
  const job = (preset = 'veryfast', source = input, durationMs = media.durationMs) => ({
    inputs: [source], segmentSeconds: 4, rungs, ...settings, preset: preset as 'veryfast', durationMs,
    finalDir: join(work, `out-${++n}`), tmpDir: join(work, '.tmp', String(n)),
  });
  const fresh = async () => {
    const dir = join(work, `ref-${++n}`);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  console.log(`bench/transcode: ${seconds} s 1920x1080 24000/1001 fps source, ladder ${rungs.map((r) => r.name).join(' ')}, ${cpus().length} cores, ffmpeg ${ffmpeg.path}`);

  // 1. the full ladder
  if (parts.has('1')) {
    const ladder = await sideBySide(
      {
        'Seed: runHls + quality control': () => runHls(job(), { runFfmpeg: run, check: probe }),
        'Seed: runHls, encode only': () => runHls(job(), { runFfmpeg: run }),
        'reference: one command, split': async () => run(referenceArgs(input, await fresh(), rungs, 'veryfast')),
        'one process per rung': async () => {
          for (const rung of rungs) await runHls({ ...job(), rungs: [rung] }, { runFfmpeg: run });
        },
      },
      rounds,
    );
    console.log(`\n1. full ladder, preset veryfast, ${rounds} rounds`);
    for (const [name, xs] of Object.entries(ladder)) {
      console.log(`  ${name.padEnd(34)} median ${fmt(median(xs))}  (${((seconds * 1000) / median(xs)).toFixed(2)}x realtime)  runs: ${runs(xs)}`);
    }
    const [withQc, encodeOnly, reference, perRung] = Object.values(ladder).map(median) as [number, number, number, number];
    console.log(`  throughput vs reference: with QC ${(reference / withQc).toFixed(2)}, encode only ${(reference / encodeOnly).toFixed(2)} (target ≥ 0.95)`);
    console.log(`  speed-up over one process per rung: ${(perRung / withQc).toFixed(2)}x with QC, ${(perRung / encodeOnly).toFixed(2)}x encode only (target ≥ 1.3x)`);
  }

  // 2. just in time: a never-encoded title, a request for one segment → its bytes
  if (parts.has('2')) {
    console.log(`\n2. just in time, never-encoded title, ${jitRounds} rounds (a fresh folder each time), settings at veryfast: a run a player waits for is made at superfast without B-frames`);
    const log = pino({ level: 'silent' });
    // the same source with a second language and an English SRT track in Matroska, as a dubbed film comes
    const dubbed = join(work, 'dubbed.mkv');
    const srt = join(work, 'en.srt');
    await writeFile(srt, Array.from({ length: Math.floor(seconds / 2) }, (_, i) => `${i + 1}\n00:00:${String(i * 2).padStart(2, '0')},000 --> 00:00:${String(i * 2 + 1).padStart(2, '0')},000\nLine ${i + 1}\n`).join('\n'));
    await run(['-nostdin', '-loglevel', 'error', '-i', input, '-f', 'lavfi', '-i', `sine=frequency=660:duration=${seconds}`, '-i', srt, '-map', '0', '-map', '1', '-map', '2',
      '-c:v', 'copy', '-c:a', 'aac', '-c:s', 'srt', '-metadata:s:a:1', 'language=fra', '-metadata:s:s:0', 'language=eng', '-y', dubbed]);
    const dubbedMedia = await probe(dubbed);
    const plan = { key: 'bench', inputs: [input], durationMs: media.durationMs, rungs, audio: settings.audio ?? null, frameRate: settings.frameRate ?? 0, toneMap: false };
    const dubbedPlan = {
      ...plan, key: 'bench-dubbed', inputs: [dubbed], audioTracks: planAudio(dubbedMedia) ?? undefined,
      subtitles: webvttSubtitles(planSubtitles(dubbedMedia.details?.streams ?? [])).map((x) => x.subtitle),
    };
    const cases = [
      { what: `segment 0, ${rungs[Math.floor((rungs.length - 1) / 2)]!.name}`, rung: Math.floor((rungs.length - 1) / 2), index: 0 },
      { what: `segment 0, ${rungs.at(-1)!.name}`, rung: rungs.length - 1, index: 0 },
      { what: `segment 4 (a seek to 16 s), ${rungs.at(-1)!.name}`, rung: rungs.length - 1, index: 4 },
      { what: 'segment 4 of the French track', rung: audioTrack(1), index: 4, dubbed: true },
    ];
    let itemId = 0;
    const jit = await sideBySide(
      Object.fromEntries([
        ...cases.map((c) => [
          c.what,
          async () => {
            const live = createLiveService({ liveDir: join(work, '.live'), runFfmpeg: run, segmentSeconds: 4, preset: () => 'veryfast', log, now: Date.now });
            const path = await live.segment({ ...(c.dubbed ? dubbedPlan : plan), itemId: ++itemId }, c.rung, c.index);
            await readFile(path);
            await live.stop();
          },
        ]),
        [
          `the English subtitles (an SRT track read out of the ${seconds} s file)`,
          async () => {
            const live = createLiveService({ liveDir: join(work, '.live'), runFfmpeg: run, segmentSeconds: 4, preset: () => 'veryfast', log, now: Date.now });
            await readFile(await live.subtitle({ ...dubbedPlan, itemId: ++itemId }, 0));
            await live.stop();
          },
        ],
      ]),
      jitRounds,
    );
    for (const [name, xs] of Object.entries(jit)) console.log(`  ${name.padEnd(34)} median ${fmt(median(xs))}  runs: ${runs(xs)}  (target < 1.5 s)`);
  }

  // 3. encode speed per preset, full ladder from a shorter slice
  if (parts.has('3')) {
    const slice = join(work, 'slice.mp4');
    await run(['-nostdin', '-loglevel', 'error', '-i', input, '-t', String(presetSeconds), '-c', 'copy', '-y', slice]);
    const sliceMs = (await probe(slice)).durationMs;
    const presets = await sideBySide(Object.fromEntries(X264_PRESETS.map((p) => [p, () => runHls(job(p, slice, sliceMs), { runFfmpeg: run })])), Math.max(1, rounds));
    console.log(`\n3. full ladder (${rungs.length} rungs) of a ${presetSeconds} s slice at each preset offered, ${rounds} rounds`);
    for (const [name, xs] of Object.entries(presets)) console.log(`  ${name.padEnd(12)} median ${fmt(median(xs))}  ${((sliceMs / median(xs))).toFixed(2)}x realtime  runs: ${runs(xs)}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
