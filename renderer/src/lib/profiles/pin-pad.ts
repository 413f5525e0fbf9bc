// The PIN pad as plain data: which key does what, the digits typed so far, and what the server's
// answer to a sign-in means for the pad. Pure, so the tests need no browser.
import { isRemoteBack } from '../back-key.ts';

export const PIN_LENGTH = 4;

/** The on-screen keypad, row by row (3 × 4, as on a phone). */
export const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'back', '0', 'delete'] as const;
export type KeypadKey = (typeof KEYPAD)[number];

export type PadAction = { kind: 'digit'; digit: string } | { kind: 'delete' } | { kind: 'back' };

interface KeyLike {
  key: string;
  /** old TV browsers (webOS, Tizen) send number keys as key "Unidentified" with a keyCode */
  keyCode?: number;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}


/** What a key press does on the PIN pad: digits from the keyboard, the number pad and remotes; null for other keys. */
export function padActionOfKey(event: KeyLike): PadAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  if (/^[0-9]$/.test(event.key)) return { kind: 'digit', digit: event.key };
  if (event.key === 'Backspace' || event.key === 'Delete') return { kind: 'delete' };
  // back to the picker: Escape and a remote's Back (Backspace deletes a digit here)
  if (event.key === 'Escape' || isRemoteBack(event)) return { kind: 'back' };
  const code = event.keyCode ?? 0;
  if (event.key === 'Unidentified' || event.key === '') {
    if (code >= 48 && code <= 57) return { kind: 'digit', digit: String(code - 48) };
    if (code >= 96 && code <= 105) return { kind: 'digit', digit: String(code - 96) };
  }
  return null;
}

/** What a keypad button does. */
export function padActionOfButton(key: KeypadKey): PadAction {
  if (key === 'back') return { kind: 'back' };
  if (key === 'delete') return { kind: 'delete' };
  return { kind: 'digit', digit: key };
}

/** The digits after one more; a full PIN takes no more. */
export const withDigit = (pin: string, digit: string): string => (pin.length >= PIN_LENGTH || !/^[0-9]$/.test(digit) ? pin : pin + digit);

/** The digits after Delete. */
export const withoutLast = (pin: string): string => pin.slice(0, -1);

export const isComplete = (pin: string): boolean => pin.length === PIN_LENGTH;

/** What a refused sign-in means for the pad. */
export type SignInProblem =
  | { kind: 'wrong' }
  | { kind: 'locked'; seconds: number }
  | { kind: 'other'; message: string };

/** Reads an ApiError-shaped error (status, code, message, retryAfterSeconds). */
export function signInProblemOf(err: unknown): SignInProblem {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; code?: unknown; message?: unknown; retryAfterSeconds?: unknown };
  if (e.code === 'pin_wrong' || e.code === 'pin_required') return { kind: 'wrong' };
  if (e.code === 'pin_locked' || e.status === 429) {
    const seconds = typeof e.retryAfterSeconds === 'number' && Number.isFinite(e.retryAfterSeconds) ? Math.max(1, Math.ceil(e.retryAfterSeconds)) : 30;
    return { kind: 'locked', seconds };
  }
  return { kind: 'other', message: typeof e.message === 'string' && e.message !== '' ? e.message : 'Could not sign in.' };
}

/** "Too many tries — try again in 27 s"; once the wait is over, an invitation. */
export const lockWords = (secondsLeft: number): string =>
  secondsLeft > 0 ? `Too many tries — try again in ${Math.ceil(secondsLeft)} s` : 'You can try again now';

/** The keypad button's accessible name. */
export function keypadLabel(key: KeypadKey): string {
  if (key === 'back') return 'Back to profiles';
  if (key === 'delete') return 'Delete last digit';
  return key;
}
