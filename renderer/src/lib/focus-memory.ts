// Which element had focus on each page, so "back" lands where the viewer left it (a TV remote keeps
// its place). Elements that may be returned to carry `data-focus-key`, unique within their page.

const ATTRIBUTE = 'data-focus-key';
const remembered = new Map<string, string>();

/** Notes the focused element of the page being left (`page` is its href). */
export function rememberFocus(page: string, doc: Document = document): void {
  const key = doc.activeElement?.closest(`[${ATTRIBUTE}]`)?.getAttribute(ATTRIBUTE);
  if (key) remembered.set(page, key);
}

/** Notes `key` as the element to return to on `page`, e.g. the card a click opened. */
export function rememberKey(page: string, key: string): void {
  remembered.set(page, key);
}

/**
 * Focuses the element remembered for `page` when it is rendered under `root`, unless the viewer
 * already focused something else. Answers false while the element is not there yet.
 */
export function restoreFocus(page: string, root: ParentNode, doc: Document = document): boolean {
  const key = remembered.get(page);
  if (key === undefined) return true;
  const el = [...root.querySelectorAll<HTMLElement>(`[${ATTRIBUTE}]`)].find((e) => e.getAttribute(ATTRIBUTE) === key);
  if (!el) return false;
  if (doc.activeElement === null || doc.activeElement === doc.body) {
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
  }
  return true;
}

/** Whether a focus is remembered for `page` (the page then skips its own default focus). */
export const hasRememberedFocus = (page: string): boolean => remembered.has(page);
