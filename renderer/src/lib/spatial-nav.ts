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

/** Marks a bar pinned to the top of the screen (the app header). */
const TOP_BAR = '[data-nav-top]';

/** Where the arrow keys belong to the element itself: caret movement, the video player's own keys. */
function ownsArrowKey(el: Element, direction: Direction): boolean {
  if (el.closest('.video-js')) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return direction === 'left' || direction === 'right';
  return el instanceof HTMLElement && el.isContentEditable;
}

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
  // a sticky header stays on screen over content scrolled past it: it is reached going up, never down
  const fromTop = active.closest(TOP_BAR) !== null;
  const others = focusables.filter((el) => el !== active && (direction === 'up' || fromTop || el.closest(TOP_BAR) === null));
  const next = others[nearestInDirection(active.getBoundingClientRect(), others.map((el) => el.getBoundingClientRect()), direction)];
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
  el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
}
