// `seed transcode`: the server's ladder for one file, in the foreground. Real ffmpeg on the tiny
// clips for what users see; a fake RunFfmpeg only for failures that are hard to provoke.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createProbe, createRunFfmpeg, locateTool, TranscodeFailed, type RunFfmpeg } from '../../transcoder/src/index.js';
import { clockTime, createProgressReporter, progressLine, runTranscode, selectRungs, type TranscodeOptions } from '../../server/src/transcode-command.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { clips } from '../helpers/clips.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir, waitFor } from '../helpers/server.js';

const ffmpegPath = locateTool('ffmpeg', null)!.path;
const runFfmpeg = createRunFfmpeg(ffmpegPath);
const probe = createProbe(locateTool('ffprobe', null)!.path);
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function newDir(): Promise<string> {
  const dir = await tempDir('seed-transcode-');
  dirs.push(dir);
  return dir;
}

/** runTranscode with everything it writes kept; a pipe, not a terminal, unless asked. */
async function transcode(opts: Partial<TranscodeOptions> & { source: string; outDir: string }, deps: { runFfmpeg?: RunFfmpeg; signal?: AbortSignal; isTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runTranscode(
    { segmentSeconds: 1, force: false, ...opts },
    {
      probe,
      runFfmpeg: deps.runFfmpeg ?? runFfmpeg,
      stdout: { write: (text) => void (stdout += text), isTTY: deps.isTTY ?? false },
      stderr: { write: (text) => void (stderr += text) },
      now: Date.now,
      signal: deps.signal,
    },
  );
  return { code, stdout, stderr };
}

const streamCount = async (dir: string) => ((await readFile(join(dir, 'master.m3u8'), 'utf8')).match(/#EXT-X-STREAM-INF/g) ?? []).length;

describe('seed transcode (real ffmpeg)', () => {
  test('writes the whole ladder: master playlist, one folder per rung, no scratch left; a line per 10 % on a pipe', async () => {
    const out = join(await newDir(), 'out');
    const run = await transcode({ source: clips.hd, outDir: out });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['0', '1', '2', '3', 'master.m3u8']);
    const master = await readFile(join(out, 'master.m3u8'), 'utf8');
    expect(await streamCount(out)).toBe(4);
    expect(master).toContain('RESOLUTION=1280x720');
    for (const rung of ['0', '1', '2', '3']) expect(await readFile(join(out, rung, 'index.m3u8'), 'utf8')).toContain('#EXT-X-ENDLIST');
    expect(run.stdout).toContain(`${clips.hd}: 1280x720, 2.0 s, h264 + aac`);
    expect(run.stdout).toContain('ladder: 240p (426x240, 400 kbps), 360p (640x360, 800 kbps), 480p (854x480, 1400 kbps), 720p (1280x720, 2800 kbps); 1 s segments');
    expect(run.stdout).toContain('quality check passed');
    expect(run.stdout).toMatch(/^wrote .*master\.m3u8 and 4 rungs \(0\/ 240p, 1\/ 360p, 2\/ 480p, 3\/ 720p\) in \d+\.\d s/m);

    // not a terminal: no \r redraws, whole lines at 10 % steps, ending at 100 %
    expect(run.stdout).not.toContain('\r');
    const percents = [...run.stdout.matchAll(/^ *(\d+) %/gm)].map((m) => Number(m[1]));
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((p) => p % 10 === 0 && p > 0)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(percents).size).toBe(percents.length);
  });

  test('--rungs 240p,720p gives exactly those two', async () => {
    const out = join(await newDir(), 'out');
    const run = await transcode({ source: clips.hd, outDir: out, rungs: ['720p', '240p'] });
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['0', '1', 'master.m3u8']);
    expect(await streamCount(out)).toBe(2);
    const master = await readFile(join(out, 'master.m3u8'), 'utf8');
    expect(master).toContain('RESOLUTION=426x240');
    expect(master).toContain('RESOLUTION=1280x720');
    expect(master).not.toContain('RESOLUTION=640x360');
  });

  test('the same renditions the server makes: the second language and the embedded subtitles, at the preset given', async () => {
    const out = join(await newDir(), 'out');
    const seen: string[][] = [];
    const recording: RunFfmpeg = (args, opts) => {
      seen.push([...args]);
      return runFfmpeg(args, opts);
    };
    const run = await transcode({ source: clips.multi, outDir: out, preset: 'superfast' }, { runFfmpeg: recording });
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(expect.arrayContaining(['a1', 's0', 'master.m3u8']));
    expect(await readFile(join(out, 'master.m3u8'), 'utf8')).toMatch(/TYPE=SUBTITLES[\s\S]*TYPE=AUDIO|TYPE=AUDIO[\s\S]*TYPE=SUBTITLES/);
    expect(seen[0]![seen[0]!.indexOf('-preset') + 1]).toBe('superfast');
  });

  test('an unknown or above-source rung exits 2 naming the rungs this source has; nothing is written', async () => {
    const out = join(await newDir(), 'out');
    for (const rungs of [['240p', '1080p'], ['big']]) {
      const run = await transcode({ source: clips.hd, outDir: out, rungs });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`seed: no rung ${rungs.at(-1)} for ${clips.hd} (1280x720); available: 240p, 360p, 480p, 720p\n`);
      expect(existsSync(out)).toBe(false);
    }
  });

  test('a corrupt source exits 1 with what ffprobe said; nothing is written', async () => {
    const out = join(await newDir(), 'out');
    const run = await transcode({ source: clips.corrupt, outDir: out });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`seed: cannot read ${clips.corrupt}: Invalid data found when processing input\n`);
    expect(existsSync(out)).toBe(false);
  });

  test('a non-empty DIR is refused; --force replaces what it held once the new rendition is complete', async () => {
    const out = await newDir();
    await writeFile(join(out, 'old.txt'), 'old');
    const refused = await transcode({ source: clips.tiny, outDir: out });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`seed: ${out} is not empty; pass --force to replace what is in it\n`);
    expect(await readdir(out)).toEqual(['old.txt']);

    const forced = await transcode({ source: clips.tiny, outDir: out, force: true });
    expect(forced.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['0', 'master.m3u8']);
  });
});

