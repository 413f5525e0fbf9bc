/**
 * Recognises a path in a library the way Plex, Jellyfin and Kodi users name things: movies, episodes, extras,
 * subtitles and what to ignore. Pure: the path's text is all it reads (issue #3).
 */
import { posix } from 'node:path';
import { seasonFolder } from './parse-episode.js';
import type { ExtraType } from './parse-extra.js';
import { classifyExtension, findDiscFolder, isIgnoredComponent, stubType, type DiscFolder } from './parse-files.js';
import type { Format3D } from './parse-junk.js';
import { readSubtitleName } from './parse-subtitle.js';
import { resolveVideo, type VideoContext, type VideoInfo } from './parse-video.js';

export type { ExtraType } from './parse-extra.js';
export type { Format3D } from './parse-junk.js';

export type LibraryKind = 'movies' | 'shows' | 'mixed';
export type PathKind = 'movie' | 'episode' | 'extra' | 'subtitle' | 'ignored';

export interface ParsedPath {
  path: string;                   // as given
  kind: PathKind;
  title: string | null;           // the movie, or the series (also for an episode's extras and subtitles)
  year: number | null;            // the movie's, or the series' `(year)`
  season: number | null;          // null for absolute-numbered and daily episodes without a season folder
  episode: number | null;
  endingEpisode: number | null;   // S01E01-E03 → 3
  airDate: string | null;         // daily shows, "YYYY-MM-DD"
  extraType: ExtraType | null;    // extras, and 'sample' for ignored samples
  format3D: Format3D | null;
  stub: string | null;            // `.disc` stubs: dvd, bluray, hddvd, vhs, tv, or 'disc' when the name gives no type
  part: number | null;            // cd1/part2/disc1/pt3/dvd1 → 1, 2…
  version: string | null;         // `Movie (2010) - 1080p` → "1080p"; null for the plain file
  language: string | null;        // subtitles: ISO 639-1 ("en"), region kept ("pt-BR"), else the raw tag
  forced: boolean | null;         // subtitles only
  default: boolean | null;        // subtitles only
  hearingImpaired: boolean | null; // subtitles only: .sdh / .hi / .cc
  // not printed by `seed parse`:
  episodeTitle: string | null;    // "Show - S01E02 - The Title" → "The Title"; for an extra, its own name ("Making Of")
  discFolder: DiscFolder | null;  // inside VIDEO_TS / BDMV: the title is the folder above it
  groupKey: string;               // shared by the files of one title (versions, parts, disc files); extras and subtitles point at their title
  videoStem: string | null;       // subtitles: the video's path without extension (in the given path's spelling)
}

export interface ParseOptions {
  kind?: LibraryKind; // default 'mixed'
  root?: string;      // the library folder: nothing above it is read as a title
}

/**
 * Library kinds: in `movies` everything is a movie (S01E02 in a name does not make an episode) unless it is an
 * extra; in `shows` every video is an episode of the show folder it sits in, numbered or not; `mixed` decides
 * per path (see looksLikeEpisode in parse-video.ts).
 */
export function parsePath(path: string, opts: ParseOptions = {}): ParsedPath {
  const kind = opts.kind ?? 'mixed';
  const { dirs, file, rooted } = splitPath(path, opts.root);
  if (file === '' || dirs.some(isIgnoredComponent) || isIgnoredComponent(file)) return ignored(path);
  const ext = posix.extname(file).toLowerCase();
  const stem = file.slice(0, file.length - ext.length);
  const ctx: VideoContext = { dirs, rooted, kind };
  switch (classifyExtension(ext)) {
    case 'video':
      return video(path, ctx, stem, null);
    case 'stub': {
      const stub = stubType(stem);
      return video(path, ctx, stub.name, stub.type);
    }
    case 'subtitle':
      return subtitle(path, ctx);
    case 'other':
      return ignored(path);
  }
}

/**
 * A file inside VIDEO_TS/BDMV is one title named by the folder above the structure, read as if it were a file
 * there; a season folder above it stays a folder (`Show/Season 1/VIDEO_TS`: a disc of season 1).
 */
function video(path: string, ctx: VideoContext, stem: string, stub: string | null): ParsedPath {
  const disc = findDiscFolder(ctx.dirs);
  let info: VideoInfo;
  if (!disc) info = resolveVideo(stem, ctx);
  else if (disc.index > 0 && seasonFolder(ctx.dirs[disc.index - 1]!)) info = resolveVideo('', { ...ctx, dirs: ctx.dirs.slice(0, disc.index) });
  else info = resolveVideo(ctx.dirs[disc.index - 1] ?? '', { ...ctx, dirs: ctx.dirs.slice(0, Math.max(0, disc.index - 1)) });
  return fromVideo(path, info, { stub, discFolder: disc?.kind ?? null });
}

const SUBS_FOLDER = /^(?:subs|subtitles?)$/iu;

