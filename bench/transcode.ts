// bench/transcode: one ffmpeg process for the whole ladder (split) against one process per rung,
// on the same generated 720p clip, alternating rounds. Prints medians and the ratio.
//   npx tsx bench/transcode.ts [--seconds 20] [--rounds 5]
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProbe, createRunFfmpeg, locateTool, planLadder, runHls } from '../transcoder/src/index.js';
import { median, sideBySide } from './stats.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, rounds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const ffmpeg = locateTool('ffmpeg', null)!;
const run = createRunFfmpeg(ffmpeg.path);
const work = await mkdtemp(join(tmpdir(), 'seed-bench-'));
try {
  const input = join(work, 'source.mp4');
  await run(['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=24:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', input]);
  const media = await createProbe(locateTool('ffprobe', null)!.path)(input);
  const rungs = planLadder(media);
  let n = 0;
  const job = () => ({ inputs: [input], segmentSeconds: 4, rungs, audio: { kbps: 128 }, durationMs: media.durationMs, finalDir: join(work, `out-${++n}`), tmpDir: join(work, '.tmp', String(n)) });
  const results = await sideBySide(
    {
      'one process, split to every rung': () => runHls(job(), { runFfmpeg: run }),
      'one process per rung': async () => {
        for (const rung of rungs) {
          const j = job();
          await runHls({ ...j, rungs: [rung] }, { runFfmpeg: run });
        }
      },
    },
    rounds,
  );
  console.log(`bench/transcode: ${seconds} s 1280x720 24 fps source, ladder ${rungs.map((r) => r.name).join(' ')}, ${rounds} rounds, ${cpus().length} cores, ffmpeg ${ffmpeg.path}`);
  const [split, perRung] = Object.values(results).map(median) as [number, number];
  for (const [name, xs] of Object.entries(results)) {
    const m = median(xs);
    console.log(`  ${name.padEnd(36)} median ${(m / 1000).toFixed(2)} s  (${((seconds * 1000) / m).toFixed(1)}x realtime)  runs: ${xs.map((x) => (x / 1000).toFixed(2)).join(' ')}`);
  }
  console.log(`  per-rung / split = ${(perRung / split).toFixed(2)}x`);
} finally {
  await rm(work, { recursive: true, force: true });
}
