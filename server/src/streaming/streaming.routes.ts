import { existsSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { MASTER_PLAYLIST } from '../../../transcoder/src/index.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { PlaybackDto } from '../http/api-types.js';
import { readContainedText } from '../http/contained-text.js';
import { idParam } from '../http/params.js';
import { isInside, sendContainedFile } from '../http/send-file.js';
import type { SegmentCache } from './segment-cache.js';
import { parseInput } from '../http/validate.js';
import { notFound } from '../errors.js';
import { capabilityFields, clientCapabilities } from './client-capabilities.js';
import type { HlsService } from './hls.service.js';
import { withToken } from './playlist-token.js';
import { chooseStartRung, variantsOf, withStartFirst } from './start-rung.js';
import type { BandwidthService } from '../playback/bandwidth.service.js';
import { languagesOf, viewerOf } from '../profiles/request-viewer.js';
import type { Viewer } from '../profiles/viewer.js';

const playbackQuery = z.object({ retry: z.enum(['true', 'false']).optional(), prefer: z.enum(['auto', 'hls']).optional(), ...capabilityFields });
/** the master's variant of this height first (the rung the server chose to start on) */
const masterQuery = z.object({ start: z.coerce.number({ error: 'must be a picture height in pixels' }).int('must be a picture height in pixels').min(1, 'must be a picture height in pixels').max(8640, 'must be at most 8640').optional() });
const REMUX_FILE = /^(index\.m3u8|seg-\d{5}\.ts)$/;
/** a video rung (0, 1, …), an alternative audio track (a1, …) or a subtitle track (s0, …) */
const RUNG = /^[as]?[0-9]{1,2}$/;
const FILE = /^(index\.m3u8|seg-\d{5}\.ts|sub\.vtt)$/;

const MIME = { m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t', vtt: 'text/vtt; charset=utf-8' } as const;
const mimeOf = (path: string) => (path.endsWith('.m3u8') ? MIME.m3u8 : path.endsWith('.vtt') ? MIME.vtt : MIME.ts);
// MP4, MOV and M4V alike: browsers take them as video/mp4 (video/quicktime is refused by some)
const directMimeOf = (path: string) => (/\.webm$/i.test(path) ? 'video/webm' : /\.mkv$/i.test(path) ? 'video/x-matroska' : 'video/mp4');
/** a segment never changes in place (whole ladder or just in time, the same frames at the same times) */
const SEGMENT_CACHE = 'public, max-age=86400, immutable';

/** The stream URLs: players on other origins (TV and phone apps, a cast receiver) fetch them with a token. */
const STREAM_PATHS = ['/items/:id/file', '/items/:id/remux/:file', '/items/:id/hls/master.m3u8', '/items/:id/hls/:rung/:file', '/items/:id/subtitles/:file'];
/** a subtitle of a title played as it is (direct or remux), by its place in the title's text subtitles */
const SUBTITLE_FILE_NAME = /^([0-9]{1,2})\.vtt$/;
// the token is what guards a stream, not the origin asking for it
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
} as const;
const PREFLIGHT = {
  ...CORS,
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, X-Seed-Client',
  'Access-Control-Max-Age': '86400',
} as const;

/**
 * `touch`: a title's stream was served (the storage keeps what was watched last); `bandwidth`: times
 * the segments sent to each device and says where its next session starts on the ladder.
 */
export function streamingRoutes(deps: {
  hls: HlsService;
  transcodesDir: string;
  libraryRoots: () => string[];
  touch?: (itemId: number) => void;
  bandwidth?: BandwidthService;
  /** whether the viewer may play the title (a kid's ceiling, its libraries): a title it may not is not found */
  canPlay?: (viewer: Viewer, itemId: number) => boolean;
  /** segments sent from memory; without it every one is read from its file */
  segments?: SegmentCache;
}): Router {
  const router = Router();

  /** A finished ladder's file when there is one; null while the title plays just in time. */
  const finished = (id: number, parts: string[]): string | null => {
    const dir = deps.hls.renditionDir(id);
    return dir && existsSync(join(dir, MASTER_PLAYLIST)) ? join(dir, ...parts) : null;
  };
  /** The master playlist as it is on disk (whole ladder) or planned (just in time), without tokens. */
  const masterOf = async (id: number): Promise<string> => {
    const path = finished(id, [MASTER_PLAYLIST]);
    return path ? readContainedText(path, [deps.transcodesDir], 'stream file') : deps.hls.liveMaster(id);
  };

  router.get('/items/:id/playback', async (req, res) => {
    const id = idParam(req.params.id);
    if (deps.canPlay && !deps.canPlay(viewerOf(res), id)) throw notFound(`title ${id}`);
    const query = parseInput(playbackQuery, req.query, 'query');
    const languages = languagesOf(res);
    const playback = deps.hls.playback(id, { retry: query.retry === 'true', prefer: query.prefer, client: clientCapabilities(query), audioLanguage: languages.audio ?? undefined });
    // base64url: nothing in it to escape
    const token = deps.hls.tokens.sign(id, query.clientId ?? null);
    // a ladder: the rung this device carries, from what was measured of it before
    const hint = deps.bandwidth && playback.method === 'hls' && playback.ready ? deps.bandwidth.startHint(query.clientId ?? null, req.ip ?? '') : null;
    const start = hint ? chooseStartRung(variantsOf(await masterOf(id)), { ...hint, maxHeight: query.maxHeight ?? null }) : null;
    // the file itself carries one audio track and no subtitles the browser reads: the player is told of the rest
    const tracks = await deps.hls.playerTracks(id, playback.ready && playback.method !== 'hls');
    const body: PlaybackDto = {
      method: playback.method,
      url: playback.ready ? `/api/items/${id}/${playback.path}?token=${token}${start ? `&start=${start.height}` : ''}` : null,
      ready: playback.ready,
      reason: playback.reason,
      transcode: playback.transcode,
      start,
      languages,
      audioTracks: tracks.audio,
      subtitles: tracks.subtitles.map(({ index, ...s }) => ({ ...s, url: `/api/items/${id}/subtitles/${index}.vtt?token=${token}` })),
      forcedSubtitles: tracks.forced,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.options(STREAM_PATHS, (_req, res) => {
    res.set(PREFLIGHT).sendStatus(204);
  });

  /** CORS, then the token in `?token=`: the token when it is for this title (and whom it was for), else 401/403 naming why. */
  const streamAccess = (req: Request, res: Response, itemId: number): { token: string; clientId: string | null } => {
    res.set(CORS);
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const { claims } = deps.hls.tokens.verify(token, { itemId, clientId: req.get('X-Seed-Client') ?? null });
    return { token: token!, clientId: claims.clientId };
  };

  /** Times a segment from now to its last byte handed to the network: a sample of the device's bandwidth. */
  const timeSegment = (req: Request, res: Response, itemId: number, clientId: string | null) => {
    if (!deps.bandwidth) return;
    const startedAt = performance.now();
    res.on('finish', () => {
      const bytes = Number(res.getHeader('Content-Length'));
      if (res.statusCode !== 200 || !Number.isFinite(bytes)) return;
      try {
        deps.bandwidth!.segmentSent({ clientId, address: req.ip ?? '', itemId, bytes, ms: performance.now() - startedAt });
      } catch {
        // a measurement lost (the database busy or closing) must not take the server down
      }
    });
  };

  /** Every URI in a playlist carries the token it was asked with, so the player's next requests do too. */
  const sendPlaylist = (res: Response, text: string, token: string) => {
    res.type(MIME.m3u8).set('Cache-Control', 'no-cache').send(withToken(text, token));
  };

  /**
   * A segment from the memory cache: whole, with its validators; a range request goes the file's way.
   * Its path is made by the server from a checked rung and file name under the transcodes folder,
   * which nothing but Seed writes: a lexical check stands in for resolving links on every request.
   */
  const sendSegment = async (req: Request, res: Response, path: string): Promise<boolean> => {
    if (!deps.segments || req.headers.range !== undefined) return false;
    const real = resolvePath(path);
    if (!isInside(resolvePath(deps.transcodesDir), real)) throw notFound('stream file');
    const segment = await deps.segments.read(real).catch(() => {
      throw notFound('stream file');
    });
    res.set({ 'Content-Type': MIME.ts, 'Cache-Control': SEGMENT_CACHE, 'Accept-Ranges': 'bytes', ETag: segment.etag, 'Last-Modified': new Date(segment.mtimeMs).toUTCString() });
    if (req.fresh) {
      res.status(304).end();
      return true;
    }
    res.set('Content-Length', String(segment.body.length));
    res.status(200).end(req.method === 'HEAD' ? undefined : segment.body);
    return true;
  };

  /** A file of a remux or a ladder; a playlist among them is sent with the token in its URIs. */
  const sendStreamFile = async (req: Request, res: Response, path: string, token: string) => {
    if (path.endsWith('.m3u8')) return sendPlaylist(res, await readContainedText(path, [deps.transcodesDir], 'stream file'), token);
    if (path.endsWith('.ts') && (await sendSegment(req, res, path))) return;
    // set first: send keeps a Cache-Control it finds
    if (path.endsWith('.ts')) res.set('Cache-Control', SEGMENT_CACHE);
    await sendContainedFile(res, path, [deps.transcodesDir], { contentType: mimeOf(path), what: 'stream file' });
  };

  // direct play: the file as it is, with HTTP ranges, from inside a library folder only
  router.get('/items/:id/file', async (req, res) => {
    const id = idParam(req.params.id);
    streamAccess(req, res, id);
    const path = deps.hls.directFile(id);
    await sendContainedFile(res, path, deps.libraryRoots(), { what: 'file', contentType: directMimeOf(path) });
  });

  router.get('/items/:id/subtitles/:file', async (req, res) => {
    const id = idParam(req.params.id);
    streamAccess(req, res, id);
    const index = SUBTITLE_FILE_NAME.exec(req.params.file)?.[1];
    if (index === undefined) throw notFound('subtitle');
    await sendContainedFile(res, await deps.hls.subtitleFile(id, Number(index)), [deps.transcodesDir], { contentType: MIME.vtt, what: 'subtitle' });
  });

  router.get('/items/:id/remux/:file', async (req, res) => {
    const { file } = req.params;
    const id = idParam(req.params.id);
    const { token, clientId } = streamAccess(req, res, id);
    if (!REMUX_FILE.test(file)) throw notFound('stream file');
    deps.touch?.(id);
    if (file.endsWith('.ts')) timeSegment(req, res, id, clientId);
    await sendStreamFile(req, res, join(deps.hls.remuxDir(id), file), token);
  });

  router.get('/items/:id/hls/master.m3u8', async (req, res) => {
    const id = idParam(req.params.id);
    const { token } = streamAccess(req, res, id);
    const { start } = parseInput(masterQuery, req.query, 'query');
    deps.touch?.(id);
    const master = await masterOf(id);
    sendPlaylist(res, start === undefined ? master : withStartFirst(master, start), token);
  });
  router.get('/items/:id/hls/:rung/:file', async (req, res) => {
    const { rung, file } = req.params;
    const id = idParam(req.params.id);
    const { token, clientId } = streamAccess(req, res, id);
    if (!RUNG.test(rung) || !FILE.test(file)) throw notFound('stream file');
    deps.touch?.(id);
    const path = finished(id, [rung, file]);
    const isSegment = file.endsWith('.ts');
    // a rung evicted to stay within the quota is made just in time again (the segments are interchangeable)
    if (path && (existsSync(path) || !/^[0-9]+$/.test(rung))) {
      if (isSegment) timeSegment(req, res, id, clientId);
      return sendStreamFile(req, res, path, token);
    }
    // just in time: a rung, an alternative audio track (a1, …) or a subtitle (s0, …) of the planned ladder
    const number = Number(rung.replace(/^[as]/, ''));
    if (rung.startsWith('s')) {
      if (file === 'index.m3u8') return sendPlaylist(res, deps.hls.liveSubtitlePlaylist(id, number), token);
      if (file !== 'sub.vtt') throw notFound('stream file');
      return sendContainedFile(res, await deps.hls.subtitleFile(id, number), [deps.transcodesDir], { contentType: MIME.vtt, what: 'stream file' });
    }
    const audio = rung.startsWith('a');
    if (file === 'sub.vtt' || (audio && number === 0)) throw notFound('stream file');
    if (file === 'index.m3u8') return sendPlaylist(res, deps.hls.liveMediaPlaylist(id, number, audio), token);
    // a player that goes away stops waiting; the run it started goes on until nobody watches
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const segment = await deps.hls.liveSegment(id, number, Number(file.slice(4, 9)), gone.signal, audio);
    // the wait for ffmpeg is not the network's: the delivery is timed from here
    timeSegment(req, res, id, clientId);
    await sendStreamFile(req, res, segment, token);
  });
  return router;
}
