// What a library scan is doing, in words and as a fraction for the progress bar.
import type { ScanProgressDto } from '../api.ts';

const PHASES: Readonly<Record<ScanProgressDto['phase'], string>> = {
  walking: 'Looking for files',
  probing: 'Reading files',
  metadata: 'Reading artwork and details',
};

/** "Reading files · 3 of 10"; "Looking for files…" while the total is not known yet */
export function scanProgressText(progress: ScanProgressDto | null): string {
  if (!progress) return 'Starting…';
  const phase = PHASES[progress.phase] ?? 'Scanning';
  return progress.total > 0 ? `${phase} · ${Math.min(progress.done, progress.total)} of ${progress.total}` : `${phase}…`;
}

/** 0..1, or null while the total is unknown (the bar then moves without a number) */
export function scanFraction(progress: ScanProgressDto | null): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}
