import { join } from 'node:path';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ItemListDto, TitleListDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { sendContainedFile } from '../http/send-file.js';
import { parseInput } from '../http/validate.js';
import { notFound } from '../errors.js';
import { canSeeItem, canSeeSeries, titleCards, toItemDetailDto, toItemDto, toSeriesDto, type CatalogViewDeps } from './catalog.dto.js';
import { viewerOf } from '../profiles/request-viewer.js';

const artworkKind = z.enum(['poster', 'fanart'], { error: 'must be poster or fanart' });
const seasonParam = z.union([z.literal('none'), z.coerce.number().int().min(0).max(10_000)], { error: 'must be a season number or none' });

export function catalogRoutes(deps: CatalogViewDeps & { artworkRoots: () => string[] }): Router {
  const router = Router();
  // a title the viewer may not see is not found, as if it were not there (a kid typing a URL learns nothing)
  const getItem = (res: Response, id: number) => {
    const item = deps.catalog.get(id);
    if (!item || !canSeeItem(viewerOf(res), item, null, deps.catalog)) throw notFound(`title ${id}`);
    return item;
  };
  const getSeries = (res: Response, id: number) => {
    const series = deps.catalog.getSeries(id);
    if (!series || !canSeeSeries(viewerOf(res), series, deps.catalog)) throw notFound(`series ${id}`);
    return series;
  };
  const sendArtwork = (res: Response, file: string | null, what: string) => {
    if (!file) throw notFound(what);
    // local artwork lives in the library folders, generated artwork in the data folder
    return sendContainedFile(res, file, deps.artworkRoots(), { maxAgeSeconds: 86_400, what });
  };

  router.get('/titles', (_req, res) => {
    const body: TitleListDto = { titles: titleCards(deps, viewerOf(res)) };
    res.json(body);
  });
  router.get('/items', (_req, res) => {
    const viewer = viewerOf(res);
    const body: ItemListDto = { items: deps.catalog.listPlayable().filter((i) => canSeeItem(viewer, i, null, deps.catalog)).map((i) => toItemDto(i, deps)) };
    res.json(body);
  });
  router.get('/items/:id', (req, res) => {
    res.json(toItemDetailDto(getItem(res, idParam(req.params.id)), deps));
  });
  router.get('/items/:id/artwork/:kind', async (req, res) => {
    const item = getItem(res, idParam(req.params.id));
    const kind = parseInput(artworkKind, req.params.kind, 'kind');
    await sendArtwork(res, kind === 'poster' ? item.posterFile : item.fanartFile, `${kind} of title ${item.id}`);
  });
  router.get('/items/:id/previews/:file', async (req, res) => {
    const item = getItem(res, idParam(req.params.id));
    const file = req.params.file;
    if (!item.previewsDir || !/^(thumbnails\.vtt|sprite-\d{1,4}\.jpg)$/.test(file)) throw notFound(`seek preview ${file}`);
    await sendContainedFile(res, join(item.previewsDir, file), deps.artworkRoots(), {
      contentType: file.endsWith('.vtt') ? 'text/vtt; charset=utf-8' : 'image/jpeg',
      maxAgeSeconds: 3600,
      what: `seek preview ${file}`,
    });
  });
  router.get('/series/:id', (req, res) => {
    res.json(toSeriesDto(getSeries(res, idParam(req.params.id)), deps, viewerOf(res)));
  });
  router.get('/series/:id/artwork/:kind', async (req, res) => {
    const series = getSeries(res, idParam(req.params.id));
    const kind = parseInput(artworkKind, req.params.kind, 'kind');
    await sendArtwork(res, kind === 'poster' ? series.posterFile : series.fanartFile, `${kind} of series ${series.id}`);
  });
  router.get('/series/:id/seasons/:season/poster', async (req, res) => {
    const series = getSeries(res, idParam(req.params.id));
    const season = parseInput(seasonParam, req.params.season, 'season');
    const number = season === 'none' ? null : season;
    const found = deps.catalog.seasonsOf(series.id).find((s) => s.number === number);
    if (!found) throw notFound(`season ${req.params.season} of series ${series.id}`);
    await sendArtwork(res, found.posterFile, `poster of season ${req.params.season}`);
  });
  return router;
}
