import { describe, expect, test } from 'vitest';
import { formatBytes, overQuotaWords, shareOf, titleParts, usageWords } from '../../../../renderer/src/lib/admin/storage-words.js';

const nb = (text: string) => text.replaceAll(' ', '\u00a0');

describe('formatBytes', () => {
  test.each([
    [0, '0 bytes'],
    [-5, '0 bytes'],
    [Number.NaN, '0 bytes'],
    [1, '1 byte'],
    [512, '512 bytes'],
    [999, '999 bytes'],
    [1_000, nb('1 kB')],
    [12_345, nb('12 kB')],
    [340_000_000, nb('340 MB')],
    [999_400_000, nb('999 MB')],
    [999_600_000, nb('1 GB')],
    [1_240_000_000, nb('1.2 GB')],
    [9_960_000_000, nb('10 GB')],
    [12_000_000_000_000, nb('12 TB')],
    [5e15, nb('5000 TB')],
  ])('%d → %s', (bytes, words) => {
    expect(formatBytes(bytes)).toBe(words);
  });
});

describe('shareOf', () => {
  test.each([
    [5, 10, 0.5],
    [15, 10, 1],
    [-1, 10, 0],
    [5, 0, 0],
    [5, null, 0],
    [Number.NaN, 10, 0],
  ])('%d of %s → %d', (part, whole, share) => {
    expect(shareOf(part, whole)).toBe(share);
  });
});

describe('words', () => {
  test('used of quota, free on disk; unknown parts say so', () => {
    // a number keeps its unit on the same line (no-break space)
    expect(usageWords({ usedBytes: 12e9, quotaBytes: 50e9, freeBytes: 400e9 })).toBe(`${nb('12 GB')} of ${nb('50 GB')} used · ${nb('400 GB')} free on disk`);
    expect(usageWords({ usedBytes: 12e9, quotaBytes: null, freeBytes: null })).toBe(`${nb('12 GB')} used · free space unknown`);
  });

  test('over the quota, and by how much', () => {
    expect(overQuotaWords({ usedBytes: 10, quotaBytes: 10 })).toBeNull();
    expect(overQuotaWords({ usedBytes: 10, quotaBytes: null })).toBeNull();
    expect(overQuotaWords({ usedBytes: 2.5e9, quotaBytes: 1e9 })).toMatch(/^1\.5\u00a0GB over the quota/);
  });

  test("a title's parts: its rungs lowest first, then its head start; a title without rungs plays just in time", () => {
    const rungs = [
      { name: '240p', bytes: 1 },
      { name: '720p', bytes: 3 },
    ];
    expect(titleParts({ rungs, liveBytes: 0 })).toEqual(rungs);
    expect(titleParts({ rungs, liveBytes: 2 })).toEqual([...rungs, { name: 'Head start', bytes: 2 }]);
    expect(titleParts({ rungs: [], liveBytes: 2 })).toEqual([{ name: 'Head start & just in time', bytes: 2 }]);
  });
});
