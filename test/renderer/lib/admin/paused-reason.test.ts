import { expect, test } from 'vitest';
import { pausedReasonSentence } from '../../../../renderer/src/lib/admin/queue-words.js';

test.each<[string, string]>([
  ['paused: the disk holding /data is full (12 MB free)', 'The disk holding /data is full (12 MB free).'],
  ['Disk full.', 'Disk full.'],
  ['paused: ', ''],
])('the banner says %j as %j', (reason, sentence) => {
  expect(pausedReasonSentence(reason)).toBe(sentence);
});
