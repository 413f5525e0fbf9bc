import { describe, expect, test } from 'vitest';
import {
  isComplete,
  KEYPAD,
  keypadLabel,
  lockWords,
  padActionOfButton,
  padActionOfKey,
  signInProblemOf,
  withDigit,
  withoutLast,
} from '../../../../renderer/src/lib/profiles/pin-pad.js';

describe('padActionOfKey', () => {
  test.each([
    [{ key: '7' }, { kind: 'digit', digit: '7' }],
    [{ key: '0' }, { kind: 'digit', digit: '0' }],
    [{ key: 'Backspace' }, { kind: 'delete' }],
    [{ key: 'Delete' }, { kind: 'delete' }],
    [{ key: 'Escape' }, { kind: 'back' }],
    [{ key: 'BrowserBack' }, { kind: 'back' }],
    [{ key: 'GoBack' }, { kind: 'back' }],
    // webOS Back and Tizen Return come as key codes
    [{ key: 'Unidentified', keyCode: 461 }, { kind: 'back' }],
    [{ key: 'XF86Back', keyCode: 10009 }, { kind: 'back' }],
    // old TV browsers: number keys by code only, the top row and the number pad
    [{ key: 'Unidentified', keyCode: 52 }, { kind: 'digit', digit: '4' }],
    [{ key: 'Unidentified', keyCode: 105 }, { kind: 'digit', digit: '9' }],
  ] as const)('%o → %o', (event, action) => {
    expect(padActionOfKey(event)).toEqual(action);
  });

  test.each([
    { key: 'a' },
    { key: 'Enter' },
    { key: 'ArrowUp' },
    { key: '12' },
    { key: '5', ctrlKey: true },
    { key: '5', altKey: true },
    { key: 'Unidentified', keyCode: 65 },
  ])('%o does nothing on the pad', (event) => {
    expect(padActionOfKey(event)).toBeNull();
  });
});

describe('the keypad', () => {
  test('3 × 4: digits 1-9, then Back, 0, Delete', () => {
    expect(KEYPAD).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'back', '0', 'delete']);
    expect(KEYPAD.map(padActionOfButton).filter((a) => a.kind === 'digit')).toHaveLength(10);
    expect(padActionOfButton('back')).toEqual({ kind: 'back' });
    expect(padActionOfButton('delete')).toEqual({ kind: 'delete' });
    expect(padActionOfButton('0')).toEqual({ kind: 'digit', digit: '0' });
  });

  test('its buttons have names for screen readers', () => {
    expect(keypadLabel('back')).toBe('Back to profiles');
    expect(keypadLabel('delete')).toBe('Delete last digit');
    expect(keypadLabel('3')).toBe('3');
  });
});

describe('typing a PIN', () => {
  test('digits add up to four, no more; Delete takes the last off', () => {
    let pin = '';
    for (const digit of '12345') pin = withDigit(pin, digit);
    expect(pin).toBe('1234');
    expect(isComplete(pin)).toBe(true);
    pin = withoutLast(pin);
    expect(pin).toBe('123');
    expect(isComplete(pin)).toBe(false);
    expect(withoutLast('')).toBe('');
  });

  test('only digits are taken', () => {
    expect(withDigit('12', 'x')).toBe('12');
    expect(withDigit('12', '34')).toBe('12');
  });
});

describe('signInProblemOf', () => {
  test('a wrong or missing PIN', () => {
    expect(signInProblemOf({ status: 401, code: 'pin_wrong', message: 'wrong PIN' })).toEqual({ kind: 'wrong' });
    expect(signInProblemOf({ status: 401, code: 'pin_required', message: 'Mia has a PIN' })).toEqual({ kind: 'wrong' });
  });

  test('locked: the wait in whole seconds, at least one; 30 s when the server did not say', () => {
    expect(signInProblemOf({ status: 429, code: 'pin_locked', message: '…', retryAfterSeconds: 27 })).toEqual({ kind: 'locked', seconds: 27 });
    expect(signInProblemOf({ status: 429, code: 'pin_locked', message: '…', retryAfterSeconds: 0.2 })).toEqual({ kind: 'locked', seconds: 1 });
    expect(signInProblemOf({ status: 429, code: 'http_429', message: '…', retryAfterSeconds: null })).toEqual({ kind: 'locked', seconds: 30 });
  });

  test('anything else keeps the server’s words, or a fallback', () => {
    expect(signInProblemOf({ status: 404, code: 'not_found', message: 'profile 9 not found' })).toEqual({ kind: 'other', message: 'profile 9 not found' });
    expect(signInProblemOf(new TypeError(''))).toEqual({ kind: 'other', message: 'Could not sign in.' });
    expect(signInProblemOf(null)).toEqual({ kind: 'other', message: 'Could not sign in.' });
  });
});

test('lockWords counts down, then invites another try', () => {
  expect(lockWords(30)).toBe('Too many tries — try again in 30 s');
  expect(lockWords(1.2)).toBe('Too many tries — try again in 2 s');
  expect(lockWords(0)).toBe('You can try again now');
});
