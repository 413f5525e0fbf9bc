import { statfs } from 'node:fs/promises';

// what ffmpeg (strerror(ENOSPC)) and Node ("ENOSPC: no space left on device, write") both say
const NO_SPACE = /no space left on device/i;

// SQLite's SQLITE_FULL: the database could not grow (the data folder's disk)
const DB_FULL = /database or disk is full/i;

/**
 * Under this much free space a failed job is taken for a full disk whatever it says: ffmpeg's HLS muxer
 * exits 0 when a write fails for want of space, leaving empty or cut segments the quality check refuses.
 */
export const LOW_SPACE_BYTES = 64 * 1024 * 1024;

/** Whether a job failed because its disk is full: a Node ENOSPC error, SQLite's SQLITE_FULL, or ffmpeg saying so. */
export function isDiskFull(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, stderrTail, message } = err as { code?: unknown; stderrTail?: unknown; message?: unknown };
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return true;
  return [stderrTail, message].some((text) => typeof text === 'string' && (NO_SPACE.test(text) || DB_FULL.test(text)));
}

/** Free bytes for an unprivileged user on the disk holding `path`; null when it cannot be asked. */
export async function freeBytes(path: string): Promise<number | null> {
  try {
    const fs = await statfs(path);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

/** "paused: the disk holding /data/transcodes is full (12 MB free)" */
export function diskFullReason(path: string | null, free: number | null): string {
  const where = path ? `the disk holding ${path}` : 'the disk';
  const left = free === null ? '' : ` (${Math.floor(free / 1_000_000)} MB free)`;
  return `paused: ${where} is full${left}`;
}
