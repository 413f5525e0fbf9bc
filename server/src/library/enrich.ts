import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { makeRepresentativeFrame, type MediaInfo, type RunFfmpeg } from '../../../transcoder/src/index.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import type { Item, MediaFile } from '../catalog/catalog.types.js';
import type { CreditsStore, Owner } from '../catalog/credits.store.js';
import type { MediaFileStore } from '../catalog/media-file.store.js';
import type { Logger } from '../log.js';
import type { AfterScan } from './library.service.js';
import { findLocalArtwork, seasonOfFolder } from './local-artwork.js';
import { nfoFilesFor, parseNfo, type NfoInfo } from './nfo.js';

/** Folder listings read once per enrichment pass. */
function createListings() {
  const cache = new Map<string, Promise<string[]>>();
  return (dir: string) => {
    let names = cache.get(dir);
    if (!names) {
      names = readdir(dir).catch(() => []);
      cache.set(dir, names);
    }
    return names;
  };
}

/** The first candidate that exists in its folder, matched without regard to case (Kodi's names vary). */
async function findExisting(candidates: readonly string[], list: (dir: string) => Promise<string[]>): Promise<string | null> {
  for (const candidate of candidates) {
    const names = await list(dirname(candidate));
    const wanted = basename(candidate).toLowerCase();
    const hit = names.find((n) => n.toLowerCase() === wanted);
    if (hit) return join(dirname(candidate), hit);
  }
  return null;
}

async function readNfo(candidates: readonly string[], list: (dir: string) => Promise<string[]>) {
  const path = await findExisting(candidates, list);
  if (!path) return null;
  const text = await readFile(path, 'utf8').catch(() => null);
  return text === null ? null : parseNfo(text);
}

const credits = (info: NfoInfo) => [
  ...info.directors.map((name) => ({ name, role: 'director' as const, character: null })),
  ...info.writers.map((name) => ({ name, role: 'writer' as const, character: null })),
  ...[...info.cast].sort((a, b) => (a.order ?? 999) - (b.order ?? 999)).map((a) => ({ name: a.name, role: 'actor' as const, character: a.role })),
];

/** Embedded tags when there is no NFO: title, date, genre, description. */
function fromTags(media: MediaInfo): { plot: string | null; genres: string[]; year: number | null } {
  const tags = media.details?.tags;
  const year = Number.parseInt(tags?.date ?? media.tags.date ?? '', 10);
  return {
    plot: tags?.description ?? media.tags.description ?? media.tags.comment ?? null,
    genres: (tags?.genre ?? media.tags.genre ?? '').split(/[;/,]/).map((g) => g.trim()).filter(Boolean),
    year: Number.isFinite(year) && year > 1800 && year < 2200 ? year : null,
  };
}

/**
 * After a scan: each new or changed title gets its metadata (Kodi NFO, else embedded tags),
 * local artwork (else a representative frame), and its transcodes queued again. Failures here
 * degrade (no poster, no plot), never fail the scan.
 */
