// What a key does in the player, for keyboards and TV remotes (arrows, OK = Enter, Back). Pure: the
// key and where focus is go in, an action comes out; VideoPlayer.svelte carries it out.
import { isBackKey } from '../back-key.ts';

/** Skips of the ±10 s buttons, the arrow keys and the remote's rewind / fast-forward keys. */
export const SKIP_SECONDS = 10;
/** A volume step of the up and down keys: ten steps from silent to full. */
export const VOLUME_STEP = 0.1;

/**
 * Where focus is: the video itself (the player's box or the <video>), a button of the control bar,
 * a slider (progress, volume), an open menu (quality, audio, subtitles), one of the app's own
 * overlays (the next-episode card, the error screen), or anything else video.js shows (the big play
 * button, a dialog).
 */
export type KeyZone = 'video' | 'control' | 'slider' | 'menu' | 'overlay' | 'other';

export type PlayerKeyAction =
  | { kind: 'seek'; seconds: number }
  | { kind: 'volume'; delta: number }
  | { kind: 'toggle-play' }
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'fullscreen' }
  | { kind: 'mute' }
  /** leave the player (the page goes back) */
  | { kind: 'back' }
  /** Back on one of the app's overlays: the next-episode card cancels, the error screen leaves */
  | { kind: 'dismiss' }
  | { kind: 'close-menu' }
  /** controls: into the control bar (its play button); video: back to the picture; previous/next: along the bar or the overlay */
  | { kind: 'focus'; to: 'controls' | 'video' | 'previous' | 'next' };

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
}

const MEDIA_KEYS: Readonly<Record<string, PlayerKeyAction>> = {
  MediaPlayPause: { kind: 'toggle-play' },
  MediaPlay: { kind: 'play' },
  MediaPause: { kind: 'pause' },
  MediaFastForward: { kind: 'seek', seconds: SKIP_SECONDS },
  MediaRewind: { kind: 'seek', seconds: -SKIP_SECONDS },
};

/**
 * The action for a key, or null to leave it to video.js and the browser (a focused button's Enter,
 * a slider's or a menu's arrows). Keys with Ctrl, Alt or Meta are the browser's. On the video the
 * arrows seek and set the volume, except Down while paused, which enters the control bar (a remote
 * has no Tab key, and a paused video needs no volume); in the control bar left and right walk its
 * buttons and up goes back to the picture.
 */
export function playerKeyAction(event: KeyLike, zone: KeyZone, state: { paused: boolean }): PlayerKeyAction | null {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return null;
  const media = MEDIA_KEYS[event.key];
  if (media) return media;
  if (isBackKey(event)) {
    switch (zone) {
      case 'menu':
        return { kind: 'close-menu' };
      case 'overlay':
        return { kind: 'dismiss' };
      // video.js's own dialogs close themselves
      case 'other':
        return null;
      default:
        return { kind: 'back' };
    }
  }
  if (zone === 'menu' || zone === 'other') return null;
  if (zone === 'overlay') return sideways(event.key);
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === 'f') return { kind: 'fullscreen' };
  if (key === 'm') return { kind: 'mute' };
  switch (zone) {
    case 'video':
      return onVideo(key, state.paused);
    case 'control':
      if (key === 'ArrowUp') return { kind: 'focus', to: 'video' };
      return sideways(key);
    case 'slider':
      return key === ' ' || key === 'Enter' || key === 'k' ? { kind: 'toggle-play' } : null;
  }
}

function onVideo(key: string, paused: boolean): PlayerKeyAction | null {
  switch (key) {
    case 'ArrowLeft':
      return { kind: 'seek', seconds: -SKIP_SECONDS };
    case 'ArrowRight':
      return { kind: 'seek', seconds: SKIP_SECONDS };
    case 'ArrowUp':
      return { kind: 'volume', delta: VOLUME_STEP };
    case 'ArrowDown':
      return paused ? { kind: 'focus', to: 'controls' } : { kind: 'volume', delta: -VOLUME_STEP };
    case ' ':
    case 'Enter':
    case 'k':
      return { kind: 'toggle-play' };
    default:
      return null;
  }
}

function sideways(key: string): PlayerKeyAction | null {
  if (key === 'ArrowLeft') return { kind: 'focus', to: 'previous' };
  if (key === 'ArrowRight') return { kind: 'focus', to: 'next' };
  return null;
}

/** Where a seek lands: within the title, and a little short of its end so the last frame still shows. */
export function seekTarget(fromSeconds: number, deltaSeconds: number, durationSeconds: number): number {
  const target = Math.max(0, fromSeconds + deltaSeconds);
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return target;
  return Math.min(target, Math.max(0, durationSeconds - 0.25));
}

/** Volume after a step, within 0..1 and on whole steps (0.30000000000000004 is not a volume). */
export function stepVolume(volume: number, delta: number): number {
  return Math.round(Math.min(1, Math.max(0, volume + delta)) * 100) / 100;
}
