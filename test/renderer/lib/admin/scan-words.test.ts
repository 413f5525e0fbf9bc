import { expect, test } from 'vitest';
import type { ScanProgressDto } from '../../../../server/src/http/api-types.js';
import { scanFraction, scanProgressText } from '../../../../renderer/src/lib/admin/scan-words.js';

test.each<[ScanProgressDto | null, string, number | null]>([
  [null, 'Starting…', null],
  [{ phase: 'walking', done: 0, total: 0 }, 'Looking for files…', null],
  [{ phase: 'probing', done: 3, total: 10 }, 'Reading files · 3 of 10', 0.3],
  [{ phase: 'metadata', done: 10, total: 10 }, 'Reading artwork and details · 10 of 10', 1],
  // a count that ran past its total never shows more than all
  [{ phase: 'probing', done: 12, total: 10 }, 'Reading files · 10 of 10', 1],
])('%j → %j, %s', (progress, text, fraction) => {
  expect(scanProgressText(progress)).toBe(text);
  expect(scanFraction(progress)).toBe(fraction);
});
