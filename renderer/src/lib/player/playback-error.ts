// The words of the player's error screen: what failed, from the MediaError code video.js reports. Pure.

export interface PlaybackErrorWords {
  title: string;
  message: string;
}

const BY_CODE: Readonly<Record<number, PlaybackErrorWords>> = {
  1: { title: 'Playback was stopped', message: 'Loading the video was cancelled before it could play.' },
  2: { title: 'The video stopped loading', message: 'The connection to the Seed server broke while the video was loading. Check that the server is running and reachable.' },
  3: { title: 'The video could not be decoded', message: 'This browser could not decode a part of the video. Retry; if it happens again at the same place, the file may be damaged.' },
  4: { title: 'This browser cannot play this video', message: 'Its format is not one this browser plays, and no other version of it could be loaded.' },
  5: { title: 'This video is encrypted', message: 'Seed cannot play encrypted (DRM) videos.' },
};

const REFUSED: PlaybackErrorWords = {
  title: 'The video stopped loading',
  message: 'The Seed server did not send a part of the video. Retry; if it happens again, the server’s log says why.',
};

/**
 * What the error screen says for a player error; `detail` is video.js's own message (VHS explains
 * playlist and segment failures there), shown as the technical part, without URL queries.
 */
export function playbackErrorWords(error: { code: number; message?: string | null } | null): PlaybackErrorWords & { detail: string | null } {
  // VHS reports a playlist or segment the server refused with 5xx as code 4 ("not supported"): it is the server's answer, not the format
  const refused = /request error/i.test(error?.message ?? '');
  const words = refused ? REFUSED : ((error && BY_CODE[error.code]) ?? { title: 'Playback stopped', message: 'The player stopped with an error it did not explain.' });
  // a URL's query carries the stream token: not something to show, nor what the viewer needs
  const detail = error?.message?.replace(/\?\S+/g, '').trim() || null;
  return { ...words, detail };
}
