import { describe, expect, test } from 'vitest';
import { playerKeyAction, seekTarget, stepVolume, type KeyLike, type KeyZone, type PlayerKeyAction } from '../../../../renderer/src/lib/player/player-keys.js';

const press = (key: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  defaultPrevented: false,
  target: null,
  ...extra,
});

const playing = { paused: false };
const paused = { paused: true };

describe('on the video', () => {
  test.each<[string, { paused: boolean }, PlayerKeyAction | null]>([
    ['ArrowLeft', playing, { kind: 'seek', seconds: -10 }],
    ['ArrowRight', playing, { kind: 'seek', seconds: 10 }],
    ['ArrowRight', paused, { kind: 'seek', seconds: 10 }],
    ['ArrowUp', playing, { kind: 'volume', delta: 0.1 }],
    ['ArrowDown', playing, { kind: 'volume', delta: -0.1 }],
    // a remote has no Tab: paused, Down goes into the control bar
    ['ArrowDown', paused, { kind: 'focus', to: 'controls' }],
    [' ', playing, { kind: 'toggle-play' }],
    ['Enter', paused, { kind: 'toggle-play' }],
    ['k', playing, { kind: 'toggle-play' }],
    ['f', playing, { kind: 'fullscreen' }],
    ['F', playing, { kind: 'fullscreen' }],
    ['m', playing, { kind: 'mute' }],
    ['Escape', playing, { kind: 'back' }],
    ['Backspace', playing, { kind: 'back' }],
    ['GoBack', playing, { kind: 'back' }],
    ['BrowserBack', paused, { kind: 'back' }],
    ['MediaPlayPause', playing, { kind: 'toggle-play' }],
    ['MediaPlay', paused, { kind: 'play' }],
    ['MediaPause', playing, { kind: 'pause' }],
    ['MediaFastForward', playing, { kind: 'seek', seconds: 10 }],
    ['MediaRewind', playing, { kind: 'seek', seconds: -10 }],
    ['x', playing, null],
    ['Tab', playing, null],
  ])('%j (%o) → %o', (key, state, expected) => {
    expect(playerKeyAction(press(key), 'video', state)).toEqual(expected);
  });
});

describe('elsewhere in the player', () => {
  test.each<[KeyZone, string, PlayerKeyAction | null]>([
    // the control bar: left and right walk it, up goes back to the picture, OK is the button's own
    ['control', 'ArrowLeft', { kind: 'focus', to: 'previous' }],
    ['control', 'ArrowRight', { kind: 'focus', to: 'next' }],
    ['control', 'ArrowUp', { kind: 'focus', to: 'video' }],
    ['control', 'ArrowDown', null],
    ['control', 'Enter', null],
    ['control', ' ', null],
    ['control', 'f', { kind: 'fullscreen' }],
    ['control', 'Escape', { kind: 'back' }],
    // sliders step with their own arrows
    ['slider', 'ArrowLeft', null],
    ['slider', 'ArrowUp', null],
    ['slider', ' ', { kind: 'toggle-play' }],
    ['slider', 'Backspace', { kind: 'back' }],
    // an open menu: its own arrows and OK; Back closes it and stays in the player
    ['menu', 'ArrowDown', null],
    ['menu', 'Enter', null],
    ['menu', 'Escape', { kind: 'close-menu' }],
    ['menu', 'Backspace', { kind: 'close-menu' }],
    ['menu', 'f', null],
    // the app's overlays: left and right between their buttons, Back dismisses
    ['overlay', 'ArrowLeft', { kind: 'focus', to: 'previous' }],
    ['overlay', 'ArrowRight', { kind: 'focus', to: 'next' }],
    ['overlay', 'ArrowUp', null],
    ['overlay', 'Enter', null],
    ['overlay', 'Escape', { kind: 'dismiss' }],
    ['overlay', 'f', null],
    // video.js's dialogs and the big play button keep their keys
    ['other', 'Escape', null],
    ['other', 'ArrowLeft', null],
    ['other', 'Enter', null],
    // media keys work wherever focus is
    ['menu', 'MediaPlayPause', { kind: 'toggle-play' }],
    ['overlay', 'MediaFastForward', { kind: 'seek', seconds: 10 }],
  ])('%s: %j → %o', (zone, key, expected) => {
    expect(playerKeyAction(press(key), zone, playing)).toEqual(expected);
  });
});

describe('keys left to the browser', () => {
  test.each([
    ['Ctrl+R', press('r', { ctrlKey: true })],
    ['Alt+ArrowLeft (history back)', press('ArrowLeft', { altKey: true })],
    ['Meta+f', press('f', { metaKey: true })],
    ['a key already handled', press('ArrowLeft', { defaultPrevented: true })],
  ])('%s', (_, event) => {
    expect(playerKeyAction(event, 'video', playing)).toBeNull();
  });
});

describe('seekTarget', () => {
  test.each([
    [5, 10, 60, 15],
    [5, -10, 60, 0],
    // a little short of the end, so the last frame shows and the title ends by itself
    [55, 10, 60, 59.75],
    [3, 10, 12, 11.75],
    // unknown duration (a stream still loading): only the start bounds it
    [5, 10, Number.NaN, 15],
    [5, 10, 0, 15],
  ])('from %f by %f in %f s → %f', (from, delta, duration, expected) => {
    expect(seekTarget(from, delta, duration)).toBe(expected);
  });
});

describe('stepVolume', () => {
  test.each([
    [0.5, 0.1, 0.6],
    [0.2, 0.1, 0.3],
    [0.95, 0.1, 1],
    [0.05, -0.1, 0],
    [0.7, -0.1, 0.6],
  ])('%f %+f → %f', (volume, delta, expected) => {
    expect(stepVolume(volume, delta)).toBe(expected);
  });
});
