import { Router } from 'express';
import { z } from 'zod';
import type { AddLibraryRequest, LibraryDto, SkippedFileDto, UpdateLibraryRequest } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { viewerOf } from '../profiles/request-viewer.js';
import { parseInput } from '../http/validate.js';
import type { LibraryService } from './library.service.js';
import { LIBRARY_KINDS, type Library } from './library.types.js';
import type { ScanProgress } from './scanner.js';

const folderPath = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim().min(1, 'is required');
const name = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'is too long');
const kind = z.enum(LIBRARY_KINDS, { error: 'must be one of movies, shows, mixed' });
const paths = z.array(folderPath, { error: 'must be a list of folders' }).min(1, 'needs at least one folder').max(50, 'has too many folders');

export const addLibrarySchema = z
  .object({ path: folderPath.optional(), paths: paths.optional(), name: name.optional(), kind: kind.optional() })
  .strict()
  .refine((v) => v.path !== undefined || v.paths !== undefined, { message: 'is required', path: ['path'] }) satisfies z.ZodType<AddLibraryRequest>;

export const updateLibrarySchema = z
  .object({ name: name.optional(), kind: kind.optional(), paths: paths.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one of name, kind, paths' }) satisfies z.ZodType<UpdateLibraryRequest>;

export function toLibraryDto(library: Library, scanning: boolean, progress: ScanProgress | null): LibraryDto {
  return {
    id: library.id,
    name: library.name,
    kind: library.kind,
    path: library.folders[0]?.path ?? '',
    folders: library.folders.map((f) => ({ path: f.path, online: f.online })),
    itemCount: library.itemCount,
    scanning,
    progress,
    lastScanAt: library.lastScanAt === null ? null : new Date(library.lastScanAt).toISOString(),
  };
}

export function libraryRoutes(libraries: LibraryService): Router {
  const router = Router();
  const dto = (l: Library) => toLibraryDto(l, libraries.isScanning(l.id), libraries.progressOf(l.id));
  router.get('/libraries', (_req, res) => {
    // a profile that sees some libraries only is told of those only
    const seen = viewerOf(res).libraryIds;
    res.json({ libraries: libraries.list().filter((l) => seen === null || seen.includes(l.id)).map(dto) });
  });
  router.post('/libraries', async (req, res) => {
    const input = parseInput(addLibrarySchema, req.body ?? {}, 'body');
    const library = await libraries.add({ paths: input.paths ?? [input.path!], name: input.name, kind: input.kind });
    res.status(201).json(dto(library));
  });
  router.get('/libraries/:id', (req, res) => {
    res.json(dto(libraries.get(idParam(req.params.id))));
  });
  router.patch('/libraries/:id', async (req, res) => {
    const id = idParam(req.params.id);
    const change = parseInput(updateLibrarySchema, req.body ?? {}, 'body');
    res.json(dto(await libraries.update(id, change)));
  });
  router.delete('/libraries/:id', async (req, res) => {
    await libraries.remove(idParam(req.params.id));
    res.status(204).end();
  });
  router.post('/libraries/:id/scan', (req, res) => {
    const id = idParam(req.params.id);
    libraries.get(id);
    void libraries.scan(id).catch(() => undefined); // logged by the scan itself
    res.status(202).json(dto(libraries.get(id)));
  });
  router.get('/libraries/:id/skipped', (req, res) => {
    const id = idParam(req.params.id);
    libraries.get(id);
    const files: SkippedFileDto[] = libraries.skipped(id).map((s) => ({ path: s.path, reason: s.reason, seenAt: new Date(s.seenAt).toISOString() }));
    res.json({ files });
  });
  return router;
}
