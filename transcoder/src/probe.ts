import { runTool } from './run-ffmpeg.js';
import type { AudioStream, MediaInfo, VideoStream } from './media-info.js';
import { parseProbeDetails, probeDetailsArgs } from './probe-details.js';

export type ProbeMedia = (path: string, signal?: AbortSignal) => Promise<MediaInfo>;

const parseBoth = (stdout: string): MediaInfo => Object.freeze({ ...parseProbe(stdout), details: parseProbeDetails(stdout) });

/** The ffprobe caller of the scanner: one JSON probe of format, streams and chapters, read twice. */
export function createProbe(ffprobePath: string, opts: { batchSize?: number } = {}): ProbeMedia {
  const single: ProbeMedia = async (path, signal) => {
    const { stdout } = await runTool(ffprobePath, probeDetailsArgs(path), { signal, captureStdout: true });
    return parseBoth(stdout);
  };
  const batchSize = opts.batchSize ?? (process.platform === 'win32' ? 1 : 8);
  return batchSize > 1 ? createBatchProbe(ffprobePath, single, batchSize) : single;
}

/** Marks the end of one file's output in a batch: record separator, then the exit status. */
const MARKER = '\u001eSEED-PROBE ';

/**
 * A shell loop that runs ffprobe once per file and marks where each output ends. The probe
 * arguments are constants and the paths arrive as positional parameters, never in the script.
 */
export function batchProbeArgs(ffprobePath: string, paths: readonly string[]): string[] {
  const fixed = probeDetailsArgs('').slice(0, -1).join(' '); // constant tokens, no shell metacharacters
  const script = `p="$1"; shift; for f do "$p" ${fixed} "$f" 2>/dev/null; printf '\\n\\036SEED-PROBE %s\\n' "$?"; done`;
  return ['-c', script, 'sh', ffprobePath, ...paths];
}

/** Splits a batch's stdout into each file's JSON (null where ffprobe failed). */
export function splitBatchOutput(stdout: string, count: number): (string | null)[] {
  const out: (string | null)[] = [];
  let rest = stdout;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf(MARKER);
    if (at < 0) break;
    const end = rest.indexOf('\n', at);
    const status = rest.slice(at + MARKER.length, end < 0 ? undefined : end).trim();
    out.push(status === '0' ? rest.slice(0, at) : null);
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  while (out.length < count) out.push(null);
  return out;
}

/**
 * Scans probe thousands of small files; starting each ffprobe from Node costs more than the probe
 * itself, so calls that arrive together are run in batches by one small shell loop. A file that
 * fails is probed again on its own, so its error says why.
 */
function createBatchProbe(ffprobePath: string, single: ProbeMedia, batchSize: number): ProbeMedia {
  type Call = { path: string; signal?: AbortSignal; resolve: (m: MediaInfo) => void; reject: (e: unknown) => void };
  let waiting: Call[] = [];
  let timer: NodeJS.Timeout | null = null;
  const run = async (calls: Call[]) => {
    try {
      const { stdout } = await runTool('sh', batchProbeArgs(ffprobePath, calls.map((c) => c.path)), { signal: calls[0]!.signal, captureStdout: true });
      const outputs = splitBatchOutput(stdout, calls.length);
      calls.forEach((call, i) => {
        const text = outputs[i];
        if (text === null || text === undefined) return void single(call.path, call.signal).then(call.resolve, call.reject);
        try {
          call.resolve(parseBoth(text));
        } catch (err) {
          call.reject(err);
        }
      });
    } catch (err) {
      for (const call of calls) call.reject(err);
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const calls = waiting;
    waiting = [];
    for (let i = 0; i < calls.length; i += batchSize) void run(calls.slice(i, i + batchSize));
  };
  return (path, signal) =>
    new Promise<MediaInfo>((resolve, reject) => {
      waiting.push({ path, signal, resolve, reject });
      if (waiting.length >= batchSize) flush();
      else timer ??= setTimeout(flush, 2);
    });
}

type Json = Record<string, unknown>;

const num = (value: unknown): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
};
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** "30000/1001" → 29.97; "0/0" → 0 */
export function parseRate(rate: unknown): number {
  if (typeof rate !== 'string') return 0;
  const [n, d] = rate.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n)) return 0;
  if (d === undefined) return n;
  return d > 0 && Number.isFinite(d) ? Math.round((n / d) * 1000) / 1000 : 0;
}

function rotationOf(stream: Json): number {
  const tags = (stream.tags ?? {}) as Json;
  let degrees = num(tags.rotate);
  for (const side of (stream.side_data_list ?? []) as Json[]) {
    if (side.rotation !== undefined) degrees = -num(side.rotation); // display matrix is counter-clockwise
  }
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function lowerTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((tags ?? {}) as Json)) if (typeof value === 'string') out[key.toLowerCase()] = value;
  return out;
}

/** Pure: ffprobe's JSON text → a frozen MediaInfo. Throws when the text is not ffprobe JSON. */
export function parseProbe(text: string): MediaInfo {
  const json = JSON.parse(text) as Json;
  const format = (json.format ?? {}) as Json;
  const streams = (Array.isArray(json.streams) ? json.streams : []) as Json[];
  const attachedPicture = (s: Json) => num(((s.disposition ?? {}) as Json).attached_pic) === 1;
  const v = streams.find((s) => s.codec_type === 'video' && !attachedPicture(s));
  const video: VideoStream | null = v
    ? {
        index: num(v.index),
        codec: str(v.codec_name) ?? 'unknown',
        width: num(v.width),
        height: num(v.height),
        frameRate: parseRate(v.avg_frame_rate) || parseRate(v.r_frame_rate),
        pixelFormat: str(v.pix_fmt),
        rotation: rotationOf(v),
      }
    : null;
  const audio: AudioStream[] = streams
    .filter((s) => s.codec_type === 'audio')
    .map((s) => ({
      index: num(s.index),
      codec: str(s.codec_name) ?? 'unknown',
      channels: num(s.channels),
      language: str(lowerTags(s.tags).language),
    }));
  const streamDurations = streams.map((s) => num(s.duration));
  const seconds = num(format.duration) || Math.max(0, ...streamDurations);
  return Object.freeze({
    formatName: str(format.format_name) ?? 'unknown',
    durationMs: Math.round(seconds * 1000),
    sizeBytes: num(format.size),
    bitRateKbps: Math.round(num(format.bit_rate) / 1000),
    video: video && Object.freeze(video),
    audio: Object.freeze(audio.map((a) => Object.freeze(a))) as AudioStream[],
    tags: Object.freeze(lowerTags(format.tags)),
  });
}
