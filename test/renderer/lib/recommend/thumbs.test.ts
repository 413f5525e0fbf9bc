import { expect, test } from 'vitest';
import { nextThumb } from '../../../../renderer/src/lib/recommend/thumbs.js';

test.each([
  [0, 1, 1],
  [0, -1, -1],
  [1, 1, 0],
  [-1, -1, 0],
  [1, -1, -1],
  [-1, 1, 1],
] as const)('thumb %i, pressing %i: %i', (current, pressed, next) => {
  expect(nextThumb(current, pressed)).toBe(next);
});