describe('seed transcode failures (fake ffmpeg)', () => {
  test('ffmpeg failing exits 1 with its reason and its last lines; the scratch folder is gone', async () => {
    const out = await newDir();
    const failing: RunFfmpeg = async (args) => {
      throw new TranscodeFailed(1, 'Error while decoding stream #0:0: Invalid data found when processing input\nConversion failed!\n', args);
    };
    const run = await transcode({ source: clips.tiny, outDir: out }, { runFfmpeg: failing });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'seed: ffmpeg failed: Conversion failed! (exit 1)\n' +
        "ffmpeg's last lines:\n  Error while decoding stream #0:0: Invalid data found when processing input\n  Conversion failed!\n",
    );
    expect(await readdir(out)).toEqual([]);
  });

  test('a failed quality check is tried once more with safer settings, then exits 1 with the problem', async () => {
    const out = join(await newDir(), 'out');
    const calls: (readonly string[])[] = [];
    // exits 0 having written nothing: every rung is empty
    const silent: RunFfmpeg = async (args) => void calls.push(args);
    const run = await transcode({ source: clips.tiny, outDir: out }, { runFfmpeg: silent });
    expect(run.code).toBe(1);
    expect(calls).toHaveLength(2);
    expect(calls[0]).not.toContain('+genpts');
    expect(calls[1]).toContain('+genpts');
    expect(run.stdout).toContain('quality check failed: rung 0 has no segments; trying once more with safer settings');
    expect(run.stderr).toBe('seed: quality check failed: rung 0 has no segments (also on the second try, with safer settings)\n');
    expect(existsSync(out)).toBe(false);
  });

  test('Ctrl-C stops ffmpeg and removes the partial output', async () => {
    const out = join(await newDir(), 'out');
    const controller = new AbortController();
    let partial = '';
    // writes a segment, then runs until it is stopped, as ffmpeg does
    const slow: RunFfmpeg = (args, opts) =>
      new Promise((_resolve, reject) => {
        partial = args[args.indexOf('-hls_segment_filename') + 1]!.replace('%05d', '00000');
        void writeFile(partial, 'half a segment').then(() => controller.abort(new Error('interrupted')));
        opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason));
      });
    const run = await transcode({ source: clips.tiny, outDir: out }, { runFfmpeg: slow, signal: controller.signal });
    expect(run.code).toBe(130);
    expect(run.stderr).toBe('seed: interrupted; the partial output was removed\n');
    expect(partial).toContain(join(out, '.tmp-'));
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  test('a bad --segment-seconds exits 2', async () => {
    const run = await transcode({ source: clips.tiny, outDir: join(await newDir(), 'out'), segmentSeconds: 0.5 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('seed: --segment-seconds must be a whole number from 1 to 30\n');
  });
});

describe('progress and rung choice (pure)', () => {
  test('progressLine', () => {
    expect(progressLine(0.5, 10_000, 32_000, true)).toBe('[##########..........]  50 %  ETA 0:10  1.6× realtime');
    expect(progressLine(0.42, 10_000, 32_000, false)).toBe(' 42 %  ETA 0:14  1.3× realtime');
    expect(progressLine(0, 0, 32_000, true)).toBe('[....................]   0 %  ETA -:--');
    expect(progressLine(1, 20_000, 32_000, false)).toBe('100 %  1.6× realtime');
  });

  test('clockTime', () => {
    expect([0, 13, 90, 3725].map(clockTime)).toEqual(['0:00', '0:13', '1:30', '1:02:05']);
  });

  test('on a terminal, one line redrawn with \\r and ended with a newline', () => {
    let text = '';
    let t = 0;
    const progress = createProgressReporter({ write: (s) => void (text += s), isTTY: true }, { durationMs: 10_000, now: () => t });
    for (const f of [0.1, 0.15, 0.5, 0.9]) {
      t += 1000;
      progress.update(f);
    }
    t += 500;
    progress.finish();
    expect(text.split('\n')).toEqual([expect.any(String), '']);
    const frames = text.trimEnd().split('\r').slice(1);
    expect(frames).toHaveLength(5);
    expect(frames[0]).toMatch(/^\[##\.+\]  10 %  ETA 0:09  1\.0× realtime$/);
    expect(frames.at(-1)).toBe('[####################] 100 %  2.2× realtime');
  });

  test('selectRungs: ladder order, 720 or 720P for 720p; unknown names listed', async () => {
    const ladder = planLadder(await probe(clips.hd));
    expect(selectRungs(ladder, undefined)).toEqual({ rungs: ladder });
    expect(selectRungs(ladder, ['720', '240P'])).toEqual({ rungs: [ladder[0], ladder[3]] });
    expect(selectRungs(ladder, ['240p', '4k', '1080p'])).toEqual({ unknown: ['4k', '1080p'] });
    expect(selectRungs(ladder, [''])).toEqual({ unknown: [] });
  });
});

describe('seed transcode as a process', () => {
  const CLI = join(repoRoot, 'server', 'src', 'cli.ts');
  /** `seed transcode ...args` through tsx's loader, as cli.test.ts runs the CLI */
  function start(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'transcode', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    return { child, stdout: () => stdout, exited };
  }

  test.concurrent('writes the rungs asked for; a bad rung exits 2', async () => {
    const out = join(await newDir(), 'out');
    const data = await newDir();
    const ok = await start([clips.hd, '--out', out, '--rungs', '240p', '--segment-seconds', '1', '--data', data]).exited;
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['0', 'master.m3u8']);
    expect(ok.stdout).toContain('100 %');

    const bad = await start([clips.hd, '--out', join(out, 'x'), '--rungs', '1080p', '--data', data]).exited;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('available: 240p, 360p, 480p, 720p');
  });

  test.concurrent('SIGINT stops ffmpeg, removes the partial output and exits 130', async () => {
    const dir = await newDir();
    // long enough to still be encoding when the signal comes
    const source = join(dir, 'long.mp4');
    await runFfmpeg(['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15:duration=60', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', source]);
    const out = join(dir, 'out');
    await mkdir(out);
    const run = start([source, '--out', out, '--data', dir]);
    await waitFor(() => run.stdout().includes('ladder:'), 'the ladder line', 30_000);
    await waitFor(async () => (await readdir(out)).length > 0, 'the scratch folder', 30_000);
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.stderr).toBe('seed: interrupted; the partial output was removed\n');
    expect(exit.code).toBe(130);
    expect(await readdir(out)).toEqual([]);
    expect(exit.stdout).not.toContain('wrote');
  });
});
