// The transcodes' disk space in words and shares: sizes, the bar (used of quota), a title's rungs.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { StorageDto, StorageTitleDto } from '../api.ts';

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units as disks are sold: "0 bytes", "512 bytes", "12 kB", "340 MB", "1.2 GB", "12 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 bytes';
  let value = bytes;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} ${value === 1 ? 'byte' : 'bytes'}`;
  // one decimal below 10 ("1.2 GB"), whole numbers above ("340 MB")
  const shown = value < 9.95 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${shown}\u00a0${UNITS[unit]}`;
}

/** 0..1 of `whole`, clamped; 0 when `whole` is unknown or 0. */
export function shareOf(part: number, whole: number | null): number {
  if (whole === null || !(whole > 0) || !Number.isFinite(part)) return 0;
  return Math.min(1, Math.max(0, part / whole));
}

/** The line under the bar: "12 GB of 50 GB used · 400 GB free on disk". */
export function usageWords(storage: Pick<StorageDto, 'usedBytes' | 'quotaBytes' | 'freeBytes'>): string {
  const used = storage.quotaBytes === null ? `${formatBytes(storage.usedBytes)} used` : `${formatBytes(storage.usedBytes)} of ${formatBytes(storage.quotaBytes)} used`;
  const free = storage.freeBytes === null ? 'free space unknown' : `${formatBytes(storage.freeBytes)} free on disk`;
  return `${used} · ${free}`;
}

/** Over quota the oldest rungs are being evicted; null when within it. */
export function overQuotaWords(storage: Pick<StorageDto, 'usedBytes' | 'quotaBytes'>): string | null {
  if (storage.quotaBytes === null || storage.usedBytes <= storage.quotaBytes) return null;
  return `${formatBytes(storage.usedBytes - storage.quotaBytes)} over the quota: the rungs of the titles watched least recently are being removed. Head starts, and titles being watched or transcoded, stay.`;
}

/** A title's parts on disk, lowest rung first: "240p 120 MB", …, "Head start 8 MB". */
export function titleParts(title: Pick<StorageTitleDto, 'rungs' | 'liveBytes'>): { name: string; bytes: number }[] {
  return [...title.rungs, ...(title.liveBytes > 0 ? [{ name: title.rungs.length > 0 ? 'Head start' : 'Head start & just in time', bytes: title.liveBytes }] : [])];
}
