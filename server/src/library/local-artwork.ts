import { basename, dirname, extname, join } from 'node:path';
import { parsePath } from './parse-path.js';

/**
 * Artwork that sits next to the media under the names Kodi, Jellyfin and Plex use
 * (https://kodi.wiki/view/Artwork_types, https://jellyfin.org/docs/general/server/media/movies).
 * Pure: the scanner lists the folders and passes the names in.
 */
export type ArtworkKind = 'movie' | 'episode';

export interface LocalArtwork {
  poster: string | null;
  fanart: string | null;
  banner: string | null;
  logo: string | null;
  /** movies: a landscape still; episodes: the episode's own thumbnail */
  thumb: string | null;
  /** shows: season number (0 = specials) → poster path */
  seasonPosters: Readonly<Record<number, string>>;
}

/** In preference order. */
export const ARTWORK_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'tbn'] as const;

const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mkv', 'mp4', 'm4v', 'avi', 'mov', 'wmv', 'mpg', 'mpeg', 'ts', 'm2ts', 'webm', 'flv', 'iso', 'vob', 'ogv', '3gp', 'divx',
]);
const DISC_FOLDER = /^(video_ts|bdmv)$/i;
const PART = /[\s._-]+[([]?(?:cd|dvd|part|pt|disc|disk)[\s._-]*\d+[)\]]?$/i;
const SAMPLE = /(^|[\s._-])sample$/i;

/**
 * Season number of a folder named "Season 1", "Season 01", "S01", "Series 2", "Staffel 3", "Saison 4",
 * "Specials" (0); null for any other folder.
 */
export function seasonOfFolder(name: string): number | null {
  if (/^specials?$/i.test(name.trim())) return 0;
  const match = /^(?:season|series|staffel|saison|temporada|s)[\s._-]*(\d{1,4})$/i.exec(name.trim());
  return match ? Number(match[1]) : null;
}

/** "Movie (2010) - cd1" → "Movie (2010)": one name for every part of a stacked movie, as Kodi does. */
export function stackName(stem: string): string {
  return stem.replace(PART, '') || stem;
}

/** Case-insensitive lookup of `base.ext` in a listing, trying bases in order, then extensions in order. */
function pick(dir: string, names: readonly string[], bases: readonly string[]): string | null {
  const byLower = new Map<string, string>();
  for (const name of names) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
  for (const base of bases) {
    for (const ext of ARTWORK_EXTENSIONS) {
      const found = byLower.get(`${base}.${ext}`.toLowerCase());
      if (found) return join(dir, found);
    }
  }
  return null;
}

/** A folder holding one title (parts of one stack, samples aside) may use the generic names. */
function holdsOneTitle(dir: string, names: readonly string[]): boolean {
  const titles = new Set<string>();
  for (const name of names) {
    const ext = extname(name).slice(1).toLowerCase();
    if (!VIDEO_EXTENSIONS.has(ext)) continue;
    const stem = basename(name, extname(name));
    if (SAMPLE.test(stem)) continue;
    // versions and parts of one movie share its group key ("Heat (1995) - 1080p", "Heat (1995) - cd2")
    const parsed = parsePath(join(dir, name), { kind: 'movies' });
    if (parsed.kind === 'movie') titles.add(parsed.groupKey);
  }
  return titles.size <= 1;
}

/** season01-poster, season1, season-specials-poster in the show folder */
function seasonPostersIn(dir: string, names: readonly string[]): Record<number, string> {
  const out: Record<number, string> = {};
  const extensions = ARTWORK_EXTENSIONS.join('|');
  const pattern = new RegExp(`^season[\\s._-]?(\\d{1,4}|specials)(?:-poster)?\\.(${extensions})$`, 'i');
  const ranked = names
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((x): x is { name: string; match: RegExpExecArray } => x.match !== null)
    // "-poster" before the bare name, then the extension order
    .map((x) => ({ ...x, rank: (/-poster\./i.test(x.name) ? 0 : 10) + ARTWORK_EXTENSIONS.indexOf(x.match[2]!.toLowerCase() as 'jpg') }))
    .sort((a, b) => a.rank - b.rank);
  for (const { name, match } of ranked) {
    const season = /^specials$/i.test(match[1]!) ? 0 : Number(match[1]);
    if (!(season in out)) out[season] = join(dir, name);
  }
  return out;
}

