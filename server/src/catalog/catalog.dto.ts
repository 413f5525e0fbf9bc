import { canSee, type Viewer } from '../profiles/viewer.js';
import { FIRST_ADMIN } from '../profiles/request-viewer.js';
import { createHash } from 'node:crypto';
import type { ItemDetailDto, ItemDto, MediaFileDto, PersonCreditDto, SeriesDto, StreamDto, TitleCardDto, VersionDto } from '../http/api-types.js';
import type { TranscodeState } from '../streaming/hls.service.js';
import type { CatalogStore } from './catalog.store.js';
import type { Credit, Item, MediaFile, Series } from './catalog.types.js';
import type { CreditsStore } from './credits.store.js';
import type { MediaFileStore } from './media-file.store.js';

export interface CatalogViewDeps {
  catalog: CatalogStore;
  files: MediaFileStore;
  credits: CreditsStore;
  transcodeState: (itemId: number) => TranscodeState;
  /** how the first file's name was read (what `seed parse` prints), or null */
  parseInfo: (item: Item, file: MediaFile) => Record<string, string | number | boolean | null> | null;
}

/** A cache-busting token: the URL changes when the artwork file does. */
const version = (file: string) => createHash('sha1').update(file).digest('hex').slice(0, 10);
export const artworkUrl = (base: string, file: string | null) => (file ? `${base}?v=${version(file)}` : null);
const iso = (ms: number) => new Date(ms).toISOString();

const toCredit = (c: Credit): PersonCreditDto => ({ id: c.personId, name: c.name, role: c.role, character: c.character });

/**
 * Whether the viewer may see a title: its library, and its rating under a kid's ceiling (an episode
 * without a rating of its own has its series' rating). `series`: the episode's series when at hand.
 */
export function canSeeItem(
  viewer: Viewer,
  item: Pick<Item, 'mpaa' | 'libraryId' | 'seriesId' | 'parentItemId'>,
  series: Pick<Series, 'mpaa'> | null,
  catalog?: Pick<CatalogViewDeps['catalog'], 'getSeries' | 'get'>,
): boolean {
  if (viewer.ceiling === null && viewer.libraryIds === null) return true;
  return canSee(viewer, { certification: certificationOf(item, series, catalog), libraryId: item.libraryId });
}

/** A title's rating: its own, else its series' (an episode) or its film's (an extra: a trailer of an R film is R). */
function certificationOf(item: Pick<Item, 'mpaa' | 'seriesId' | 'parentItemId'>, series: Pick<Series, 'mpaa'> | null, catalog?: Pick<CatalogViewDeps['catalog'], 'getSeries' | 'get'>): string | null {
  if (item.mpaa !== null) return item.mpaa;
  if (item.seriesId !== null) return (series ?? catalog?.getSeries(item.seriesId) ?? null)?.mpaa ?? null;
  if (item.parentItemId !== null) {
    const parent = catalog?.get(item.parentItemId) ?? null;
    // an extra the catalogue cannot place is judged unrated
    return parent ? certificationOf(parent, null, catalog) : null;
  }
  return null;
}

/** A series is seen when one of its episodes is. */
export const canSeeSeries = (viewer: Viewer, series: Series, catalog: Pick<CatalogViewDeps['catalog'], 'episodesOf'>): boolean =>
  (viewer.ceiling === null && viewer.libraryIds === null) || catalog.episodesOf(series.id).some((e) => canSeeItem(viewer, e, series));

export function toItemDto(item: Item, deps: Pick<CatalogViewDeps, 'catalog' | 'files' | 'transcodeState'>, files = deps.files.ofItem(item.id)): ItemDto {
  const first = files[0];
  const series = item.seriesId !== null ? deps.catalog.getSeries(item.seriesId) : null;
  return {
    id: item.id,
    libraryId: item.libraryId,
    kind: item.kind,
    title: item.title,
    seriesId: item.seriesId,
    seriesTitle: series?.title ?? null,
    season: item.season,
    episode: item.episode,
    endingEpisode: item.endingEpisode,
    airDate: item.airDate,
    extraType: item.extraType,
    year: item.year,
    durationMs: item.durationMs,
    width: first?.width ?? null,
    height: first?.height ?? null,
    posterUrl: artworkUrl(`/api/items/${item.id}/artwork/poster`, item.posterFile),
    offline: files.length > 0 && files.every((f) => f.missing),
    addedAt: iso(item.addedAt),
    transcode: deps.transcodeState(item.id),
  };
}

