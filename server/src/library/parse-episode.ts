/** Season folders and episode numbers in names, after Kodi's, Plex's and Jellyfin's (EpisodePathParser) rules. */
import { SEPARATORS } from './parse-junk.js';
import { titleKey } from './parse-title.js';

// Jellyfin's season folder words plus their Dutch, Polish, Nordic, Finnish, Hungarian and Serbian cousins
const SEASON_WORDS = 'season|series|saison|staffel|temporada|stagione|seizoen|sezon|sezona|sæson|säsong|sasong|sesong|kausi|évad|evad|сезон|сезона';
const WORD_FIRST = new RegExp(`^(?:${SEASON_WORDS})[\\s._-]*(\\d{1,4})(?!\\d)`, 'iu');
const NUMBER_FIRST = new RegExp(`^(\\d{1,3})(?:st|nd|rd|th|ª|º|e|ère|re|\\.)?[\\s._-]*(?:${SEASON_WORDS})$`, 'iu');
const SHORT = /^s(\d{1,4})(?=$|[\s._\-[(])(?![\s._-]*e\d)/iu;
const SPECIALS = /^(?:specials?|special episodes)$/iu;
// a season pack named after its show: "Show.Name.S02.1080p.BluRay", "Show Name - Season 2"
const PACK = new RegExp(
  `^(.*?[\\p{L}\\p{N}].*?)[${SEPARATORS}]+(?:s(\\d{1,4})|(?:${SEASON_WORDS})[\\s._-]*(\\d{1,4}))(?=$|[${SEPARATORS}])(?![\\s._-]*e\\d)`,
  'iu',
);

export interface SeasonFolder {
  season: number;
  series: string | null; // the show's name when the folder carries it (a season pack)
}

/** `Season 1`, `Season 00`, `Specials`, `S02`, `Season.02`, `Series 2`, `Staffel 2`, `2. Staffel`, `Show.S02.1080p` → the season. */
export function seasonFolder(name: string): SeasonFolder | null {
  if (SPECIALS.test(name)) return { season: 0, series: null };
  const plain = WORD_FIRST.exec(name) ?? NUMBER_FIRST.exec(name) ?? SHORT.exec(name);
  if (plain) return { season: Number(plain[1]), series: null };
  const pack = PACK.exec(name);
  if (pack) return { season: Number(pack[2] ?? pack[3]), series: pack[1]! };
  return null;
}

export type MarkerStrength = 'strong' | 'date' | 'weak' | 'absolute';

/** Episode numbering found in a file name, with where it sits (to split series name and episode title). */
export interface EpisodeMarker {
  strength: MarkerStrength;     // strong: S01E02/1x02; weak: E02/Episode 2 (no season); absolute: a bare number
  season: number | null;
  episode: number | null;
  endingEpisode: number | null;
  airDate: string | null;
  start: number;
  end: number;
}

export interface MarkerContext {
  folderSeason: number | null;  // from the nearest season folder
  showName: string | null;      // titleKey() of the show folder's title, to accept `Show 105`
  showContext: boolean;         // a shows library or a season folder: bare leading numbers are episodes
}

type Found = Omit<EpisodeMarker, 'strength'>;

const SXXEYY = /(?<![\p{L}\p{N}])s(\d{1,4})[\s._-]*e(\d{1,4})(?!\d)/iu;
const MORE_SXXEYY = /^(?:[\s._]*-?[\s._]*(?:s\d{1,4}[\s._-]*)?e(\d{1,4})(?!\d)|-(\d{1,3})(?![\d\p{L}]))/iu;
const SEASON_EPISODE = /(?<![\p{L}])season[\s._-]*(\d{1,4})[\s._-]*episode[\s._-]*(\d{1,4})(?!\d)/iu;
// 1x02, but never 1920x1080: the season may not follow a digit and the episode may not run on into one
const NXNN = /(?<![\p{L}\p{N}])(\d{1,2})x(\d{1,3})(?!\d)/iu;
const MORE_NXNN = /^(?:[\s._]*-[\s._]*\d{1,2}x(\d{1,3})(?!\d)|-(\d{1,3})(?![\d\p{L}])|x(\d{1,3})(?!\d))/iu;
const YMD = /(?<!\d)((?:19|20)\d{2})[-._ ](\d{2})[-._ ](\d{2})(?!\d)/u;
const DMY = /(?<!\d)(\d{2})[-._ ](\d{2})[-._ ]((?:19|20)\d{2})(?!\d)/u;
const EPISODE_WORDS = 'episode|episodio|épisode|folge|aflevering|odcinek|jakso|afsnit|avsnitt|capitulo|capítulo|серия';
const WEAK = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:e(?=\\d)|ep[\\s._]*|(?:${EPISODE_WORDS})[\\s._-]*)(\\d{1,4})(?:-(?:e|ep)?(\\d{1,4}))?(?!\\d)`,
  'iu',
);
const DASH_NUMBER = /(?:^|\s)-\s*(\d{1,4})(?:v\d{1,2})?(?:-(\d{1,4})(?:v\d{1,2})?)?(?=$|[\s._\-[(])/u;
const TRAILING_NUMBER = /[\s._](\d{1,4})(?:v\d{1,2})?\s*$/u;
const LEADING_NUMBER = /^\s*(\d{1,4})(?:v\d{1,2})?(?=$|[\s._-])/u;
const GROUP_PREFIX = /^\s*\[[^\]]+\]/u;

/** The first episode numbering found in a file stem, trying the least ambiguous forms first. */
export function findEpisodeMarker(stem: string, ctx: MarkerContext): EpisodeMarker | null {
  // [tags], (years) and {ids} hide CRCs like [E1A2B3C4] and keep offsets: they are blanked, not removed
  const masked = stem.replace(/\[[^\]]*\]|\([^)]*\)|\{[^}]*\}/gu, (tag) => ' '.repeat(tag.length));
  const strong = numbered(masked) ?? numbered(stem);
  if (strong) return { strength: 'strong', ...strong };
  const date = airDate(masked);
  if (date) return { strength: 'date', ...date };
  const weak = WEAK.exec(masked);
  if (weak) return { strength: 'weak', ...episodeRange(null, weak, Number(weak[1]), weak[2]) };
  return absolute(masked, stem, ctx);
}

function numbered(text: string): Found | null {
  const sxe = SXXEYY.exec(text);
  if (sxe) return withContinuation(text, sxe, Number(sxe[1]), Number(sxe[2]), MORE_SXXEYY);
  const words = SEASON_EPISODE.exec(text);
  if (words) return episodeRange(Number(words[1]), words, Number(words[2]), undefined);
  const nxn = NXNN.exec(text);
  if (nxn) return withContinuation(text, nxn, Number(nxn[1]), Number(nxn[2]), MORE_NXNN);
  return null;
}

/** S01E01E02, S01E01-E03, S01E01-03, 1x01-1x03: keeps reading episode numbers after the first. */
function withContinuation(text: string, match: RegExpExecArray, season: number, episode: number, more: RegExp): Found {
  let end = match.index + match[0].length;
  let ending: number | null = null;
  for (let next = more.exec(text.slice(end)); next; next = more.exec(text.slice(end))) {
    const value = Number(next[1] ?? next[2] ?? next[3]);
    if (value <= (ending ?? episode)) break;
    ending = value;
    end += next[0].length;
  }
  return { season, episode, endingEpisode: ending, airDate: null, start: match.index, end };
}

function episodeRange(season: number | null, match: RegExpExecArray, episode: number, to: string | undefined): Found {
  const ending = to !== undefined && Number(to) > episode ? Number(to) : null;
  return { season, episode, endingEpisode: ending, airDate: null, start: match.index, end: match.index + match[0].length };
}

/** `2024-01-05`, `2024.01.05`, `05.01.2024` (day first, as Kodi and Jellyfin read it, unless that is impossible); two-digit parts only. */
function airDate(text: string): Found | null {
  const ymd = YMD.exec(text);
  if (ymd) {
    const date = isoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    if (date) return { season: null, episode: null, endingEpisode: null, airDate: date, start: ymd.index, end: ymd.index + ymd[0].length };
  }
  const dmy = DMY.exec(text);
  if (dmy) {
    const [first, second, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    const date = isoDate(year, second, first) ?? isoDate(year, first, second);
    if (date) return { season: null, episode: null, endingEpisode: null, airDate: date, start: dmy.index, end: dmy.index + dmy[0].length };
  }
  return null;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Bare numbers: `Show - 105`, `[Group] Show 05 [720p]`, `01 - Pilot` (in a season folder or shows library),
 * `Naruto 105` inside a folder named Naruto. A year (19xx/20xx) is never taken as an episode.
 */
function absolute(masked: string, stem: string, ctx: MarkerContext): EpisodeMarker | null {
  const dash = DASH_NUMBER.exec(masked);
  if (dash && !isYear(dash[1]!)) return bare(dash, ctx);
  const trailing = TRAILING_NUMBER.exec(masked.trimEnd());
  if (trailing && !isYear(trailing[1]!)) {
    const before = stem.slice(0, trailing.index);
    const named = ctx.showName !== null && titleKey(before.replace(GROUP_PREFIX, '')) === ctx.showName;
    if (GROUP_PREFIX.test(stem) || named) return bare(trailing, ctx);
  }
  const leading = LEADING_NUMBER.exec(masked);
  if (leading && ctx.showContext && !isYear(leading[1]!)) return bare(leading, ctx);
  return null;
}

/** Within `Season 1`, 102 reads as S01E02 (Kodi's compact form); anywhere else it is absolute episode 102. */
function bare(match: RegExpExecArray, ctx: MarkerContext): EpisodeMarker {
  const digits = match[1]!;
  const season = ctx.folderSeason;
  let episode = Number(digits);
  if (season !== null && digits.length >= 3 && digits.startsWith(String(season)) && digits.length - String(season).length === 2) {
    episode = Number(digits.slice(String(season).length));
  }
  // `[Group] Show - 01-02`: a double episode
  const ending = match[2] !== undefined && Number(match[2]) > episode ? Number(match[2]) : null;
  return { strength: 'absolute', season, episode, endingEpisode: ending, airDate: null, start: match.index, end: match.index + match[0].length };
}

const isYear = (digits: string) => digits.length === 4 && /^(?:19|20)/.test(digits);
