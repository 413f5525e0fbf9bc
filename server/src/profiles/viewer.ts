// Who is asking: the profile a request acts for, with what it may see. Every list, search, shelf
// and stream asks `canSee` (a kid never sees or streams a title above its ceiling, even by a typed URL).
import { allowsRating, type Ceiling } from './ratings.js';

export const PROFILE_ROLES = ['admin', 'adult', 'kid'] as const;
export type ProfileRole = (typeof PROFILE_ROLES)[number];

export interface Viewer {
  profileId: number;
  role: ProfileRole;
  /** null: no ceiling (admin and adult profiles) */
  ceiling: Ceiling | null;
  /** null: every library */
  libraryIds: readonly number[] | null;
}

/** A title as far as visibility goes: its certification (an episode's, else its series') and library. */
export interface Visible {
  certification: string | null;
  libraryId: number;
}

export function canSee(viewer: Viewer, title: Visible): boolean {
  if (viewer.libraryIds !== null && !viewer.libraryIds.includes(title.libraryId)) return false;
  return allowsRating(viewer.ceiling, title.certification);
}