/** Every video, audio and subtitle stream; older probes without details give video and audio only. */
function streamsOf(f: MediaFile): StreamDto[] {
  const details = f.media.details;
  if (!details) {
    return [
      ...(f.media.video ? [{ type: 'video' as const, codec: f.media.video.codec, language: null, title: null, channels: null, width: f.media.video.width, height: f.media.video.height, frameRate: f.media.video.frameRate, bitDepth: null, bitRateKbps: null, default: true, forced: false, imageSubtitle: false }] : []),
      ...f.media.audio.map((a) => ({ type: 'audio' as const, codec: a.codec, language: a.language, title: null, channels: a.channels, width: null, height: null, frameRate: null, bitDepth: null, bitRateKbps: null, default: false, forced: false, imageSubtitle: false })),
    ];
  }
  return details.streams
    .filter((s): s is typeof s & { type: StreamDto['type'] } => (s.type === 'video' && !s.isAttachedPicture) || s.type === 'audio' || s.type === 'subtitle')
    .map((s) => ({
      type: s.type,
      codec: s.codec ?? 'unknown',
      language: s.language,
      title: s.title,
      channels: s.channels || null,
      width: s.width || null,
      height: s.height || null,
      frameRate: s.frameRate || null,
      bitDepth: s.bitDepth || null,
      bitRateKbps: s.bitRateKbps || null,
      default: s.isDefault,
      forced: s.isForced,
      imageSubtitle: s.isImageSubtitle,
    }));
}

function toFileDto(f: MediaFile, deps: Pick<CatalogViewDeps, 'files'>): MediaFileDto {
  return {
    id: f.id,
    path: f.path,
    part: f.part,
    sizeBytes: f.sizeBytes,
    durationMs: f.durationMs,
    width: f.width,
    height: f.height,
    format3D: f.format3D,
    missing: f.missing,
    hdr: f.media.details?.hdr ?? null,
    bitRateKbps: f.media.bitRateKbps,
    container: f.media.formatName,
    streams: streamsOf(f),
    chapters: (f.media.details?.chapters ?? []).map((c) => ({ startMs: c.startMs, title: c.title })),
    subtitles: deps.files.subtitlesOf(f.id).map((s) => ({
      id: s.id,
      format: s.format,
      language: s.language,
      forced: s.forced,
      default: s.isDefault,
      hearingImpaired: s.hearingImpaired,
      external: true,
    })),
  };
}

/** Files grouped by version label, parts in order. */
function versionsOf(files: readonly MediaFile[], deps: Pick<CatalogViewDeps, 'files'>): VersionDto[] {
  const byLabel = new Map<string | null, MediaFile[]>();
  for (const f of files) byLabel.set(f.version, [...(byLabel.get(f.version) ?? []), f]);
  return [...byLabel.entries()].map(([label, parts]) => ({ label, parts: parts.sort((a, b) => (a.part ?? 0) - (b.part ?? 0)).map((f) => toFileDto(f, deps)) }));
}

export function toItemDetailDto(item: Item, deps: CatalogViewDeps): ItemDetailDto {
  const files = deps.files.ofItem(item.id);
  const owner = { itemId: item.id };
  return {
    ...toItemDto(item, deps, files),
    originalTitle: item.originalTitle,
    plot: item.plot,
    tagline: item.tagline,
    mpaa: item.mpaa,
    rating: item.rating,
    studio: item.studio,
    fanartUrl: artworkUrl(`/api/items/${item.id}/artwork/fanart`, item.fanartFile),
    previewsUrl: artworkUrl(`/api/items/${item.id}/previews/thumbnails.vtt`, item.previewsDir),
    genres: deps.credits.genresOf(owner),
    people: deps.credits.creditsOf(owner).map(toCredit),
    versions: versionsOf(files, deps),
    extras: deps.catalog.extrasOf(item.id).map((e) => toItemDto(e, deps)),
    parse: files[0] ? deps.parseInfo(item, files[0]) : null,
  };
}

const seasonTitle = (n: number | null) => (n === null ? 'Episodes' : n === 0 ? 'Specials' : `Season ${n}`);

