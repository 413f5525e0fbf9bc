import type { Response } from 'express';
import type { Viewer } from './viewer.js';

/** Profile 1, the household's first admin (made by migration 5): who a request acts for when sign-in is not needed. */
export const FIRST_ADMIN: Viewer = Object.freeze({ profileId: 1, role: 'admin', ceiling: null, libraryIds: null });

/** The viewer the sign-in middleware put on this request (the first admin when none did). */
export const viewerOf = (res: Response): Viewer => (res.locals.viewer as Viewer | undefined) ?? FIRST_ADMIN;

/** The languages the request's profile prefers (ISO 639-1); none when no profile signed in set them. */
export function languagesOf(res: Response): { audio: string | null; subtitles: string | null } {
  const profile = res.locals.profile as { audioLanguage: string | null; subtitleLanguage: string | null } | undefined;
  return { audio: profile?.audioLanguage ?? null, subtitles: profile?.subtitleLanguage ?? null };
}
