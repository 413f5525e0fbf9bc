import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIO_KBPS, progressLines, REMUX_DIR, remuxArgs, type PlaybackDecision, type RunFfmpeg } from '../../../transcoder/src/index.js';
import type { MediaFile } from '../catalog/catalog.types.js';
import type { JobHandler } from '../jobs/job-runner.js';

/** What a remux of one file needs: the decision for it and the audio track it plays. */
export interface RemuxPlan {
  file: MediaFile;
  decision: Extract<PlaybackDecision, { method: 'remux' }>;
  audioStream: number;
}

const KEY_FILE = 'source.key';
const PLAYLIST = 'index.m3u8';

export type RemuxService = ReturnType<typeof createRemuxService>;

/**
 * Remuxed streams: the source's H.264 copied into HLS segments under `transcodes/remux/<item>/`,
 * made by a job in a few seconds per hour of video (no picture is encoded), renamed into place
 * when complete and tagged with the source's identity, so a changed file is remuxed again.
 */
export function createRemuxService(deps: { transcodesDir: string; runFfmpeg: RunFfmpeg; segmentSeconds: number; planOf: (itemId: number) => RemuxPlan | null }) {
  const root = join(deps.transcodesDir, REMUX_DIR);
  const dirOf = (itemId: number) => join(root, String(itemId));
  const keyOf = (plan: RemuxPlan) => JSON.stringify([plan.file.id, plan.file.sizeBytes, plan.file.mtimeMs, deps.segmentSeconds, plan.audioStream, plan.decision.audio]);

  /** The finished remux of the title's current file, or null. */
  const isReady = (itemId: number, plan: RemuxPlan): boolean => {
    const dir = dirOf(itemId);
    if (!existsSync(join(dir, PLAYLIST))) return false;
    try {
      return readFileSync(join(dir, KEY_FILE), 'utf8') === keyOf(plan);
    } catch {
      return false;
    }
  };

  const handler: JobHandler = async (job, ctx) => {
    const plan = deps.planOf(job.itemId);
    if (!plan || isReady(job.itemId, plan)) return 'skipped';
    const tmp = join(deps.transcodesDir, '.tmp', `remux-${job.id}`);
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    try {
      await deps.runFfmpeg(
        remuxArgs({ input: plan.file.path, outDir: tmp, segmentSeconds: deps.segmentSeconds, audio: plan.decision.audio, audioStream: plan.audioStream, audioKbps: AUDIO_KBPS }),
        {
          signal: ctx.signal,
          onStdoutLine: progressLines(plan.file.durationMs, ctx.reportProgress),
        },
      );
      await writeFile(join(tmp, KEY_FILE), keyOf(plan));
      await mkdir(root, { recursive: true });
      await rm(dirOf(job.itemId), { recursive: true, force: true });
      await rename(tmp, dirOf(job.itemId));
      return 'done';
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  };

  return {
    handler,
    isReady,
    /** The folder a ready remux is served from. */
    dir: dirOf,
  };
}
