import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { createRunFfmpeg, locateTool, type RunFfmpeg } from '../transcoder/src/index.js';
import { makeDemoLibrary } from '../server/src/demo-media.js';
import { clips, demoLibrary } from './helpers/clips.js';
import { cacheDir, clipsDir, repoRoot } from './helpers/paths.js';

const lavfi = (w: number, h: number, seconds: number) => [
  '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=15:duration=${seconds}`,
];
const sine = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];

async function make(run: RunFfmpeg, output: string, args: string[]): Promise<void> {
  if (await stat(output).then((s) => s.size > 0, () => false)) return;
  await run(['-nostdin', '-hide_banner', '-loglevel', 'error', ...args, '-y', output]);
}

/** Renders the web UI once per run into a folder of its own (the server serves it in the tests). */
async function buildRenderer(outDir: string): Promise<void> {
  await build({ configFile: join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ffmpeg = locateTool('ffmpeg', process.env.SEED_FFMPEG ?? null);
  if (!ffmpeg) throw new Error('ffmpeg not found on PATH (apt-get install ffmpeg)');
  if (spawnSync(ffmpeg.path, ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout.indexOf('libx264') < 0) {
    throw new Error(`${ffmpeg.path} has no libx264 encoder`);
  }
  const run = createRunFfmpeg(ffmpeg.path);
  await mkdir(clipsDir, { recursive: true });
  await Promise.all([
    make(run, clips.tiny, [...lavfi(160, 90, 1), ...sine(1), ...h264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest']),
    make(run, clips.noAudio, [...lavfi(160, 90, 1), ...h264, '-pix_fmt', 'yuv420p']),
    // testsrc2 rounds odd sizes down, so scale to the odd size afterwards
    make(run, clips.odd444, [...lavfi(160, 90, 1), ...sine(1), '-vf', 'scale=161:91', ...h264, '-pix_fmt', 'yuv444p', '-c:a', 'aac', '-shortest']),
    make(run, clips.hd, [...lavfi(1280, 720, 2), ...sine(2), ...h264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest']),
  ]);
  // ffmpeg 5.1 writes the rotate tag as a display matrix only when copying the stream
  await make(run, clips.rotated, ['-i', clips.tiny, '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
  if (!existsSync(clips.corrupt)) await writeFile(clips.corrupt, Buffer.from('this is not a video file, only its name says so\n'.repeat(50)));
  // two audio languages and an embedded SRT track, plus a sidecar; FLAC has no encoder delay, so every stream starts at 0
  const embeddedSrt = join(clipsDir, 'multi-embedded.srt');
  if (!existsSync(embeddedSrt)) await writeFile(embeddedSrt, '1\n00:00:00,500 --> 00:00:01,200\nHello from the embedded track\n\n2\n00:00:01,300 --> 00:00:01,900\nSecond cue\n');
  if (!existsSync(clips.multiSidecar)) await writeFile(clips.multiSidecar, '1\n00:00:00,500 --> 00:00:01,500\nHello from the sidecar\n');
  await make(run, clips.multi, [
    ...lavfi(320, 180, 2), '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=660:duration=2', '-i', embeddedSrt,
    '-map', '0', '-map', '1', '-map', '2', '-map', '3', ...h264, '-pix_fmt', 'yuv420p', '-c:a', 'flac', '-c:s', 'srt',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra', '-metadata:s:a:1', 'title=Français (doublage)', '-metadata:s:s:0', 'language=eng',
  ]);
  await makeDemoLibrary(demoLibrary, run, { seconds: 2, width: 320, height: 180, fps: 15 });
  const rendererDir = join(cacheDir, `renderer-${process.pid}`);
  await buildRenderer(rendererDir);
  project.provide('rendererDir', rendererDir);
  return async () => {
    await rm(rendererDir, { recursive: true, force: true });
  };
}