/**
 * A subtitle belongs to the video named by its name without flags (`Movie.en.forced.srt` → `Movie`); one named
 * only by a language belongs to its folder's title (`Movie (2010)/Subs/English.srt`), or, in release packs,
 * to the episode its folder is named after (`Subs/Show.S01E01/2_English.srt`).
 */
function subtitle(path: string, ctx: VideoContext): ParsedPath {
  const file = lastName(path);
  const name = readSubtitleName(file.slice(0, file.length - posix.extname(file).length));
  const dir = parentPath(path);
  const { dirs } = ctx;
  let owner: VideoInfo;
  let videoStem: string | null;
  if (name.videoBase !== null) {
    const inSubs = dirs.length > 0 && SUBS_FOLDER.test(dirs.at(-1)!);
    const videoDir = inSubs ? parentPath(dir) : dir;
    owner = resolveVideo(name.videoBase.normalize('NFC'), inSubs ? { ...ctx, dirs: dirs.slice(0, -1) } : ctx);
    videoStem = joinLike(path, videoDir, name.videoBase);
  } else if (dirs.length > 1 && SUBS_FOLDER.test(dirs.at(-2)!)) {
    owner = resolveVideo(dirs.at(-1)!, { ...ctx, dirs: dirs.slice(0, -2) });
    videoStem = joinLike(path, parentPath(parentPath(dir)), lastName(dir));
  } else {
    const titleDirs = dirs.length > 0 && SUBS_FOLDER.test(dirs.at(-1)!) ? dirs.slice(0, -1) : dirs;
    owner = resolveVideo(titleDirs.at(-1) ?? '', { ...ctx, dirs: titleDirs.slice(0, -1) });
    videoStem = null;
  }
  return {
    ...fromVideo(path, owner, { stub: null, discFolder: null }),
    kind: 'subtitle', extraType: null, format3D: null, episodeTitle: null,
    language: name.language, forced: name.forced, default: name.default, hearingImpaired: name.hearingImpaired,
    videoStem,
  };
}

function fromVideo(path: string, info: VideoInfo, extra: { stub: string | null; discFolder: DiscFolder | null }): ParsedPath {
  return {
    path, kind: info.kind, title: info.title, year: info.year, season: info.season, episode: info.episode,
    endingEpisode: info.endingEpisode, airDate: info.airDate, extraType: info.extraType, format3D: info.format3D,
    stub: extra.stub, part: info.part, version: info.version, language: null, forced: null, default: null,
    hearingImpaired: null, episodeTitle: info.episodeTitle, discFolder: extra.discFolder, groupKey: info.groupKey,
    videoStem: null,
  };
}

function ignored(path: string): ParsedPath {
  return {
    path, kind: 'ignored', title: null, year: null, season: null, episode: null, endingEpisode: null, airDate: null,
    extraType: null, format3D: null, stub: null, part: null, version: null, language: null, forced: null,
    default: null, hearingImpaired: null, episodeTitle: null, discFolder: null, groupKey: `ignored:${path}`, videoStem: null,
  };
}

/** Folders below the root (or the whole path without a drive letter) and the file name, NFC, `\` read as `/`. */
function splitPath(path: string, root: string | undefined): { dirs: string[]; file: string; rooted: boolean } {
  const segments = toSegments(path);
  let relative = segments;
  let rooted = false;
  if (root) {
    const base = toSegments(root);
    const caseless = /\\|^[a-z]:/i.test(path); // Windows paths compare without case
    const same = (a: string, b: string) => a === b || (caseless && a.toLowerCase() === b.toLowerCase());
    if (base.length < segments.length && base.every((segment, i) => same(segment, segments[i]!))) {
      relative = segments.slice(base.length);
      rooted = true;
    }
  }
  if (!rooted && /^[a-z]:$/i.test(relative[0] ?? '')) relative = relative.slice(1);
  return { dirs: relative.slice(0, -1), file: relative.at(-1) ?? '', rooted };
}

const toSegments = (path: string) => path.normalize('NFC').split(/[\\/]+/).filter((s) => s !== '' && s !== '.');

// on the path as given (not normalised), so a subtitle's videoStem matches its video's path byte for byte
const lastSeparator = (path: string) => Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
const parentPath = (path: string) => {
  const at = lastSeparator(path);
  return at > 0 ? path.slice(0, at) : path.slice(0, at + 1); // "/x.srt" → "/", "x.srt" → ""
};
const lastName = (path: string) => path.slice(lastSeparator(path) + 1);
const joinLike = (path: string, dir: string, name: string) =>
  dir === '' || /[\\/]$/.test(dir) ? `${dir}${name}` : `${dir}${path.includes('/') ? '/' : '\\'}${name}`;

/** A video's path without its extension: what a subtitle's `videoStem` is compared with. */
export function videoStemOf(videoPath: string): string {
  return videoPath.slice(0, videoPath.length - posix.extname(lastName(videoPath)).length);
}
