// The home shelves as the page shows them: which to show, how a card is keyed and reported. Pure.
import type { ShelfDto, ShelfTitleDto } from '../api.ts';

/** The shelves worth a row: those with at least one title, in the server's order. */
export const visibleShelves = (shelves: readonly ShelfDto[]): ShelfDto[] => shelves.filter((shelf) => shelf.titles.length > 0);

/**
 * The id a click on this card is reported under: a movie's item id, a series' id negated (exposures
 * of a series are keyed so, as movie and series ids come from different tables and may be equal).
 */
export const clickItemId = (card: Pick<ShelfTitleDto, 'type' | 'id'>): number => (card.type === 'series' ? -card.id : card.id);

/**
 * The card's focus key, unique on the home page: a title may sit on several shelves, and the grid
 * below keys its own card by type and id alone.
 */
export const shelfCardKey = (shelfId: string, card: Pick<ShelfTitleDto, 'type' | 'id'>): string => `shelf:${shelfId}:${card.type}-${card.id}`;
