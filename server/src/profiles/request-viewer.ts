import type { Response } from 'express';
import type { Viewer } from './viewer.js';

/** Profile 1, the household's first admin (made by migration 5): who a request acts for when sign-in is not needed. */
export const FIRST_ADMIN: Viewer = Object.freeze({ profileId: 1, role: 'admin', ceiling: null, libraryIds: null });

/** The viewer the sign-in middleware put on this request (the first admin when none did). */
export const viewerOf = (res: Response): Viewer => (res.locals.viewer as Viewer | undefined) ?? FIRST_ADMIN;
