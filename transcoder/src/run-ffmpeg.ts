import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

const STDERR_TAIL_BYTES = 4096;

export class TranscodeFailed extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly stderrTail: string,
    readonly args: readonly string[],
  ) {
    super(`${shortReason(stderrTail) || 'ffmpeg failed'} (exit ${exitCode ?? 'signal'})`);
    this.name = 'TranscodeFailed';
  }
}

/** The last meaningful stderr line, which is what a human needs to see. */
export function shortReason(stderrTail: string): string {
  const lines = stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? '').slice(0, 300);
}

export interface RunOptions {
  signal?: AbortSignal;
  /** keep stdout (ffprobe's JSON); otherwise stdout is ignored unless onStdoutLine is given */
  captureStdout?: boolean;
  /** each stdout line, e.g. ffmpeg's `-progress pipe:1` key=value lines */
  onStdoutLine?: (line: string) => void;
  /** lower the child's CPU priority (0..19): background work yields to playback */
  niceness?: number;
  /** the running child, for pausing it (SIGSTOP) while its output is far ahead of the player */
  onSpawn?: (child: ChildControl) => void;
}

export interface ChildControl {
  pause(): void;
  resume(): void;
}

/**
 * The only place that spawns ffmpeg or ffprobe: argv as data, no shell, stderr tail kept.
 * Non-zero exit → TranscodeFailed; an abort kills the child and rejects with the signal's reason.
 */
export function runTool(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const wantsStdout = opts.captureStdout || opts.onStdoutLine;
    const child = spawn(bin, args, { stdio: ['ignore', wantsStdout ? 'pipe' : 'ignore', 'pipe'], windowsHide: true });
    if (opts.niceness && child.pid) {
      try {
        setPriority(child.pid, opts.niceness);
      } catch {
        // not allowed here: the child runs at normal priority
      }
    }
    opts.onSpawn?.({ pause: () => void child.kill('SIGSTOP'), resume: () => void child.kill('SIGCONT') });
    let stderr = '';
    const stdoutChunks: Buffer[] = [];
    let pending = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (opts.captureStdout) stdoutChunks.push(chunk);
      if (opts.onStdoutLine) {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) opts.onStdoutLine(line);
      }
    });
    const onAbort = () => {
      child.kill('SIGCONT'); // a paused child cannot die until it runs again
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new TranscodeFailed(null, `${bin}: ${err.message}`, args));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      if (code === 0) return resolve({ stdout: Buffer.concat(stdoutChunks).toString('utf8') });
      reject(new TranscodeFailed(code, stderr, args));
    });
  });
}

/** An `onStdoutLine` for ffmpeg's `-progress pipe:1`: reports 0..1 of `totalMs` (nothing while it is unknown). */
export function progressLines(totalMs: number, report?: (fraction: number) => void): (line: string) => void {
  return (line) => {
    const match = /^out_time_us=(\d+)/.exec(line);
    if (match && totalMs > 0 && report) report(Math.min(1, Number(match[1]) / 1000 / totalMs));
  };
}

export type RunFfmpeg = (args: readonly string[], opts?: RunOptions) => Promise<void>;

export function createRunFfmpeg(ffmpegPath: string): RunFfmpeg {
  return async (args, opts) => {
    await runTool(ffmpegPath, args, opts);
  };
}