export function createEnricher(deps: {
  catalog: CatalogStore;
  files: MediaFileStore;
  credits: CreditsStore;
  runFfmpeg: RunFfmpeg;
  artworkDir: string;
  onItemChanged: (itemId: number) => void;
  /** titles enriched at once */
  concurrency: number;
  now: () => number;
  log: Logger;
}): AfterScan {
  const generatePoster = async (item: Item, file: MediaFile): Promise<string | null> => {
    const output = join(deps.artworkDir, `${item.id}-${deps.now().toString(36)}.jpg`);
    try {
      const made = await makeRepresentativeFrame(file.path, output, file.durationMs, { runFfmpeg: deps.runFfmpeg }, { streamIndex: file.media.video?.index });
      return made ? output : null;
    } catch (err) {
      deps.log.warn({ itemId: item.id, err: (err as Error).message }, 'no poster frame');
      return null;
    }
  };

  const applyNfo = (owner: Owner, info: NfoInfo) => {
    deps.credits.setCredits(owner, credits(info));
    deps.credits.setGenres(owner, [...info.genres]);
    deps.credits.setKeywords(owner, info.tags);
  };

  async function enrichItem(item: Item, file: MediaFile, list: (dir: string) => Promise<string[]>): Promise<void> {
    const owner = { itemId: item.id };
    const nfoKind = item.kind === 'episode' ? 'episode' : 'movie';
    const nfo = item.kind === 'extra' ? null : await readNfo(nfoFilesFor(file.path, nfoKind), list);
    const info = nfo?.kind === 'movie' ? nfo.info : nfo?.kind === 'episode' ? (nfo.episodes.find((e) => e.episode === item.episode) ?? nfo.episodes[0] ?? null) : null;
    if (info) {
      deps.catalog.setMetadata(item.id, {
        title: info.title,
        year: info.year,
        originalTitle: info.originalTitle,
        plot: info.plot ?? info.outline,
        tagline: info.tagline,
        mpaa: info.certification,
        rating: info.rating,
        studio: info.studios[0] ?? null,
      });
      applyNfo(owner, info);
    } else {
      const tags = fromTags(file.media);
      deps.catalog.setMetadata(item.id, { year: item.year ?? tags.year, originalTitle: null, plot: tags.plot, tagline: null, mpaa: null, rating: null, studio: null });
      deps.credits.setGenres(owner, tags.genres);
    }

    const folder = dirname(file.path);
    const local = findLocalArtwork(file.path, await list(folder), await list(dirname(folder)), item.kind === 'episode' ? 'episode' : 'movie');
    // an episode's own picture is its thumb (the show's poster belongs to the series); else a frame of it
    const own = item.kind === 'episode' ? local.thumb : local.poster;
    const kept = item.posterFile?.startsWith(deps.artworkDir) && existsSync(item.posterFile) ? item.posterFile : null;
    const poster = own ?? kept ?? (await generatePoster(item, file));
    deps.catalog.setArtwork(item.id, poster, item.kind === 'episode' ? null : local.fanart);
  }

  async function enrichSeries(seriesId: number, episodeFile: MediaFile, list: (dir: string) => Promise<string[]>): Promise<void> {
    // the show folder: above "Season 1/", or the episode's own folder when there are no season folders
    const folder = dirname(episodeFile.path);
    const showDir = seasonOfFolder(basename(folder)) !== null ? dirname(folder) : folder;
    const nfo = await readNfo([join(showDir, 'tvshow.nfo')], list);
    if (nfo?.kind === 'tvshow') {
      deps.catalog.setSeriesMetadata(seriesId, { title: nfo.info.title, year: nfo.info.year, plot: nfo.info.plot, mpaa: nfo.info.certification, rating: nfo.info.rating, studio: nfo.info.studios[0] ?? null });
      applyNfo({ seriesId }, nfo.info);
    }
    const names = await list(showDir);
    const art = findLocalArtwork(join(showDir, 'tvshow.mkv'), names, [], 'movie');
    deps.catalog.setSeriesArtwork(seriesId, art.poster, art.fanart);
    // season posters: "season01-poster.jpg" in the show folder, or the season folder's own poster
    const episodeArt = findLocalArtwork(episodeFile.path, await list(folder), await list(dirname(folder)), 'episode');
    for (const [season, path] of Object.entries(episodeArt.seasonPosters)) deps.catalog.setSeasonPoster(seriesId, Number(season), path);
    // "Season 1/folder.jpg" or "Season 1/poster.jpg"
    for (const name of names) {
      const season = seasonOfFolder(name);
      if (season === null || art.seasonPosters[season]) continue;
      const inside = await list(join(showDir, name));
      const poster = inside.find((n) => /^(folder|poster|cover)\.(jpe?g|png|webp)$/i.test(n));
      if (poster) deps.catalog.setSeasonPoster(seriesId, season, join(showDir, name, poster));
    }
  }

  return async (summary, signal) => {
    const list = createListings();
    const seriesDone = new Set<number>();
    const contentChanged = new Set(summary.changedItemIds);
    const queue = [...summary.changedItemIds, ...summary.refreshItemIds];
    // frame grabs are mostly ffmpeg start-up: a few at once keep the cores busy
    const worker = async () => {
      for (let itemId = queue.shift(); itemId !== undefined && !signal.aborted; itemId = queue.shift()) {
        const item = deps.catalog.get(itemId);
        const file = deps.files.ofItem(itemId).find((f) => !f.missing);
        if (!item || !file) continue;
        try {
          await enrichItem(item, file, list);
          if (item.seriesId !== null && !seriesDone.has(item.seriesId)) {
            seriesDone.add(item.seriesId);
            await enrichSeries(item.seriesId, file, list);
          }
        } catch (err) {
          deps.log.warn({ itemId, err: (err as Error).message }, 'metadata not read');
        }
        if (item.kind !== 'extra' && contentChanged.has(itemId)) deps.onItemChanged(itemId);
      }
    };
    await Promise.all(Array.from({ length: deps.concurrency }, worker));
    deps.credits.prune();
  };
}
