import { expect, test } from 'vitest';
import { closesEditor, isBackKey, isRemoteBack } from '../../../renderer/src/lib/back-key.js';

const press = (key: string, patch: Partial<Parameters<typeof isBackKey>[0]> = {}) => ({
  key,
  defaultPrevented: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  target: { tagName: 'A' } as unknown as EventTarget,
  ...patch,
});

test.each(['Escape', 'Backspace', 'BrowserBack', 'GoBack', 'XF86Back'])('%s means back', (key) => {
  expect(isBackKey(press(key))).toBe(true);
});

test.each(['Enter', 'ArrowLeft', 'a'])('%s does not', (key) => {
  expect(isBackKey(press(key))).toBe(false);
});

test.each(['INPUT', 'TEXTAREA', 'SELECT', 'input'])('Backspace in a %s field edits the text instead', (tagName) => {
  expect(isBackKey(press('Backspace', { target: { tagName } as unknown as EventTarget }))).toBe(false);
});

test.each(['BrowserBack', 'GoBack', 'XF86Back'])("a remote's %s means back even in a text field (Escape and Backspace stay with the field)", (key) => {
  expect(isBackKey(press(key, { target: { tagName: 'INPUT' } as unknown as EventTarget }))).toBe(true);
  expect(isBackKey(press('Escape', { target: { tagName: 'INPUT' } as unknown as EventTarget }))).toBe(false);
});

test('an editable element, a handled key or a shortcut is not "back"', () => {
  expect(isBackKey(press('Backspace', { target: { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget }))).toBe(false);
  expect(isBackKey(press('Escape', { defaultPrevented: true }))).toBe(false);
  expect(isBackKey(press('Backspace', { altKey: true }))).toBe(false);
  expect(isBackKey(press('Escape', { target: null }))).toBe(true);
});

test('an editor closes on Escape even in its text fields, on every back key, and not on Backspace while typing', () => {
  const field = { tagName: 'INPUT' } as unknown as EventTarget;
  expect(closesEditor(press('Escape', { target: field }))).toBe(true);
  expect(closesEditor(press('BrowserBack', { target: field }))).toBe(true);
  expect(closesEditor(press('Backspace', { target: field }))).toBe(false);
  expect(closesEditor(press('Backspace'))).toBe(true);
  expect(closesEditor(press('Escape', { defaultPrevented: true }))).toBe(false);
  expect(closesEditor(press('Escape', { ctrlKey: true, target: field }))).toBe(false);
  expect(closesEditor(press('Enter', { target: field }))).toBe(false);
});

test("webOS's and Tizen's Back by their key codes (their browsers may name the key Unidentified), also in a text field", () => {
  expect(isRemoteBack({ key: 'Unidentified', keyCode: 461 })).toBe(true);
  expect(isRemoteBack({ key: 'Unidentified', keyCode: 10009 })).toBe(true);
  expect(isRemoteBack({ key: 'Unidentified', keyCode: 13 })).toBe(false);
  expect(isBackKey(press('Unidentified', { keyCode: 461, target: { tagName: 'INPUT' } as unknown as EventTarget }))).toBe(true);
});
