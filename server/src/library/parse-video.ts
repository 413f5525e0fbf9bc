/** One video's place in the library: movie, episode, extra or sample, with the title it belongs to. */
import { extraFolderType, extraSuffix, isSpecialsFolder, type ExtraType } from './parse-extra.js';
import { findEpisodeMarker, seasonFolder } from './parse-episode.js';
import { format3D, type Format3D } from './parse-junk.js';
import type { LibraryKind } from './parse-path.js';
import { resolveEpisode, resolveSeries } from './parse-show.js';
import { splitPart } from './parse-stack.js';
import { cleanTitle, readTitle, titleKey, versionLabel, type NameInfo } from './parse-title.js';

export interface VideoContext {
  dirs: readonly string[]; // folders between the library root (or the file system root) and the file, NFC
  rooted: boolean;         // dirs start right below the library root
  kind: LibraryKind;
}

export interface VideoInfo {
  kind: 'movie' | 'episode' | 'extra' | 'ignored';
  title: string | null;
  year: number | null;
  season: number | null;
  episode: number | null;
  endingEpisode: number | null;
  airDate: string | null;
  extraType: ExtraType | null;
  format3D: Format3D | null;
  part: number | null;
  version: string | null;
  episodeTitle: string | null;
  groupKey: string;
}

/** Resolves a video named `stem` (file name without extension, or a disc folder's name) inside `ctx.dirs`. */
export function resolveVideo(stem: string, context: VideoContext): VideoInfo {
  // `Heat (1995)/CD1/heat.avi`: a folder per part is the part, not the title
  const partFolder = context.dirs.length > 0 ? splitPart(context.dirs.at(-1)!) : null;
  const ctx = partFolder?.part && partFolder.base === '' ? { ...context, dirs: context.dirs.slice(0, -1) } : context;
  const folderPart = ctx === context ? null : partFolder!.part;
  const threeD = format3D(stem);
  const suffix = extraSuffix(stem);
  const folderExtra = findExtrasFolder(stem, ctx);
  if (folderExtra) {
    const ownerCtx = { ...ctx, dirs: ctx.dirs.slice(0, folderExtra.index) };
    const owner = folderExtra.index > 0 ? resolveOwner(ownerCtx) : resolveTitle(stem, ownerCtx);
    // in a generic folder (Extras/, Other/) a suffix says more: `Extras/Movie-trailer.mkv` is a trailer
    const type = folderExtra.type === 'other' && suffix ? suffix.type : folderExtra.type;
    const own = readTitle(suffix?.base ?? stem).title || cleanTitle(stem);
    return asExtra(owner, type, folderExtra.index > 0 ? ownLabel(own, owner) : null, threeD);
  }
  if (suffix) {
    const owner = ownerLevel(resolveTitle(suffix.base, ctx), ctx);
    return asExtra(owner, suffix.type, ownLabel(readTitle(suffix.base).title, owner), threeD);
  }
  const info = resolveTitle(stem, ctx);
  // a season's `Disc 1` folder holds whole episodes, not parts of one
  return { ...info, format3D: threeD, part: info.part ?? (info.kind === 'movie' ? folderPart : null) };
}

/** An extra's own name, unless it only repeats its title's. */
const ownLabel = (own: string, owner: VideoInfo) => (own && titleKey(own) !== titleKey(owner.title ?? '') ? own : null);

function asExtra(owner: VideoInfo, type: ExtraType, label: string | null, threeD: Format3D | null): VideoInfo {
  return {
    ...owner,
    kind: type === 'sample' ? 'ignored' : 'extra',
    extraType: type,
    format3D: threeD,
    part: null,
    version: null,
    episodeTitle: type === 'sample' ? null : label,
  };
}

/**
 * The top-most extras folder below a title folder (`Movie (2010)/Extras/Trailers/x.mkv` → index of Extras, type
 * trailer: the innermost folder names the type). A folder with a season folder below it is a show ("Extras"
 * the series), and `Specials` is season 0 in a show and extras in a movie's folder.
 */
function findExtrasFolder(stem: string, ctx: VideoContext): { index: number; type: ExtraType } | null {
  const { dirs } = ctx;
  let index = -1;
  let innermost: ExtraType | null = null;
  for (let i = dirs.length - 1; i >= 0; i--) {
    const type = extraFolderType(dirs[i]!);
    // extras need a title folder above them: a top folder is a title itself ("Extras" the series)
    if (!type || (i === 0 && type !== 'sample')) continue;
    if (dirs.slice(i + 1).some((dir) => seasonFolder(dir) !== null)) break;
    if (isSpecialsFolder(dirs[i]!) && !specialsIsExtras(stem, ctx, i)) continue;
    index = i;
    innermost ??= type;
  }
  return innermost ? { index, type: innermost } : null;
}

