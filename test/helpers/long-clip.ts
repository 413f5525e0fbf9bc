import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateTool } from '../../transcoder/src/locate.js';
import { createRunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clipsDir } from './paths.js';

/**
 * 12 s of 640x360 at 24000/1001 fps (NTSC film rate: boundaries off the whole seconds) with a tone,
 * source keyframes every 5 s: long enough for several segments on two rungs (240p, 360p). Made on
 * first use (by any test file; written aside and renamed, so parallel files never see half of it).
 */
export async function longClip(codec: 'h264' | 'mpeg4' = 'h264'): Promise<string> {
  // MPEG-4 Part 2 in Matroska: a file no browser plays, so it goes through the ladder (or just in time)
  const path = join(clipsDir, codec === 'h264' ? 'live-12s.mp4' : 'live-12s-mpeg4.mkv');
  if (existsSync(path)) return path;
  await mkdir(clipsDir, { recursive: true });
  const scratch = `${path}.${process.pid}${codec === 'h264' ? '.mp4' : '.mkv'}`;
  await createRunFfmpeg(locateTool('ffmpeg', null)!.path)([
    '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24000/1001:duration=12', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=12',
    ...(codec === 'h264' ? ['-c:v', 'libx264', '-preset', 'ultrafast'] : ['-c:v', 'mpeg4', '-q:v', '4']),
    '-g', '120', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', scratch,
  ]);
  await rename(scratch, path);
  return path;
}

/** A movie library of one title, "Night Train (2021)", the MPEG-4 long clip (no browser plays it as it is: HLS). */
export async function nightTrainLibrary(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'seed-lib-'));
  await mkdir(join(dir, 'Night Train (2021)'));
  await cp(await longClip('mpeg4'), join(dir, 'Night Train (2021)', 'Night Train (2021).mkv'), { preserveTimestamps: true });
  return dir;
}

/**
 * The long clip with two audio languages (English, the default, at 330 Hz; French at 660 Hz, starting
 * 0.5 s late, as a dub muxed with a delay does) and an English SRT track whose cues run through it (one
 * every 2 s, "Cue N at Ns"): MPEG-4 Part 2 in Matroska, so it plays through the ladder or just in time.
 * Made on first use, as longClip().
 */
export async function longMultiClip(): Promise<string> {
  const path = join(clipsDir, 'live-12s-multi-late-fr.mkv');
  if (existsSync(path)) return path;
  await mkdir(clipsDir, { recursive: true });
  const srt = `${path}.${process.pid}.srt`;
  const cue = (n: number) => `${n + 1}\n00:00:${String(n * 2 + 1).padStart(2, '0')},000 --> 00:00:${String(n * 2 + 1).padStart(2, '0')},800\nCue ${n + 1} at ${n * 2 + 1}s\n`;
  await writeFile(srt, Array.from({ length: 6 }, (_, n) => cue(n)).join('\n'));
  const scratch = `${path}.${process.pid}.mkv`;
  await createRunFfmpeg(locateTool('ffmpeg', null)!.path)([
    '-nostdin', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=24000/1001:duration=12',
    '-f', 'lavfi', '-i', 'sine=frequency=330:duration=12', '-itsoffset', '0.5', '-f', 'lavfi', '-i', 'sine=frequency=660:duration=11.5', '-i', srt,
    '-map', '0', '-map', '1', '-map', '2', '-map', '3',
    '-c:v', 'mpeg4', '-q:v', '4', '-g', '120', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-c:s', 'srt',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra', '-metadata:s:s:0', 'language=eng',
    '-y', scratch,
  ]);
  await rm(srt, { force: true });
  await rename(scratch, path);
  return path;
}
