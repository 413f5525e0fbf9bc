/** Episodes and their series: which folder names the show, which season and episode a file is. */
import { findEpisodeMarker, seasonFolder, type SeasonFolder } from './parse-episode.js';
import { splitPart } from './parse-stack.js';
import { cleanTitle, readTitle, titleEnd, titleKey, withoutProviderIds } from './parse-title.js';
import type { VideoContext, VideoInfo } from './parse-video.js';

interface Show {
  title: string | null;
  year: number | null;
}

const GROUP_PREFIX = /^\s*\[[^\]]+\]/u;

/**
 * An episode. The series is named by the show folder when one is certain (the folder above a season folder, or
 * the top folder of a shows library, as Plex, Jellyfin and Kodi all do), else by the file name before its
 * numbering, else by the parent folder. Without a season, `E05`/`Episode 5` is season 1 (Plex's rule for shows
 * without seasons) while a bare absolute number (`[Group] Show - 105`) has no season.
 */
export function resolveEpisode(stem: string, ctx: VideoContext): VideoInfo {
  const { base, part } = splitPart(stem, true);
  const season = innermostSeason(ctx.dirs);
  const folder = showFolder(ctx, season);
  const folderShow = folder ? readTitle(folder.name) : null;
  const folderSeason = season?.folder.season ?? null;
  const marker = findEpisodeMarker(base, {
    folderSeason,
    showName: folderShow?.title ? titleKey(folderShow.title) : null,
    showContext: season !== null || ctx.kind === 'shows',
  });
  const fromFile = marker ? readTitle(base.slice(0, marker.start).replace(GROUP_PREFIX, '')) : null;
  let show: Show;
  if (folder?.certain && folderShow?.title) show = folderShow;
  else if (fromFile?.title) show = fromFile;
  else if (folderShow?.title) show = folderShow;
  else if (!marker) show = readTitle(base);
  else show = { title: null, year: null };
  show = { title: show.title || null, year: show.year };

  let seasonNumber: number | null;
  switch (marker?.strength) {
    case 'strong':
    case 'absolute':
      seasonNumber = marker.season;
      break;
    case 'weak':
      seasonNumber = folderSeason ?? 1;
      break;
    case 'date':
    case undefined:
      seasonNumber = folderSeason;
      break;
  }
  const episode = marker?.episode ?? null;
  const airDate = marker?.airDate ?? null;
  const which = airDate ? `d${airDate}` : episode !== null ? `s${seasonNumber ?? ''}e${episode}` : `s${seasonNumber ?? ''}f${titleKey(base)}`;
  const ownTitle = episodeTitle(marker ? base.slice(marker.end) : base);
  return {
    kind: 'episode', title: show.title, year: show.year, season: seasonNumber, episode,
    endingEpisode: marker?.endingEpisode ?? null, airDate, extraType: null, format3D: null, part, version: null,
    episodeTitle: ownTitle && titleKey(ownTitle) !== titleKey(show.title ?? '') ? ownTitle : null,
    groupKey: `episode:${seriesKey(show)}|${which}`,
  };
}

/** A show as the owner of extras (`Show/Trailers/x.mkv`): the series, no season or episode. */
export function resolveSeries(ctx: VideoContext, known?: Show): VideoInfo {
  const folder = showFolder(ctx, innermostSeason(ctx.dirs));
  const show = known ?? (folder ? readTitle(folder.name) : { title: null, year: null });
  const title = show.title || null;
  return {
    kind: 'episode', title, year: show.year, season: null, episode: null, endingEpisode: null, airDate: null,
    extraType: null, format3D: null, part: null, version: null, episodeTitle: null,
    groupKey: `series:${seriesKey({ title, year: show.year })}`,
  };
}

const seriesKey = (show: Show) => `${titleKey(show.title ?? '')}|${show.year ?? ''}`;

function innermostSeason(dirs: readonly string[]): { index: number; folder: SeasonFolder } | null {
  for (let i = dirs.length - 1; i >= 0; i--) {
    const folder = seasonFolder(dirs[i]!);
    if (folder) return { index: i, folder };
  }
  return null;
}

/** The folder naming the show, and whether it surely is one (above a season folder, or top of a shows library). */
function showFolder(ctx: VideoContext, season: { index: number; folder: SeasonFolder } | null): { name: string; certain: boolean } | null {
  if (season) {
    const above = season.index > 0 ? ctx.dirs[season.index - 1] : undefined;
    // a season pack (`Show.S02.1080p`) names its show, unless it sits inside a show folder of the library
    if (season.folder.series !== null && (above === undefined || !ctx.rooted)) return { name: season.folder.series, certain: true };
    return above !== undefined ? { name: above, certain: true } : null;
  }
  if (ctx.kind === 'shows' && ctx.rooted && ctx.dirs.length > 0) return { name: ctx.dirs[0]!, certain: true };
  const parent = ctx.dirs.at(-1);
  return parent !== undefined ? { name: parent, certain: false } : null;
}

/** What follows the numbering: "Show - S01E02 - The Title.720p.HDTV" → "The Title"; junk alone → null. */
function episodeTitle(text: string): string | null {
  const trimmed = withoutProviderIds(text).replace(/^[\s._\-–—:]+/u, '');
  return cleanTitle(trimmed.slice(0, titleEnd(trimmed, true))) || null;
}
