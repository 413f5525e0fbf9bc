import { detectHardwareEncoders, type HardwareEncoderStatus } from './hw-detect.js';
import { createRunFfmpeg, runTool } from './run-ffmpeg.js';

export interface FfmpegReport {
  version: string;
  /** H.264 encoders this build has, software and hardware */
  h264Encoders: string[];
  hwaccels: string[];
  /** each hardware H.264 encoder, and whether its test encode worked here */
  hardwareEncoders: HardwareEncoderStatus[];
}

/** Reads what an ffmpeg binary can do: three quick runs of ffmpeg itself, then a test encode per hardware encoder. */
export async function inspectFfmpeg(ffmpegPath: string): Promise<FfmpegReport> {
  const [version, encoders, hwaccels] = await Promise.all([
    runTool(ffmpegPath, ['-hide_banner', '-version'], { captureStdout: true }),
    runTool(ffmpegPath, ['-hide_banner', '-encoders'], { captureStdout: true }),
    runTool(ffmpegPath, ['-hide_banner', '-hwaccels'], { captureStdout: true }),
  ]);
  const all = parseEncoders(encoders.stdout);
  return {
    version: parseVersion(version.stdout),
    h264Encoders: all.filter((e) => /264/.test(e)),
    hwaccels: parseHwaccels(hwaccels.stdout),
    hardwareEncoders: await detectHardwareEncoders(createRunFfmpeg(ffmpegPath), all),
  };
}

/** Which hardware encoders work with this ffmpeg: its list of encoders, then a test encode of each listed one. */
export async function inspectHardwareEncoders(ffmpegPath: string): Promise<HardwareEncoderStatus[]> {
  const { stdout } = await runTool(ffmpegPath, ['-hide_banner', '-encoders'], { captureStdout: true });
  return detectHardwareEncoders(createRunFfmpeg(ffmpegPath), parseEncoders(stdout));
}

/** `seed doctor`'s report of the hardware encoders: each works, or is not available and why. */
export function hardwareEncoderLines(statuses: readonly HardwareEncoderStatus[]): string[] {
  return [
    'hardware encoders (a 1 s test encode each):',
    ...statuses.map((s) => (s.works ? `  works          ${s.encoder}` : `  not available  ${s.reason}`)),
  ];
}

export async function toolVersion(path: string): Promise<string> {
  const { stdout } = await runTool(path, ['-hide_banner', '-version'], { captureStdout: true });
  return parseVersion(stdout);
}

/** "ffmpeg version 5.1.6-0+deb12u1 Copyright…" → "5.1.6-0+deb12u1" */
export function parseVersion(text: string): string {
  return /version\s+(\S+)/.exec(text)?.[1] ?? 'unknown';
}

/** `ffmpeg -encoders` lines look like " V....D libx264   libx264 H.264 / AVC …" */
export function parseEncoders(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^\s[VAS][.F][.S][.X][.B][.D]\s+(\S+)/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name) && name !== '=');
}

export function parseHwaccels(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Hardware acceleration methods/i.test(l));
}