function specialsIsExtras(stem: string, ctx: VideoContext, index: number): boolean {
  if (ctx.kind !== 'mixed') return ctx.kind === 'movies';
  // mixed: `Specials` holds season 0 when its files are numbered like episodes, or when it sits in a show folder
  const marker = findEpisodeMarker(stem, { folderSeason: 0, showName: null, showContext: false });
  if (marker) return false;
  const owner = ctx.dirs[index - 1];
  return owner !== undefined && readTitle(owner).yearInBrackets;
}

/** The title that a folder of extras belongs to: a show (its series, no episode) or a movie (the folder's movie). */
function resolveOwner(ctx: VideoContext): VideoInfo {
  const isShow = ctx.kind === 'shows' || ctx.dirs.some((dir) => seasonFolder(dir) !== null);
  if (isShow) return resolveSeries(ctx);
  return resolveMovie('', ctx);
}

/** Extras of an episode without a number belong to the series. */
function ownerLevel(owner: VideoInfo, ctx: VideoContext): VideoInfo {
  if (owner.kind === 'episode' && owner.episode === null && owner.airDate === null) return resolveSeries(ctx, owner);
  return owner;
}

/** Movie or episode, as the library kind and the name say. */
export function resolveTitle(stem: string, ctx: VideoContext): VideoInfo {
  switch (ctx.kind) {
    case 'movies':
      return resolveMovie(stem, ctx);
    case 'shows':
      return resolveEpisode(stem, ctx);
    case 'mixed':
      return looksLikeEpisode(stem, ctx) ? resolveEpisode(stem, ctx) : resolveMovie(stem, ctx);
  }
}

/**
 * In a mixed library: a season folder or S01E02/1x02 always make an episode; a date, `E05`/`Episode 5` or an
 * anime-style `[Group] Show - 05` do unless the name or its folder carries a `(year)`, the mark of a movie.
 */
function looksLikeEpisode(stem: string, ctx: VideoContext): boolean {
  if (ctx.dirs.some((dir) => seasonFolder(dir) !== null)) return true;
  const marker = findEpisodeMarker(stem, { folderSeason: null, showName: null, showContext: false });
  if (!marker) return false;
  if (marker.strength === 'strong') return true;
  const parent = ctx.dirs.at(-1);
  if (readTitle(stem).yearInBrackets || (parent !== undefined && readTitle(parent).yearInBrackets)) return false;
  return marker.strength !== 'absolute' || /^\s*\[[^\]]+\]/u.test(stem);
}

// Names that say nothing about the title: the folder names it instead
const GENERIC = /^(?:movie|film|video|feature|main|title|vts|video ts|\d{5,})(?: \d+)*$/u;

/**
 * A movie: the folder's `Title (Year)` wins over the file name (`Heat (1995)/heat.1080p.mkv` → Heat), unless the
 * file names another year (a collection folder). Versions: what follows the title in `Title (Year) - Label` or
 * `Title (Year) [Label]`, or Plex's `{edition-Label}`.
 */
export function resolveMovie(stem: string, ctx: VideoContext): VideoInfo {
  const { base, part } = splitPart(stem);
  const file = readTitle(base);
  const folderName = ctx.dirs.at(-1);
  const folder = folderName !== undefined ? readTitle(folderName) : null;
  // Jellyfin's multi-version rule: `Heat - 1080p` or `Heat [4K]` inside `Heat/` is a version of the folder's title
  const residue = folderName !== undefined && base.toLowerCase().startsWith(folderName.toLowerCase()) ? base.slice(folderName.length) : null;
  const residueLabel = residue !== null ? versionLabel(residue) : null;
  const sameTitle = folder !== null && file.title !== '' && titleKey(file.title) === titleKey(folder.title);
  let chosen: Pick<NameInfo, 'title' | 'year'>;
  const folderIsTitle = folder?.year ? !(file.year && file.year !== folder.year) : residueLabel !== null && !file.year;
  if (folder?.title && folderIsTitle) chosen = folder;
  else if (sameTitle) chosen = { title: folder.title, year: file.year ?? folder.year };
  else if (file.title && !(folder?.title && GENERIC.test(titleKey(file.title)))) chosen = file;
  else if (folder?.title) chosen = folder;
  else chosen = { title: '', year: null };
  const version = file.edition ?? (file.yearInBrackets ? versionLabel(file.rest) : null) ?? (chosen === folder ? residueLabel : null);
  const title = chosen.title || null;
  return {
    kind: 'movie', title, year: chosen.year, season: null, episode: null, endingEpisode: null, airDate: null,
    extraType: null, format3D: null, part, version, episodeTitle: null,
    groupKey: `movie:${titleKey(title ?? base)}|${chosen.year ?? ''}`,
  };
}
