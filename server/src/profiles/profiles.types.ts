// Household profiles and how devices sign in to them.
import type { MovieRating, TvRating } from './ratings.js';
import type { ProfileRole } from './viewer.js';

/** The UI's built-in avatars (renderer/src/lib/profiles/avatars.ts draws them). */
export const AVATARS = ['sprout', 'fox', 'owl', 'bear', 'cat', 'rocket', 'star', 'wave'] as const;
export type Avatar = (typeof AVATARS)[number];

export interface Profile {
  id: number;
  name: string;
  avatar: Avatar;
  role: ProfileRole;
  /** ISO 639-1; null: the title's default audio track */
  audioLanguage: string | null;
  /** ISO 639-1; null: no subtitles unless forced */
  subtitleLanguage: string | null;
  /** kids only (null for the others): the highest ratings shown */
  movieCeiling: MovieRating | null;
  tvCeiling: TvRating | null;
  allowUnrated: boolean;
  /** null: every library */
  libraryIds: number[] | null;
  hasPin: boolean;
  createdAt: number;
}

export type DeviceKind = 'browser' | 'app';

export interface DeviceSession {
  id: number;
  profileId: number;
  kind: DeviceKind;
  deviceName: string;
  address: string | null;
  createdAt: number;
  lastSeenAt: number;
}

export interface ApiKey {
  id: number;
  profileId: number;
  name: string;
  /** the first characters of the key, to recognise it in a list */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}
