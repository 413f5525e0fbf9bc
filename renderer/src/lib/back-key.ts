// The keys that mean "back": Escape and Backspace on keyboards, the Back button of TV remotes.
import { on } from 'svelte/events';

const BACK_KEYS = new Set(['Escape', 'Backspace', 'BrowserBack', 'GoBack', 'XF86Back']);
/** A remote's own Back button (Android TV, webOS, Tizen): it means back even in a text field, where Escape and Backspace belong to the field. */
const REMOTE_BACK_KEYS = new Set(['BrowserBack', 'GoBack', 'XF86Back']);
/** webOS Back, Tizen Return: their browsers may name the key "Unidentified" */
const REMOTE_BACK_KEY_CODES = new Set([461, 10009]);

/** A remote's own Back button, by its name or its code. */
export function isRemoteBack(event: { key: string; keyCode?: number }): boolean {
  return REMOTE_BACK_KEYS.has(event.key) || REMOTE_BACK_KEY_CODES.has(event.keyCode ?? 0);
}

interface KeyLike {
  key: string;
  keyCode?: number;
  defaultPrevented: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

/** A key press that should take the viewer back a page; a keyboard's never while typing in a field. */
export function isBackKey(event: KeyLike): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  if (isRemoteBack(event)) return true;
  if (!BACK_KEYS.has(event.key)) return false;
  const target = event.target as { tagName?: unknown; isContentEditable?: unknown } | null;
  const tag = typeof target?.tagName === 'string' ? target.tagName.toUpperCase() : '';
  return tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT' && target?.isContentEditable !== true;
}

/**
 * A key press inside an editor (a form opened on a page) that should close the editor, not leave the
 * page with it: every "back" above, and Escape even in its text fields (the field has no use for it).
 */
export function closesEditor(event: KeyLike): boolean {
  if (event.key === 'Escape' && !event.defaultPrevented && !event.altKey && !event.ctrlKey && !event.metaKey) return true;
  return isBackKey(event);
}

/** A Svelte action for an editor's form or a panel opened on a page: Escape or a back key inside it calls `close` (as Cancel or Close does) instead of leaving the page. */
export function closeOnBack(node: HTMLElement, close: () => void) {
  let current = close;
  const onkeydown = (event: KeyboardEvent) => {
    if (!closesEditor(event)) return;
    event.preventDefault();
    current();
  };
  // svelte's on(), not addEventListener: it runs after the handlers of controls inside the form (their
  // onkeydown is delegated), so a menu that closes on Escape keeps the editor open
  const off = on(node, 'keydown', onkeydown);
  return {
    update(next: () => void) {
      current = next;
    },
    destroy: off,
  };
}
