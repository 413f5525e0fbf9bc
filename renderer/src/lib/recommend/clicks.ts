// A click on a home shelf's card, reported for the ranking experiments. Fire and forget: the title's
// page opens at once whatever the server says, and a lost click only costs the results one count.
import { sendShelfClick } from '../api.ts';

/**
 * Reports that the profile chose `itemId` on `shelf` at `position` (0: the first card), shown in the
 * showing `impressionId` (the home screen's answer names it; null when it did not). Never throws, never waits.
 */
export function reportShelfClick(itemId: number, impressionId: number | null, shelf: string, position: number): void {
  const body = { itemId, shelf, position, ...(impressionId === null ? {} : { impressionId }) };
  // a click is worth less than the navigation it starts: failures are dropped
  sendShelfClick(body).catch(() => undefined);
}
