// Focus inside the player for keyboards and TV remotes: which zone a key comes from, and moving
// focus along the control bar, into it and out of it. video.js's DOM in, focus changes out.
import type videojs from 'video.js';
import type { KeyZone } from './player-keys.ts';

type Player = ReturnType<typeof videojs>;

/** Where a key press comes from (see KeyZone): the app's overlays carry data-player-overlay. */
export function zoneOf(p: Player, target: EventTarget | null): KeyZone {
  if (!(target instanceof Element)) return 'other';
  if (target === p.el() || target.classList.contains('vjs-tech')) return 'video';
  if (target.closest('[data-player-overlay]')) return 'overlay';
  if (target.closest('.vjs-menu')) return 'menu';
  if (target.classList.contains('vjs-slider')) return 'slider';
  if (target.closest('.vjs-control-bar')) return 'control';
  return 'other';
}

/** Closes the open menu holding `target` and gives its button focus back. */
export function closeMenu(p: Player, target: EventTarget | null) {
  const bar = p.getChild('ControlBar');
  for (const child of bar?.children() ?? []) {
    const menu = child as unknown as { el(): Element; unpressButton?: () => void; focus(): void };
    if (target instanceof Node && menu.el().contains(target) && menu.unpressButton) {
      menu.unpressButton();
      menu.focus();
      return;
    }
  }
}

/** The buttons of the control bar a remote walks with left and right (sliders have arrows of their own). */
function controlButtons(p: Player): HTMLElement[] {
  const bar = (p.el() as HTMLElement).querySelector('.vjs-control-bar');
  if (!bar) return [];
  return [...bar.querySelectorAll<HTMLElement>('button')].filter((button) => !button.closest('.vjs-menu, .vjs-hidden') && button.offsetParent !== null);
}

/** Focus to the picture, into the control bar (its first button), or to the previous / next button of the bar or of an overlay. */
export function moveFocus(p: Player, to: 'controls' | 'video' | 'previous' | 'next', target: EventTarget | null) {
  if (to === 'video') return p.focus();
  if (to === 'controls') return controlButtons(p)[0]?.focus();
  const group = target instanceof Element ? target.closest<HTMLElement>('[data-focus-group]') : null;
  const buttons = group ? [...group.querySelectorAll<HTMLElement>('button:not([disabled])')] : controlButtons(p);
  const at = buttons.findIndex((button) => button === target || (target instanceof Node && button.contains(target)));
  buttons[at + (to === 'next' ? 1 : -1)]?.focus();
}
