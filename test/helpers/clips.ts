import { join } from 'node:path';
import { clipsDir } from './paths.js';

/** Tiny clips made by test/global-setup.ts with lavfi (testsrc2 + sine). */
export const clips = {
  /** 160x90, 15 fps, 1 s, H.264 + AAC */
  tiny: join(clipsDir, 'tiny.mp4'),
  /** same without an audio stream */
  noAudio: join(clipsDir, 'no-audio.mp4'),
  /** odd size 161x91, yuv444p */
  odd444: join(clipsDir, 'odd-444.mkv'),
  /** 160x90 stored, rotated 90° for display (a phone video): shown 90x160 */
  rotated: join(clipsDir, 'rotated.mp4'),
  /** 1280x720, 2 s: enough rungs for a real ladder */
  hd: join(clipsDir, 'hd.mp4'),
  /** bytes that are not a video, named like one */
  corrupt: join(clipsDir, 'corrupt.mp4'),
  /** 320x180, 2 s: audio eng (440 Hz) and fra (660 Hz, titled "Français (doublage)"), an embedded English SRT track */
  multi: join(clipsDir, 'multi.mkv'),
  /** the English SRT sidecar next to it */
  multiSidecar: join(clipsDir, 'multi.en.srt'),
} as const;

/** A library folder named like a real one: a movie and a show with two 2 s episodes. */
export const demoLibrary = join(clipsDir, 'library');
