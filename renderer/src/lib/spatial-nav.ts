// Arrow-key focus movement for TVs and keyboards: pick the nearest focusable box in a direction.
// The geometry is pure (boxes in, index out); `moveFocus` applies it to the document.

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const KEYS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export function directionOfKey(key: string): Direction | null {
  return KEYS[key] ?? null;
}

/** Gap between the ranges [a0, a1] and [b0, b1]; 0 when they overlap. */
const gap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, b0 - a1, a0 - b1);

/**
 * Index of the box nearest to `from` in `direction`, or -1.
 * A candidate counts when its centre lies beyond `from`'s edge in that direction (so a focused card
 * that grows a little never hides its neighbour). Left and right never leave the row. Up and down take
 * the box nearest in that direction, a sideways gap counting double: a box in line wins over one as
 * near off to the side (the short last row of a grid, a header link above the cards), but not over a
 * row of cards just below when it lies far further down (a wide "File details" under an extras row).
 */
export function nearestInDirection(from: Box, candidates: readonly Box[], direction: Direction): number {
  const horizontal = direction === 'left' || direction === 'right';
  let best = -1;
  let bestScore = Infinity;
  candidates.forEach((box, index) => {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const ahead =
      direction === 'right' ? cx >= from.x + from.width
      : direction === 'left' ? cx <= from.x
      : direction === 'down' ? cy >= from.y + from.height
      : cy <= from.y;
    if (!ahead) return;
    const along = horizontal
      ? gap(from.x, from.x + from.width, box.x, box.x + box.width)
      : gap(from.y, from.y + from.height, box.y, box.y + box.height);
    const across = horizontal
      ? gap(from.y, from.y + from.height, box.y, box.y + box.height)
      : gap(from.x, from.x + from.width, box.x, box.x + box.width);
    if (across > 0 && horizontal) return;
    const offset = horizontal ? Math.abs(cy - (from.y + from.height / 2)) : Math.abs(cx - (from.x + from.width / 2));
    // the centres' offset only breaks ties between boxes at the same distance
    const score = along + 2 * across + offset / 1000;
    if (score < bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  // a <details> toggle ("File details") is a control too
  'details > summary:first-of-type',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Inputs holding text (a caret to move, text to select). */
const TEXT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', 'password', 'number']);

/** Marks a bar pinned to the top of the screen (the app header). */
const TOP_BAR = '[data-nav-top]';

/** Where the arrow keys belong to the element itself: caret movement, the video player's own keys. */
function ownsArrowKey(el: Element, direction: Direction): boolean {
  if (el.closest('.video-js')) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  // in a text field, left and right move the caret until it reaches that end of the text, then the
  // focus (as the CSS spatial navigation draft has it), so the fields of a row are reached one by one
  if (el instanceof HTMLInputElement) return (direction === 'left' || direction === 'right') && caretCanMove(el, direction);
  return el instanceof HTMLElement && el.isContentEditable;
}

/** Whether the caret can still move that way; fields without a caret API (number) never hold it. */
function caretCanMove(input: HTMLInputElement, direction: 'left' | 'right'): boolean {
  let start: number | null;
  let end: number | null;
  try {
    [start, end] = [input.selectionStart, input.selectionEnd];
  } catch {
    return false; // older engines throw for types without a selection
  }
  if (start === null || end === null) return false;
  if (start !== end) return true; // a selection collapses first
  return direction === 'left' ? start > 0 : end < input.value.length;
}

const centerX = (el: Element): number => {
  const box = el.getBoundingClientRect();
  return box.left + box.width / 2;
};

function isVisible(el: Element): boolean {
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && !el.closest('[inert], [hidden], .video-js');
}

/**
 * Handles an arrow key for the whole page. Returns true when it moved focus (the caller then
 * prevents the default scroll). With nothing focused, the first card (else the first control) takes focus.
 */
export function moveFocus(event: KeyboardEvent, doc: Document = document): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  const direction = directionOfKey(event.key);
  if (!direction) return false;
  const active = doc.activeElement;
  const focusables = [...doc.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(isVisible);
  if (!active || active === doc.body) {
    // the home page's first row (Continue watching, the taste picker, a suggestions shelf) when it has one, else the grid's first card
    const first = doc.querySelector<HTMLElement>('[data-testid="watch-card"], [data-testid="taste-choice"], [data-testid="shelf-card"], [data-testid="title-card"]') ?? focusables[0];
    if (!first) return false;
    focusElement(first);
    return true;
  }
  if (ownsArrowKey(active, direction)) return false;
  // a sticky header stays on screen over content scrolled past it, so it would be nearer than the
  // page's controls scrolled off above: up walks the page first and reaches the header only past its
  // top; from the header, down enters the page and up stays in the header
  const fromTop = active.closest(TOP_BAR) !== null;
  const others = focusables.filter((el) => el !== active);
  const inTop = others.filter((el) => el.closest(TOP_BAR) !== null);
  const inPage = others.filter((el) => el.closest(TOP_BAR) === null);
  const nearest = (list: HTMLElement[]) => list[nearestInDirection(active.getBoundingClientRect(), list.map((el) => el.getBoundingClientRect()), direction)];
  // past the page's top the header, whatever its box says: while a smooth scroll is under way the
  // control may sit under the pinned header, which then is not "above" it
  const nearestAcross = (list: HTMLElement[]) => {
    const x = active.getBoundingClientRect().left + active.getBoundingClientRect().width / 2;
    return [...list].sort((a, b) => Math.abs(centerX(a) - x) - Math.abs(centerX(b) - x))[0];
  };
  const next = fromTop ? nearest(direction === 'down' ? others : inTop) : (nearest(inPage) ?? (direction === 'up' ? (nearest(inTop) ?? nearestAcross(inTop)) : undefined));
  if (next) focusElement(next);
  // past the last control up or down, text may still follow (a plot, file details): scroll a step
  // towards it; sideways, swallow the key so the page does not scroll away from the focused element
  else if (direction === 'down' || direction === 'up') scrollStep(doc, direction);
  return true;
}

function scrollStep(doc: Document, direction: 'up' | 'down'): void {
  const view = doc.defaultView;
  if (!view) return;
  view.scrollBy({ top: (direction === 'down' ? 1 : -1) * Math.round(view.innerHeight * 0.4), behavior: 'smooth' });
}

function focusElement(el: HTMLElement): void {
  el.focus({ preventScroll: true });
  // a field reached with the arrows has its text selected, as with Tab: typing replaces it, and one
  // more press of an arrow collapses the selection at that end, the next leaves the field
  if (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type)) el.select();
  el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
}
