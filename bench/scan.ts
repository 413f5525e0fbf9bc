// bench/scan: first scan (ffprobe + poster frame per file) against a rescan of the unchanged
// library (stat only), on N copies of a generated clip. Prints medians and the ratio.
//   npx tsx bench/scan.ts [--files 200] [--rounds 5]
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { resolveConfig } from '../server/src/config/config.js';
import { createSeed } from '../server/src/main.js';
import { createRunFfmpeg, locateTool } from '../transcoder/src/index.js';
import { median, timeMs } from './stats.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '200' }, rounds: { type: 'string', default: '5' } } });
const files = Number(values.files);
const rounds = Number(values.rounds);
const work = await mkdtemp(join(tmpdir(), 'seed-bench-scan-'));
try {
  const clip = join(work, 'clip.mp4');
  await createRunFfmpeg(locateTool('ffmpeg', null)!.path)(['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', clip]);
  const library = join(work, 'library');
  for (let i = 0; i < files; i++) {
    const dir = join(library, `Film ${i} (${1950 + (i % 70)})`);
    await mkdir(dir, { recursive: true });
    await cp(clip, join(dir, `Film ${i} (${1950 + (i % 70)}).mp4`));
  }
  const first: number[] = [];
  const again: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const dataDir = join(work, `data-${round}`);
    const config = { ...resolveConfig(dataDir, { file: {}, env: {}, flags: { logLevel: 'silent' } }), transcodeConcurrency: 1 };
    const seed = createSeed(config, pino({ level: 'silent' }));
    seed.runner.stop(); // measure scanning alone: no transcodes start
    const lib = await seed.libraries.ensure(library);
    first.push(await timeMs(() => seed.libraries.scan(lib.id)));
    again.push(await timeMs(() => seed.libraries.scan(lib.id)));
    await seed.shutdown();
  }
  console.log(`bench/scan: ${files} files, ${rounds} rounds, ${cpus().length} cores`);
  console.log(`  first scan (probe + poster)   median ${median(first).toFixed(0)} ms  (${((files * 1000) / median(first)).toFixed(0)} files/s)  runs: ${first.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`  rescan, unchanged (stat only) median ${median(again).toFixed(0)} ms  (${((files * 1000) / median(again)).toFixed(0)} files/s)  runs: ${again.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`  first / rescan = ${(median(first) / median(again)).toFixed(0)}x`);
} finally {
  await rm(work, { recursive: true, force: true });
}
