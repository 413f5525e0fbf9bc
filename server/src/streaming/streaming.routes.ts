import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import type { PlaybackDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { sendContainedFile } from '../http/send-file.js';
import { parseInput } from '../http/validate.js';
import { notFound } from '../errors.js';
import type { HlsService } from './hls.service.js';

const playbackQuery = z.object({ retry: z.enum(['true', 'false']).optional() });
const RUNG = /^[0-9]{1,2}$/;
const FILE = /^(index\.m3u8|seg-\d{5}\.ts)$/;

const MIME = { m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t' } as const;

export function streamingRoutes(deps: { hls: HlsService; transcodesDir: string }): Router {
  const router = Router();

  router.get('/items/:id/playback', (req, res) => {
    const id = idParam(req.params.id);
    const query = parseInput(playbackQuery, req.query, 'query');
    const playback = deps.hls.playback(id, { retry: query.retry === 'true' });
    const body: PlaybackDto = {
      method: 'hls',
      url: playback.ready ? `/api/items/${id}/hls/${playback.masterPath}` : null,
      ready: playback.ready,
      reason: playback.reason,
      transcode: playback.transcode,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  const serve = async (res: import('express').Response, id: number, parts: string[]) => {
    const dir = deps.hls.renditionDir(id);
    const file = parts.at(-1)!;
    await sendContainedFile(res, join(dir, ...parts), [deps.transcodesDir], {
      contentType: file.endsWith('.m3u8') ? MIME.m3u8 : MIME.ts,
      // a finished VOD rendition never changes in place: a new one gets a new job and files
      maxAgeSeconds: file.endsWith('.ts') ? 86_400 : 0,
      what: 'stream file',
    });
  };

  router.get('/items/:id/hls/master.m3u8', async (req, res) => {
    await serve(res, idParam(req.params.id), ['master.m3u8']);
  });
  router.get('/items/:id/hls/:rung/:file', async (req, res) => {
    const { rung, file } = req.params;
    if (!RUNG.test(rung) || !FILE.test(file)) throw notFound('stream file');
    await serve(res, idParam(req.params.id), [rung, file]);
  });
  return router;
}
