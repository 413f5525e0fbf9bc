import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MASTER_PLAYLIST } from '../../../transcoder/src/index.js';
import { Router } from 'express';
import { z } from 'zod';
import type { PlaybackDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { sendContainedFile } from '../http/send-file.js';
import { parseInput } from '../http/validate.js';
import { notFound } from '../errors.js';
import type { HlsService } from './hls.service.js';

const playbackQuery = z.object({ retry: z.enum(['true', 'false']).optional(), prefer: z.enum(['auto', 'hls']).optional() });
const REMUX_FILE = /^(index\.m3u8|seg-\d{5}\.ts)$/;
/** a video rung (0, 1, …), an alternative audio track (a1, …) or a subtitle track (s0, …) */
const RUNG = /^[as]?[0-9]{1,2}$/;
const FILE = /^(index\.m3u8|seg-\d{5}\.ts|sub\.vtt)$/;

const MIME = { m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t', vtt: 'text/vtt; charset=utf-8' } as const;
const mimeOf = (path: string) => (path.endsWith('.m3u8') ? MIME.m3u8 : path.endsWith('.vtt') ? MIME.vtt : MIME.ts);

/** `touch`: a title's stream was served (the storage keeps what was watched last). */
export function streamingRoutes(deps: { hls: HlsService; transcodesDir: string; libraryRoots: () => string[]; touch?: (itemId: number) => void }): Router {
  const router = Router();

  router.get('/items/:id/playback', (req, res) => {
    const id = idParam(req.params.id);
    const query = parseInput(playbackQuery, req.query, 'query');
    const playback = deps.hls.playback(id, { retry: query.retry === 'true', prefer: query.prefer });
    const body: PlaybackDto = {
      method: playback.method,
      url: playback.ready ? `/api/items/${id}/${playback.path}` : null,
      ready: playback.ready,
      reason: playback.reason,
      transcode: playback.transcode,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  const sendPlaylist = (res: import('express').Response, text: string) => {
    res.type(MIME.m3u8).set('Cache-Control', 'no-cache').send(text);
  };

  /** A finished ladder's file when there is one; null while the title plays just in time. */
  const finished = (id: number, parts: string[]): string | null => {
    const dir = deps.hls.renditionDir(id);
    return dir && existsSync(join(dir, MASTER_PLAYLIST)) ? join(dir, ...parts) : null;
  };

  const sendStreamFile = (res: import('express').Response, path: string) =>
    sendContainedFile(res, path, [deps.transcodesDir], {
      contentType: mimeOf(path),
      // a segment never changes in place (whole ladder or just in time, the same frames at the same times)
      maxAgeSeconds: path.endsWith('.ts') ? 86_400 : 0,
      what: 'stream file',
    });

  // direct play: the file as it is, with HTTP ranges, from inside a library folder only
  router.get('/items/:id/file', async (req, res) => {
    const path = deps.hls.directFile(idParam(req.params.id));
    // MP4, MOV and M4V alike: browsers take them as video/mp4 (video/quicktime is refused by some)
    await sendContainedFile(res, path, deps.libraryRoots(), { what: 'file', contentType: 'video/mp4' });
  });

  router.get('/items/:id/remux/:file', async (req, res) => {
    const { file } = req.params;
    if (!REMUX_FILE.test(file)) throw notFound('stream file');
    deps.touch?.(idParam(req.params.id));
    await sendStreamFile(res, join(deps.hls.remuxDir(idParam(req.params.id)), file));
  });

  router.get('/items/:id/hls/master.m3u8', async (req, res) => {
    const id = idParam(req.params.id);
    deps.touch?.(id);
    const path = finished(id, [MASTER_PLAYLIST]);
    if (path) await sendStreamFile(res, path);
    else sendPlaylist(res, deps.hls.liveMaster(id));
  });
  router.get('/items/:id/hls/:rung/:file', async (req, res) => {
    const { rung, file } = req.params;
    if (!RUNG.test(rung) || !FILE.test(file)) throw notFound('stream file');
    const id = idParam(req.params.id);
    deps.touch?.(id);
    const path = finished(id, [rung, file]);
    // a rung evicted to stay within the quota is made just in time again (the segments are interchangeable)
    if (path && (existsSync(path) || !/^[0-9]+$/.test(rung))) return sendStreamFile(res, path);
    // audio and subtitle tracks come with the whole ladder only
    if (!/^[0-9]+$/.test(rung) || file === 'sub.vtt') throw notFound('stream file');
    if (file === 'index.m3u8') return sendPlaylist(res, deps.hls.liveMediaPlaylist(id));
    // a player that goes away stops waiting; the run it started goes on until nobody watches
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    await sendStreamFile(res, await deps.hls.liveSegment(id, Number(rung), Number(file.slice(4, 9)), gone.signal));
  });
  return router;
}
