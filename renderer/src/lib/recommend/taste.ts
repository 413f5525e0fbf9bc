// "Pick a few titles you like": the picks of a new profile, and what the panel says about them. Pure.
import type { ShelfTitleDto } from '../api.ts';

type TitleRef = Pick<ShelfTitleDto, 'type' | 'id'>;

/** Done needs this many picks: fewer says too little to rank by. */
export const MIN_PICKS = 3;
/** the most the server takes in one answer */
export const MAX_PICKS = 50;

export const pickKey = (title: TitleRef): string => `${title.type}-${title.id}`;

/** The picks with `title` added, or taken out when it was in; in the order they were picked. */
export function togglePick<T extends TitleRef>(picks: readonly T[], title: T): T[] {
  const key = pickKey(title);
  if (picks.some((pick) => pickKey(pick) === key)) return picks.filter((pick) => pickKey(pick) !== key);
  return picks.length >= MAX_PICKS ? [...picks] : [...picks, title];
}

/** A library with fewer titles than Done needs gets no panel: there is no "few" to pick from. */
export const enoughChoices = (available: number): boolean => available >= MIN_PICKS;

export const canFinish = (count: number): boolean => count >= MIN_PICKS;

/** The counter beside Done: how many are picked and, until Done is possible, how many more it needs. */
export function pickCounter(count: number): string {
  if (count === 0) return `Pick at least ${MIN_PICKS}`;
  const picked = `${count} picked`;
  const missing = MIN_PICKS - count;
  return missing > 0 ? `${picked} · ${missing} more to go` : picked;
}

/** sessionStorage key: "Not now" hides the panel for this profile until the browser's session ends */
export const notNowKey = (profileId: number | null): string => `seed.tastePicker.notNow.${profileId ?? 'anyone'}`;
