import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hlsArgs, type HlsJob } from './hls-args.js';
import type { RunFfmpeg } from './run-ffmpeg.js';

export interface HlsRunRequest extends Omit<HlsJob, 'outDir'> {
  /** the finished rendition's folder; it appears only when complete */
  finalDir: string;
  /** scratch folder for this job, removed afterwards whatever happens */
  tmpDir: string;
  durationMs: number;
}

/**
 * Encodes into tmpDir and renames it into finalDir when ffmpeg exits cleanly, so a half-written
 * rendition is never served. Progress is 0..1 from ffmpeg's `-progress` out_time.
 */
export async function runHls(
  req: HlsRunRequest,
  deps: { runFfmpeg: RunFfmpeg; signal?: AbortSignal; onProgress?: (fraction: number) => void },
): Promise<void> {
  await rm(req.tmpDir, { recursive: true, force: true });
  try {
    for (const rung of req.rungs) await mkdir(join(req.tmpDir, rung.name), { recursive: true });
    const args = hlsArgs({ ...req, outDir: req.tmpDir });
    await deps.runFfmpeg(args, {
      signal: deps.signal,
      onStdoutLine: (line) => {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match && req.durationMs > 0 && deps.onProgress) {
          deps.onProgress(Math.min(1, Number(match[1]) / 1000 / req.durationMs));
        }
      },
    });
    await rm(req.finalDir, { recursive: true, force: true });
    await rename(req.tmpDir, req.finalDir);
  } finally {
    await rm(req.tmpDir, { recursive: true, force: true });
  }
}
