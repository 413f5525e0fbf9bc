export type JobStatus = 'queued' | 'running' | 'done' | 'skipped' | 'failed';
export type JobKind = 'hls' | 'previews';

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
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}
