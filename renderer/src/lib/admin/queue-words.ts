// The transcoding queue in words: what a job is, how urgent, how long it has left; the summary line.
// Pure: times come in as arguments.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { JobDto, JobKindDto, QueueDto } from '../api.ts';

/** while anything is queued or running the bars move; otherwise a slow look for newly found titles */
export const BUSY_POLL_MS = 2000;
export const IDLE_POLL_MS = 10_000;

const KIND_NAMES: Readonly<Record<JobKindDto, string>> = { hls: 'HLS ladder', headstart: 'Head start (first 30 s)', remux: 'Remux (video copied)', previews: 'Seek previews' };

/** "HLS ladder", "Seek previews" */
export function jobKindName(kind: JobKindDto): string {
  return KIND_NAMES[kind] ?? kind;
}

/** The server's priority bands (server/src/jobs/job.types.ts PRIORITY), highest first. */
const PRIORITY_WORDS: readonly (readonly [number, string])[] = [
  [100, 'Playing now'],
  [75, 'Head start'],
  [50, 'Ladder'],
];

/** Why a job stands where it does in the line: "Playing now", "Head start", "Ladder", "Batch". */
export function priorityWords(priority: number): string {
  return PRIORITY_WORDS.find(([min]) => priority >= min)?.[1] ?? 'Batch';
}

/** A duration in seconds as a person says it: "25 s", "3 min", "1 h 20 min". */
function spokenSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * "about 3 min left", "about 40 s left", "a few seconds left"; null when unknown (no progress yet).
 * Seconds are rounded to 5: an estimate that ticks 41, 39, 44 looks precise and is not.
 */
export function etaWords(etaSeconds: number | null): string | null {
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return null;
  if (etaSeconds < 10) return 'a few seconds left';
  const fives = Math.round(etaSeconds / 5) * 5;
  if (fives < 60) return `about ${fives} s left`;
  return `about ${spokenSeconds(Math.max(60, etaSeconds))} left`;
}

/** "retrying in 25 s", "retrying in 2 min"; "retrying now" once the back-off is over; null when not waiting. */
export function retryWords(retryAt: string | null, nowMs: number): string | null {
  if (retryAt === null) return null;
  const at = Date.parse(retryAt);
  if (!Number.isFinite(at)) return null;
  const seconds = (at - nowMs) / 1000;
  return seconds < 1 ? 'retrying now' : `retrying in ${spokenSeconds(seconds)}`;
}

/** "2 running · 14 queued · 1 failed"; "Nothing waiting" when all three are zero. */
export function queueSummary(counts: QueueDto['counts']): string {
  const parts = [
    [counts.running ?? 0, 'running'],
    [counts.queued ?? 0, 'queued'],
    [counts.failed ?? 0, 'failed'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, words]) => `${n} ${words}`);
  return shown.length > 0 ? shown.join(' · ') : 'Nothing waiting';
}

/** "1 at a time", "4 at a time" */
export function concurrencyWords(concurrency: number): string {
  return `${Math.max(1, concurrency)} at a time`;
}

/** How long to wait before asking for the queue again. */
export function pollDelayMs(counts: QueueDto['counts']): number {
  return (counts.queued ?? 0) > 0 || (counts.running ?? 0) > 0 ? BUSY_POLL_MS : IDLE_POLL_MS;
}

export interface JobGroups {
  running: JobDto[];
  queued: JobDto[];
  failed: JobDto[];
  /** done, skipped and cancelled, the most recently finished first */
  finished: JobDto[];
}

const finishedMs = (job: JobDto) => (job.finishedAt === null ? 0 : Date.parse(job.finishedAt) || 0);

/** The sections of the page, each in the server's order (finished ones by time, newest first). */
export function groupJobs(jobs: readonly JobDto[]): JobGroups {
  const groups: JobGroups = { running: [], queued: [], failed: [], finished: [] };
  for (const job of jobs) {
    switch (job.status) {
      case 'running':
      case 'queued':
      case 'failed':
        groups[job.status].push(job);
        break;
      case 'done':
      case 'skipped':
      case 'cancelled':
        groups.finished.push(job);
        break;
    }
  }
  groups.finished.sort((a, b) => finishedMs(b) - finishedMs(a) || b.id - a.id);
  return groups;
}

const FINISHED_WORDS: Readonly<Record<'done' | 'skipped' | 'cancelled', string>> = {
  done: 'Done',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/** "Done", "Skipped", "Cancelled" */
export function finishedStatusWords(status: JobDto['status']): string {
  return status === 'done' || status === 'skipped' || status === 'cancelled' ? FINISHED_WORDS[status] : status;
}

/** "1 attempt", "3 attempts" */
export const attemptWords = (attempts: number): string => `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;

/**
 * The server's reason for pausing the queue by itself, as a sentence for the banner:
 * "paused: the disk holding /data is full (12 MB free)" → "The disk holding /data is full (12 MB free)."
 */
export function pausedReasonSentence(reason: string): string {
  const text = reason.replace(/^paused:\s*/i, '').trim();
  if (text === '') return '';
  return `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}
