// A title's thumb: up, down or none. Pure.
import type { ThumbDto } from '../api.ts';

export type ThumbValue = ThumbDto['value'];

/** Pressing a thumb sets it; pressing the one already set clears it. */
export const nextThumb = (current: ThumbValue, pressed: 1 | -1): ThumbValue => (current === pressed ? 0 : pressed);
