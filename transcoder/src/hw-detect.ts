// Which hardware encoders work on this machine: a build listing one proves nothing (no GPU, no driver,
// no permission on the device), so each is tried with a one-second test encode using the very
// arguments a ladder would use.
import { existsSync } from 'node:fs';
import { h264Level } from './hls-args.js';
import { HARDWARE_ENCODER_SPECS, HARDWARE_ENCODERS, hwInitArgs, hwUploadFilter, videoEncoderArgs, type HardwareEncoder } from './hw-encoders.js';
import { shortReason, TranscodeFailed, type RunFfmpeg } from './run-ffmpeg.js';

/** A test encode's outcome; `reason` says why not, readable on its own ("h264_vaapi: no /dev/dri/renderD128"). */
export type HardwareEncoderStatus = { encoder: HardwareEncoder; works: true; reason: null } | { encoder: HardwareEncoder; works: false; reason: string };

export const TEST_ENCODE_TIMEOUT_MS = 15_000;
const TEST_SIZE = { width: 320, height: 240 };
const TEST_FPS = 30;

/** The test encode of one encoder: a second of testsrc2 through its init, upload and encoder options, to nowhere. */
export function testEncodeArgs(encoder: HardwareEncoder): string[] {
  const { width, height } = TEST_SIZE;
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    ...hwInitArgs(encoder),
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${TEST_FPS}:duration=1`,
    '-vf', `scale=${width}:${height},setsar=1,${hwUploadFilter(encoder)}`,
    // one-second segments: the test forces keyframes the way a ladder does
    ...videoEncoderArgs(encoder, { videoKbps: 500 }, { level: h264Level(TEST_SIZE, TEST_FPS).level, forceKeyFrames: 'expr:gte(t,n_forced*1)', gop: TEST_FPS * 2 }),
    '-f', 'null', '-',
  ];
}

// ffmpeg's closing lines name the step that failed, not why: the cause is in a line before them
const GENERIC_LINE = /^(Error parsing global options|Error initializing output stream|Error while opening encoder|Conversion failed|Device creation failed: -?\d+\.?$)/;

/** The line of a failed test encode's stderr that says why, without ffmpeg's "[h264_nvenc @ 0x…]" prefix. */
export function testEncodeReason(stderrTail: string): string {
  const lines = stderrTail
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, '')
        // when the device does not open, this is the only line that says which one and why
        .replace(/^Failed to set value '([^']+)' for option 'init_hw_device': (.+)$/, 'cannot open the device $1: $2'),
    )
    .filter(Boolean);
  return (lines.find((line) => !GENERIC_LINE.test(line)) ?? shortReason(stderrTail)).slice(0, 200) || 'ffmpeg failed';
}

const notWorking = (encoder: HardwareEncoder, why: string): HardwareEncoderStatus => ({ encoder, works: false, reason: `${encoder}: ${why}` });

/**
 * Tries every hardware encoder this ffmpeg lists (`candidates`, from `ffmpeg -encoders`) with a test
 * encode, all at once, each stopped after `timeoutMs`. Answers all of HARDWARE_ENCODERS in order; one
 * the build lacks, or whose device file is missing, is not tried.
 */
export async function detectHardwareEncoders(
  runFfmpeg: RunFfmpeg,
  candidates: readonly string[],
  opts: { timeoutMs?: number; hasDevice?: (path: string) => boolean } = {},
): Promise<HardwareEncoderStatus[]> {
  const timeoutMs = opts.timeoutMs ?? TEST_ENCODE_TIMEOUT_MS;
  // only Linux names its GPUs by device file; elsewhere ffmpeg's own answer is the reason
  const hasDevice = opts.hasDevice ?? ((path: string) => process.platform !== 'linux' || existsSync(path));
  return Promise.all(
    HARDWARE_ENCODERS.map(async (encoder): Promise<HardwareEncoderStatus> => {
      if (!candidates.includes(encoder)) return notWorking(encoder, 'not in this ffmpeg build');
      const device = HARDWARE_ENCODER_SPECS[encoder].device;
      if (device && !hasDevice(device)) return notWorking(encoder, `no ${device}`);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        await runFfmpeg(testEncodeArgs(encoder), { signal });
        return { encoder, works: true, reason: null };
      } catch (err) {
        if (signal.aborted) return notWorking(encoder, `the test encode took over ${timeoutMs / 1000} s`);
        return notWorking(encoder, err instanceof TranscodeFailed ? testEncodeReason(err.stderrTail) : err instanceof Error ? err.message : String(err));
      }
    }),
  );
}
