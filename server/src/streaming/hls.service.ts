import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isHdr, MASTER_PLAYLIST, MAX_FRAME_RATE, planLadder, QcFailed, runHls, type ProbeMedia, type RunFfmpeg } from '../../../transcoder/src/index.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import type { MediaFileStore } from '../catalog/media-file.store.js';
import type { MediaFile } from '../catalog/catalog.types.js';
import { AppError, notFound } from '../errors.js';
import type { JobStore } from '../jobs/job.store.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { PRIORITY, type Job } from '../jobs/job.types.js';
import type { RenditionStore } from './rendition.store.js';

export interface TranscodeState {
  status: 'none' | Job['status'];
  progress: number;
  error: string | null;
}

export type Playback =
  | { ready: true; masterPath: string; reason: string; transcode: TranscodeState }
  | { ready: false; reason: string; transcode: TranscodeState };

const AUDIO_KBPS = 128;

export type HlsService = ReturnType<typeof createHlsService>;

/**
 * Owns HLS renditions: the job handler that makes them, and the playback answer that queues one
 * at top priority when somebody presses Play on a title that has none yet.
 */
export function createHlsService(deps: {
  catalog: CatalogStore;
  files: MediaFileStore;
  jobs: JobStore;
  renditions: RenditionStore;
  runFfmpeg: RunFfmpeg;
  /** quality control probes the output before it is published */
  probe: ProbeMedia;
  transcodesDir: string;
  segmentSeconds: number;
  poke: () => void;
  now: () => number;
}) {
  const finalDir = (itemId: number) => join(deps.transcodesDir, String(itemId));

  const stateOf = (itemId: number): TranscodeState => {
    const job = deps.jobs.find('hls', itemId);
    if (deps.renditions.get(itemId)) return { status: 'done', progress: 1, error: null };
    if (!job) return { status: 'none', progress: 0, error: null };
    // a failed attempt waiting for its retry is shown as failed: the player offers Retry at once
    if (job.status === 'queued' && job.error !== null) return { status: 'failed', progress: job.progress, error: job.error };
    return { status: job.status, progress: job.progress, error: job.error };
  };

  /** The files played for an item: its first present version, all its parts in order. */
  const playableFiles = (itemId: number): MediaFile[] => {
    const present = deps.files.ofItem(itemId).filter((f) => !f.missing);
    const version = present[0]?.version ?? null;
    return present.filter((f) => f.version === version).sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
  };

  const handler: JobHandler = async (job, ctx) => {
    const item = deps.catalog.get(job.itemId);
    const parts = item ? playableFiles(item.id) : [];
    const first = parts[0];
    if (!item || !first) return 'skipped'; // removed, or its folder is offline
    const rungs = planLadder(first.media);
    if (rungs.length === 0) return 'skipped';
    const dir = String(item.id);
    const request = {
      inputs: parts.map((p) => p.path),
      finalDir: finalDir(item.id),
      tmpDir: join(deps.transcodesDir, '.tmp', String(job.id)),
      segmentSeconds: deps.segmentSeconds,
      rungs,
      audio: first.media.audio.length > 0 ? { kbps: AUDIO_KBPS } : null,
      durationMs: parts.reduce((sum, p) => sum + p.durationMs, 0),
      frameRate: Math.min(first.media.video?.frameRate ?? 0, MAX_FRAME_RATE),
      toneMap: first.media.video ? isHdr(first.media.video) : false,
      maxFrameRate: (first.media.video?.frameRate ?? 0) > MAX_FRAME_RATE ? MAX_FRAME_RATE : undefined,
    };
    const run = { runFfmpeg: deps.runFfmpeg, signal: ctx.signal, onProgress: ctx.reportProgress, check: deps.probe };
    try {
      await runHls(request, run);
    } catch (err) {
      if (!(err instanceof QcFailed) || ctx.signal.aborted) throw err;
      // one more try with safer settings; a second failure fails the job with the reason
      await runHls({ ...request, safe: true }, run);
    }
    deps.renditions.save({ itemId: item.id, mediaFileId: first.id, dir, rungs, createdAt: deps.now() });
    return 'done';
  };

  return {
    handler,
    stateOf,
    /** Queues the full ladder for a new or changed title, behind anything somebody is waiting for. */
    queueLadder(itemId: number): void {
      deps.renditions.remove(itemId);
      deps.jobs.enqueue('hls', itemId, PRIORITY.fullLadder, deps.now(), true);
      deps.poke();
    },
    /** The answer to Play: the master playlist when ready; otherwise the job, queued first in line. */
    playback(itemId: number, opts: { retry?: boolean } = {}): Playback {
      const item = deps.catalog.get(itemId);
      if (!item) throw notFound(`title ${itemId}`);
      const files = playableFiles(itemId);
      if (files.length === 0) throw new AppError(503, 'offline', `${item.title} is offline: its folder cannot be reached right now`);
      if (!files[0]!.media.video) throw new AppError(415, 'unsupported_media', `${item.title} has no video stream`);
      const rendition = deps.renditions.get(itemId);
      if (rendition && existsSync(join(deps.transcodesDir, rendition.dir, MASTER_PLAYLIST))) {
        return { ready: true, masterPath: MASTER_PLAYLIST, reason: 'HLS: the adaptive ladder is ready', transcode: stateOf(itemId) };
      }
      if (rendition) deps.renditions.remove(itemId); // its files are gone: make it again
      const job = deps.jobs.find('hls', itemId);
      // a failed job waits for an explicit retry, so a player polling for progress sees the failure
      const waitingRetry = job?.status === 'queued' && job.error !== null;
      const again = (job?.status !== 'failed' && !waitingRetry) || opts.retry === true;
      deps.jobs.enqueue('hls', itemId, PRIORITY.playbackNow, deps.now(), again);
      if (waitingRetry && opts.retry === true) deps.jobs.expedite(job.id, PRIORITY.playbackNow);
      deps.poke();
      const state = stateOf(itemId);
      const reason =
        state.status === 'failed'
          ? `transcoding failed: ${state.error ?? 'unknown error'}`
          : `transcoding: preparing HLS (${Math.round(state.progress * 100)} %)`;
      return { ready: false, reason, transcode: state };
    },
    renditionDir(itemId: number): string {
      const rendition = deps.renditions.get(itemId);
      if (!rendition) throw notFound(`stream for title ${itemId}`);
      return join(deps.transcodesDir, rendition.dir);
    },
  };
}