export function toSeriesDto(series: Series, deps: CatalogViewDeps, viewer: Viewer = FIRST_ADMIN): SeriesDto {
  const episodes = deps.catalog.episodesOf(series.id).filter((e) => canSeeItem(viewer, e, series)).map((e) => toItemDto(e, deps));
  const owner = { seriesId: series.id };
  return {
    id: series.id,
    libraryId: series.libraryId,
    title: series.title,
    year: series.year,
    plot: series.plot,
    mpaa: series.mpaa,
    rating: series.rating,
    studio: series.studio,
    posterUrl: artworkUrl(`/api/series/${series.id}/artwork/poster`, series.posterFile),
    fanartUrl: artworkUrl(`/api/series/${series.id}/artwork/fanart`, series.fanartFile),
    genres: deps.credits.genresOf(owner),
    people: deps.credits.creditsOf(owner).map(toCredit),
    seasons: deps.catalog.seasonsOf(series.id).map((s) => ({
      number: s.number,
      title: seasonTitle(s.number),
      posterUrl: artworkUrl(`/api/series/${series.id}/seasons/${s.number ?? 'none'}/poster`, s.posterFile),
      episodes: episodes.filter((e) => e.season === s.number),
    })),
    extras: deps.catalog.extrasOfSeries(series.id).map((e) => toItemDto(e, deps)),
    offline: episodes.length > 0 && episodes.every((e) => e.offline),
  };
}

/** A movie's card (the viewer may see it: asked before). */
function movieCard(m: Item, offline: ReadonlySet<number>): TitleCardDto {
  return {
    type: 'movie',
    id: m.id,
    title: m.title,
    year: m.year,
    posterUrl: artworkUrl(`/api/items/${m.id}/artwork/poster`, m.posterFile),
    durationMs: m.durationMs,
    episodeCount: null,
    offline: offline.has(m.id),
    addedAt: iso(m.addedAt),
  };
}

/** A series' card with the episodes the viewer may see; null when it may see none. It takes the poster of its first episode when it has none. */
function seriesCard(deps: Pick<CatalogViewDeps, 'catalog'>, s: Series, viewer: Viewer, offline: ReadonlySet<number>, all: readonly Item[] = deps.catalog.episodesOf(s.id)): TitleCardDto | null {
  const episodes = all.filter((e) => canSeeItem(viewer, e, s));
  if (episodes.length === 0) return null;
  const withPoster = episodes.find((e) => e.posterFile);
  const poster = s.posterFile
    ? artworkUrl(`/api/series/${s.id}/artwork/poster`, s.posterFile)
    : withPoster
      ? artworkUrl(`/api/items/${withPoster.id}/artwork/poster`, withPoster.posterFile)
      : null;
  return {
    type: 'series',
    id: s.id,
    title: s.title,
    year: s.year,
    posterUrl: poster,
    durationMs: null,
    episodeCount: episodes.length,
    offline: episodes.every((e) => offline.has(e.id)),
    addedAt: iso(s.addedAt),
  };
}

/** The cards of some movies and series, in the order asked; null for one the viewer may not see or that is gone. */
export function titleCardsOf(deps: Pick<CatalogViewDeps, 'catalog' | 'files'>, viewer: Viewer, titles: readonly { type: 'movie' | 'series'; id: number }[]): (TitleCardDto | null)[] {
  // whether each is offline is asked of these titles' files only
  const found = titles.map(({ type, id }) => {
    if (type === 'series') {
      const s = deps.catalog.getSeries(id);
      return s ? { kind: 'series' as const, series: s, episodes: deps.catalog.episodesOf(s.id) } : null;
    }
    const m = deps.catalog.get(id);
    return m && m.kind === 'movie' && canSeeItem(viewer, m, null) ? { kind: 'movie' as const, movie: m } : null;
  });
  const offline = deps.files.offlineAmong(found.flatMap((f) => (f === null ? [] : f.kind === 'movie' ? [f.movie.id] : f.episodes.map((e) => e.id))));
  return found.map((f) => (f === null ? null : f.kind === 'movie' ? movieCard(f.movie, offline) : seriesCard(deps, f.series, viewer, offline, f.episodes)));
}

/** The home grid: the movies and series the viewer may see (a series with at least one episode it may see), A to Z. */
export function titleCards(deps: Pick<CatalogViewDeps, 'catalog' | 'files' | 'transcodeState'>, viewer: Viewer = FIRST_ADMIN): TitleCardDto[] {
  const offline = deps.files.offlineItemIds();
  const movies = deps.catalog.listMovies().filter((m) => canSeeItem(viewer, m, null)).map((m) => movieCard(m, offline));
  const series = deps.catalog.listSeries().flatMap((s) => seriesCard(deps, s, viewer, offline) ?? []);
  const sortKey = (t: TitleCardDto) => t.title.replace(/^(the|a|an)\s+/i, '').toLocaleLowerCase();
  return [...movies, ...series].sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.id - b.id);
}
