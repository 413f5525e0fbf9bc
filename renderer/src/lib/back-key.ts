// The keys that mean "back": Escape and Backspace on keyboards, the Back button of TV remotes.

const BACK_KEYS = new Set(['Escape', 'Backspace', 'BrowserBack', 'GoBack', 'XF86Back']);
/** A remote's own Back button (Android TV, webOS, Tizen): it means back even in a text field, where Escape and Backspace belong to the field. */
const REMOTE_BACK_KEYS = new Set(['BrowserBack', 'GoBack', 'XF86Back']);

interface KeyLike {
  key: string;
  defaultPrevented: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

/** A key press that should take the viewer back a page; a keyboard's never while typing in a field. */
export function isBackKey(event: KeyLike): boolean {
  if (!BACK_KEYS.has(event.key) || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  if (REMOTE_BACK_KEYS.has(event.key)) return true;
  const target = event.target as { tagName?: unknown; isContentEditable?: unknown } | null;
  const tag = typeof target?.tagName === 'string' ? target.tagName.toUpperCase() : '';
  return tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT' && target?.isContentEditable !== true;
}
