// Profiles in words for the admin's Profiles page: roles, a kid's limits, languages, libraries, keys.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { ProfileDto } from '../api.ts';
import { relativeTime } from '../relative-time.ts';

export type Role = ProfileDto['role'];
export type MovieRating = NonNullable<ProfileDto['movieCeiling']>;
export type TvRating = NonNullable<ProfileDto['tvCeiling']>;

/** Lowest to highest, as the server orders them. */
export const MOVIE_RATINGS = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const satisfies readonly MovieRating[];
export const TV_RATINGS = ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA'] as const satisfies readonly TvRating[];

export const ROLES = ['admin', 'adult', 'kid'] as const satisfies readonly Role[];

const ROLE_WORDS: Readonly<Record<Role, { label: string; hint: string }>> = {
  admin: { label: 'Admin', hint: 'Every title, and these settings' },
  adult: { label: 'Adult', hint: 'Every title, no settings' },
  kid: { label: 'Kid', hint: 'Only titles up to the ratings chosen' },
};

export const roleLabel = (role: Role): string => ROLE_WORDS[role].label;
export const roleHint = (role: Role): string => ROLE_WORDS[role].hint;

/** Who the rating is for, in a few words. */
const MOVIE_HINTS: Readonly<Record<MovieRating, string>> = {
  G: 'all ages',
  PG: 'some guidance',
  'PG-13': '13 and up',
  R: '17 and up',
  'NC-17': 'adults',
};
const TV_HINTS: Readonly<Record<TvRating, string>> = {
  'TV-Y': 'all children',
  'TV-Y7': '7 and up',
  'TV-G': 'all ages',
  'TV-PG': 'some guidance',
  'TV-14': '14 and up',
  'TV-MA': 'adults',
};
export const movieRatingHint = (rating: MovieRating): string => MOVIE_HINTS[rating];
export const tvRatingHint = (rating: TvRating): string => TV_HINTS[rating];

type Limits = Pick<ProfileDto, 'role' | 'movieCeiling' | 'tvCeiling' | 'allowUnrated'>;

/**
 * "Movies up to PG · TV up to TV-Y7 · unrated titles hidden" for a kid; "Every title" for the others.
 * A ceiling left unset is judged by the other one's equivalent, as the server does.
 */
export function ceilingWords(p: Limits): string {
  if (p.role !== 'kid') return 'Every title';
  const movies = p.movieCeiling ? `Movies up to ${p.movieCeiling}` : p.tvCeiling ? `Movies up to the equal of ${p.tvCeiling}` : 'Movies for all ages';
  const tv = p.tvCeiling ? `TV up to ${p.tvCeiling}` : p.movieCeiling ? `TV up to the equal of ${p.movieCeiling}` : 'TV for all ages';
  return `${movies} · ${tv} · ${p.allowUnrated ? 'unrated titles shown' : 'unrated titles hidden'}`;
}

/** Common languages by ISO 639-1 code, in English, by name. */
export const LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'ar', name: 'Arabic' },
  { code: 'zh', name: 'Chinese' },
  { code: 'cs', name: 'Czech' },
  { code: 'da', name: 'Danish' },
  { code: 'nl', name: 'Dutch' },
  { code: 'en', name: 'English' },
  { code: 'fi', name: 'Finnish' },
  { code: 'fr', name: 'French' },
  { code: 'de', name: 'German' },
  { code: 'el', name: 'Greek' },
  { code: 'he', name: 'Hebrew' },
  { code: 'hi', name: 'Hindi' },
  { code: 'hu', name: 'Hungarian' },
  { code: 'it', name: 'Italian' },
  { code: 'ja', name: 'Japanese' },
  { code: 'ko', name: 'Korean' },
  { code: 'no', name: 'Norwegian' },
  { code: 'pl', name: 'Polish' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'ru', name: 'Russian' },
  { code: 'es', name: 'Spanish' },
  { code: 'sv', name: 'Swedish' },
  { code: 'tr', name: 'Turkish' },
  { code: 'uk', name: 'Ukrainian' },
];

export type LanguageUse = 'audio' | 'subtitles';

const DEFAULT_LANGUAGE: Readonly<Record<LanguageUse, string>> = {
  audio: 'Default (the title’s own)',
  subtitles: 'Default (off unless forced)',
};

/** "French"; the code itself for one not in the list; the default's words for null. */
export function languageName(code: string | null, use: LanguageUse): string {
  if (code === null || code === '') return DEFAULT_LANGUAGE[use];
  return LANGUAGES.find((l) => l.code === code)?.name ?? code;
}

/** The choices of a language menu: Default first, then the list; a code set elsewhere (the CLI) is kept as a choice. */
export function languageChoices(use: LanguageUse, current: string): { value: string; label: string }[] {
  const choices = [{ value: '', label: DEFAULT_LANGUAGE[use] }, ...LANGUAGES.map((l) => ({ value: l.code, label: l.name }))];
  if (current !== '' && !LANGUAGES.some((l) => l.code === current)) choices.push({ value: current, label: current });
  return choices;
}

/** "English audio · French subtitles"; null when both are the default. */
export function languageWords(p: Pick<ProfileDto, 'audioLanguage' | 'subtitleLanguage'>): string | null {
  const parts = [
    ...(p.audioLanguage ? [`${languageName(p.audioLanguage, 'audio')} audio`] : []),
    ...(p.subtitleLanguage ? [`${languageName(p.subtitleLanguage, 'subtitles')} subtitles`] : []),
  ];
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** "All libraries", "Movies", "Movies, Shows", "2 libraries" (names unknown), "No library". */
export function librariesWords(libraryIds: readonly number[] | null, libraries: readonly { id: number; name: string }[]): string {
  if (libraryIds === null) return 'All libraries';
  if (libraryIds.length === 0) return 'No library';
  const names = libraryIds.map((id) => libraries.find((l) => l.id === id)?.name);
  if (names.every((name) => name !== undefined)) return names.join(', ');
  return libraryIds.length === 1 ? '1 library' : `${libraryIds.length} libraries`;
}

/** "PIN" / "No PIN" */
export const pinWords = (hasPin: boolean): string => (hasPin ? 'PIN' : 'No PIN');

/** "used 3 minutes ago", "never used" */
export const lastUsedWords = (lastUsedAt: string | null, nowMs: number): string =>
  lastUsedAt === null ? 'never used' : `used ${relativeTime(lastUsedAt, nowMs)}`;

/** "seen 3 minutes ago", "seen just now" */
export const lastSeenWords = (lastSeenAt: string, nowMs: number): string => `seen ${relativeTime(lastSeenAt, nowMs)}`;

/** "seedk_Ab12Cd…": enough of a key to recognise it. */
export const keyPrefixWords = (prefix: string): string => `${prefix}…`;

/** How a script sends the key. */
export const bearerHint = (key: string): string => `Authorization: Bearer ${key}`;
