import { join } from 'node:path';
import { Router } from 'express';
import type { ItemDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { sendContainedFile } from '../http/send-file.js';
import { notFound } from '../errors.js';
import type { TranscodeState } from '../streaming/hls.service.js';
import type { CatalogStore } from './catalog.store.js';
import type { Item } from './catalog.types.js';

export function toItemDto(item: Item, transcode: TranscodeState): ItemDto {
  return {
    id: item.id,
    libraryId: item.libraryId,
    kind: item.kind,
    title: item.title,
    seriesTitle: item.seriesTitle,
    season: item.season,
    episode: item.episode,
    year: item.year,
    durationMs: item.durationMs,
    width: item.width,
    height: item.height,
    // the poster's file name changes with its content, so the URL can be cached for long
    posterUrl: item.posterFile ? `/api/items/${item.id}/poster.jpg?v=${encodeURIComponent(item.posterFile)}` : null,
    addedAt: new Date(item.addedAt).toISOString(),
    transcode,
  };
}

export function catalogRoutes(deps: { catalog: CatalogStore; transcodeState: (itemId: number) => TranscodeState; artworkDir: string }): Router {
  const router = Router();
  const getItem = (id: number) => {
    const item = deps.catalog.get(id);
    if (!item) throw notFound(`title ${id}`);
    return item;
  };
  router.get('/items', (_req, res) => {
    res.json({ items: deps.catalog.list().map((i) => toItemDto(i, deps.transcodeState(i.id))) });
  });
  router.get('/items/:id', (req, res) => {
    const item = getItem(idParam(req.params.id));
    res.json(toItemDto(item, deps.transcodeState(item.id)));
  });
  router.get('/items/:id/poster.jpg', async (req, res) => {
    const item = getItem(idParam(req.params.id));
    if (!item.posterFile) throw notFound(`poster of title ${item.id}`);
    await sendContainedFile(res, join(deps.artworkDir, item.posterFile), [deps.artworkDir], {
      contentType: 'image/jpeg',
      maxAgeSeconds: 86_400,
      what: `poster of title ${item.id}`,
    });
  });
  return router;
}
