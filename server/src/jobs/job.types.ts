export type JobStatus = 'queued' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';
export type JobKind = 'hls' | 'headstart' | 'remux' | 'previews';

/** Higher runs first (DESIGN: playback now > head start > full ladder > batch). */
export const PRIORITY = { playbackNow: 100, headStart: 75, fullLadder: 50, batch: 10 } as const;

export interface Job {
  id: number;
  kind: JobKind;
  itemId: number;
  priority: number;
  status: JobStatus;
  progress: number;
  attempts: number;
  error: string | null;
  errorTail: string | null;
  /** the earliest time a retry may start (back-off after a failure) */
  notBefore: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** Attempts before a job stays failed; waits between them double from 30 s. */
export const MAX_ATTEMPTS = 3;
export const retryDelayMs = (attempts: number) => 30_000 * 2 ** Math.max(0, attempts - 1);
