import { Router } from 'express';
import { z } from 'zod';
import type { AddLibraryRequest, LibraryDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { parseInput } from '../http/validate.js';
import type { LibraryService } from './library.service.js';
import { LIBRARY_KINDS, type Library } from './library.types.js';

export const addLibrarySchema = z
  .object({
    path: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim().min(1, 'is required'),
    name: z.string().trim().max(200).optional(),
    kind: z.enum(LIBRARY_KINDS).optional(),
  })
  .strict() satisfies z.ZodType<AddLibraryRequest>;

export function toLibraryDto(library: Library, scanning: boolean): LibraryDto {
  return {
    id: library.id,
    name: library.name,
    kind: library.kind,
    path: library.path,
    itemCount: library.itemCount,
    scanning,
    lastScanAt: library.lastScanAt === null ? null : new Date(library.lastScanAt).toISOString(),
  };
}

export function libraryRoutes(libraries: LibraryService): Router {
  const router = Router();
  const dto = (l: Library) => toLibraryDto(l, libraries.isScanning(l.id));
  router.get('/libraries', (_req, res) => {
    res.json({ libraries: libraries.list().map(dto) });
  });
  router.post('/libraries', async (req, res) => {
    const input = parseInput(addLibrarySchema, req.body ?? {}, 'body');
    res.status(201).json(dto(await libraries.add(input)));
  });
  router.get('/libraries/:id', (req, res) => {
    res.json(dto(libraries.get(idParam(req.params.id))));
  });
  router.post('/libraries/:id/scan', (req, res) => {
    const id = idParam(req.params.id);
    void libraries.scan(id).catch(() => undefined); // logged by the scan itself
    res.status(202).json(dto(libraries.get(id)));
  });
  router.get('/libraries/:id/skipped', (req, res) => {
    const id = idParam(req.params.id);
    libraries.get(id);
    res.json({
      files: libraries.skipped(id).map((s) => ({ path: s.path, reason: s.reason, seenAt: new Date(s.seenAt).toISOString() })),
    });
  });
  return router;
}
