import { Router } from 'express';
import type { StorageDto } from '../http/api-types.js';
import type { StorageReport, StorageService } from './storage.service.js';

/** The titles listed: the biggest ones, enough to see where the space went. */
export const STORAGE_TITLES = 50;

export function toStorageDto(report: StorageReport): StorageDto {
  return {
    usedBytes: report.usedBytes,
    quotaBytes: report.quotaBytes,
    freeBytes: report.freeBytes,
    measuring: report.measuring,
    titles: report.titles.map((t) => ({
      itemId: t.itemId,
      title: t.title,
      bytes: t.bytes,
      rungs: t.rungs.map((r) => ({ name: r.name, bytes: r.bytes })),
      liveBytes: t.liveBytes,
      lastServedAt: t.lastServedAt === null ? null : new Date(t.lastServedAt).toISOString(),
    })),
  };
}

export function storageRoutes(storage: Pick<StorageService, 'report'>): Router {
  const router = Router();
  router.get('/storage', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(toStorageDto(await storage.report(STORAGE_TITLES)));
  });
  return router;
}
