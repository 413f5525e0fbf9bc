// A header menu button's behaviour (the profile menu, Manage): Enter or a click opens it on `first`
// of its items, Up and Down move (wrapping), Home and End jump, Left and Right stay (the page's arrow
// navigation must not carry the focus out of an open menu), Back/Escape closes it with the focus back
// on the button, Tab, a click elsewhere or the focus leaving close it.
import { tick } from 'svelte';
import { isBackKey } from '../back-key.ts';

export class HeaderMenu {
  open = $state(false);
  /** the element holding the button and the menu */
  root: HTMLElement | undefined = $state();
  trigger: HTMLButtonElement | undefined = $state();

  constructor(private readonly first: (items: HTMLElement[]) => HTMLElement | undefined = (items) => items[0]) {}

  items = (): HTMLElement[] => [...(this.root?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  toggle = async (): Promise<void> => {
    this.open = !this.open;
    if (!this.open) return;
    await tick();
    this.first(this.items())?.focus();
  };

  close = (refocus: boolean): void => {
    this.open = false;
    if (refocus) this.trigger?.focus();
  };

  onkeydown = (event: KeyboardEvent): void => {
    const list = this.items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      list[(at + step + list.length) % list.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      list[event.key === 'Home' ? 0 : list.length - 1]?.focus();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
    } else if (event.key === 'Tab') {
      this.close(false);
    } else if (isBackKey(event)) {
      event.preventDefault();
      this.close(true);
    }
  };

  onwindowpointerdown = (event: PointerEvent): void => {
    if (this.open && this.root && !this.root.contains(event.target as Node)) this.close(false);
  };

  onfocusout = (event: FocusEvent): void => {
    if (this.open && this.root && !this.root.contains(event.relatedTarget as Node | null) && event.relatedTarget !== null) this.close(false);
  };
}