const variants = (stems: readonly string[], suffix: string) => stems.map((s) => `${s}-${suffix}`);

function movieArtwork(videoPath: string, siblingNames: readonly string[], parentNames: readonly string[]): LocalArtwork {
  let dir = dirname(videoPath);
  let names = siblingNames;
  let stems = [...new Set([basename(videoPath, extname(videoPath)), stackName(basename(videoPath, extname(videoPath)))])];
  // DVD/Blu-ray folders: the artwork is beside VIDEO_TS/ or BDMV/, named after the movie folder
  if (DISC_FOLDER.test(basename(dir))) {
    dir = dirname(dir);
    names = parentNames;
    stems = [basename(dir)];
  }
  const own = holdsOneTitle(dir, names);
  const generic = (bases: string[]) => (own ? bases : []);
  return {
    poster: pick(dir, names, [...variants(stems, 'poster'), ...stems, ...generic(['poster', 'folder', 'cover', 'default', 'movie'])]),
    fanart: pick(dir, names, [...variants(stems, 'fanart'), ...variants(stems, 'backdrop'), ...generic(['fanart', 'backdrop', 'background', 'art'])]),
    banner: pick(dir, names, [...variants(stems, 'banner'), ...generic(['banner'])]),
    logo: pick(dir, names, [...variants(stems, 'logo'), ...variants(stems, 'clearlogo'), ...generic(['logo', 'clearlogo'])]),
    thumb: pick(dir, names, [...variants(stems, 'landscape'), ...variants(stems, 'thumb'), ...generic(['landscape', 'thumb'])]),
    seasonPosters: {},
  };
}

function episodeArtwork(videoPath: string, siblingNames: readonly string[], parentNames: readonly string[]): LocalArtwork {
  const dir = dirname(videoPath);
  const stem = basename(videoPath, extname(videoPath));
  const season = seasonOfFolder(basename(dir));
  // episodes directly in the show folder: the parent is the library root, whose art is not this show's
  const inSeasonFolder = season !== null;
  const showDir = inSeasonFolder ? dirname(dir) : dir;
  const showNames = inSeasonFolder ? parentNames : siblingNames;
  const seasonPosters = seasonPostersIn(showDir, showNames);
  if (inSeasonFolder && !(season in seasonPosters)) {
    const fromFolder = pick(dir, siblingNames, ['poster', 'folder', 'cover']);
    if (fromFolder) seasonPosters[season] = fromFolder;
  }
  return {
    poster: pick(showDir, showNames, ['poster', 'folder', 'cover', 'default', 'show']),
    fanart: pick(showDir, showNames, ['fanart', 'backdrop', 'background', 'art']),
    banner: pick(showDir, showNames, ['banner']),
    logo: pick(showDir, showNames, ['logo', 'clearlogo']),
    thumb: pick(dir, siblingNames, [`${stem}-thumb`, stem]),
    seasonPosters,
  };
}

/**
 * Local artwork for a video. siblingNames: the listing of the video's folder; parentNames: the listing of
 * the folder above it (the show folder for an episode in "Season 1/", the movie folder for VIDEO_TS/).
 * Names match case-insensitively; the paths returned keep the names' case.
 */
export function findLocalArtwork(videoPath: string, siblingNames: readonly string[], parentNames: readonly string[], kind: ArtworkKind): LocalArtwork {
  const art = kind === 'movie' ? movieArtwork(videoPath, siblingNames, parentNames) : episodeArtwork(videoPath, siblingNames, parentNames);
  return Object.freeze({ ...art, seasonPosters: Object.freeze(art.seasonPosters) });
}
