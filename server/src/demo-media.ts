import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunFfmpeg } from '../../transcoder/src/index.js';

export interface DemoClip {
  /** path inside the library folder, named as users name their files */
  path: string;
  /** lavfi video source */
  pattern: string;
  toneHz: number;
}

export const DEMO_CLIPS: readonly DemoClip[] = [
  { path: 'Big Buck Test (2020)/Big Buck Test (2020).mp4', pattern: 'testsrc2', toneHz: 440 },
  { path: 'Test Show/Season 01/Test Show - S01E01.mkv', pattern: 'smptehdbars', toneHz: 330 },
  { path: 'Test Show/Season 01/Test Show - S01E02.mkv', pattern: 'testsrc', toneHz: 550 },
];

/** argv for one generated clip: a lavfi test pattern with a sine tone, H.264/AAC. */
export function demoClipArgs(clip: DemoClip, output: string, opts: { seconds: number; width: number; height: number; fps: number }): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `${clip.pattern}=size=${opts.width}x${opts.height}:rate=${opts.fps}:duration=${opts.seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=${clip.toneHz}:duration=${opts.seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '96k', '-shortest',
    '-y', output,
  ];
}

/** Writes the sample library into dir (clips that exist already are kept). Returns the paths. */
export async function makeDemoLibrary(
  dir: string,
  runFfmpeg: RunFfmpeg,
  opts: { seconds: number; width: number; height: number; fps: number },
): Promise<string[]> {
  const paths: string[] = [];
  for (const clip of DEMO_CLIPS) {
    const output = join(dir, clip.path);
    paths.push(output);
    if (await stat(output).then((s) => s.size > 0, () => false)) continue;
    await mkdir(dirname(output), { recursive: true });
    await runFfmpeg(demoClipArgs(clip, output, opts));
  }
  return paths;
}
