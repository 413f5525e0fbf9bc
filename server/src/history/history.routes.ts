import express, { Router } from 'express';
import { z } from 'zod';
import type { HistoryDocumentDto, HistoryEventDto, HistoryImportDto, HistoryPageDto, HistoryTitleDto, ItemDto, ResumeDto, WatchEntryDto, WatchListDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { parseInput } from '../http/validate.js';
import { viewerOf } from '../profiles/request-viewer.js';
import type { HistoryService } from './history.service.js';
import { HISTORY_EVENT_KINDS, type HistoryDocument, type HistoryEvent, type TitleIdentity, type WatchState } from './history.types.js';

/** A whole history is big (about 100 bytes an event): this route alone takes bodies this large. */
export const IMPORT_LIMIT = '10mb';
/** The body parser of POST /api/history/import; mounted before the API's own 64 kB one, after sign-in (http/app.ts). */
export const historyImportBody = express.json({ limit: IMPORT_LIMIT });

const MAX_IMPORT_EVENTS = 2_000_000;
const FORMAT = 'seed-watch-history';

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);
const wholeNumber = (what: string) => z.number({ error: required(what) }).int(`must be ${what}`);
const positiveId = wholeNumber('a positive whole number').positive('must be a positive whole number').max(Number.MAX_SAFE_INTEGER, 'is too large');
const ms = wholeNumber('a whole number of milliseconds').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER, 'is too large');
const isoTime = z.iso.datetime({ error: required('an ISO 8601 time (2026-11-26T20:15:00.000Z)') }).transform((text) => Date.parse(text));
const limitOf = (fallback: number, max: number) =>
  z.object({
    limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`).default(fallback),
  });
const listQuery = limitOf(20, 100);
const historyQuery = limitOf(50, 200).extend({
  before: z.coerce.number({ error: 'must be an event id' }).int('must be an event id').positive('must be an event id').max(Number.MAX_SAFE_INTEGER, 'is too large').optional(),
});

const titleSchema = z.strictObject({
  kind: z.enum(['movie', 'episode', 'extra'], { error: 'must be one of movie, episode, extra' }),
  title: z.string({ error: required('a string') }).min(1, 'must not be empty').max(1000, 'is too long'),
  year: wholeNumber('a year, or null').nullable(),
  series: z.string({ error: required('a string, or null') }).max(1000, 'is too long').nullable(),
  season: wholeNumber('a season number, or null').min(0, 'must not be negative').nullable(),
  episode: wholeNumber('an episode number, or null').min(0, 'must not be negative').nullable(),
}) satisfies z.ZodType<HistoryTitleDto>;

const eventSchema = z.strictObject({
  at: isoTime,
  kind: z.enum(HISTORY_EVENT_KINDS, { error: `must be one of ${HISTORY_EVENT_KINDS.join(', ')}` }),
  itemId: positiveId,
  positionMs: ms.nullable(),
  durationMs: ms.nullable(),
  sessionId: positiveId.nullable().optional(),
});

/** The document GET /api/history/export answers; POST /api/history/import takes it back. */
export const historyDocumentSchema = z.strictObject({
  format: z.literal(FORMAT, { error: `must be "${FORMAT}"` }),
  version: z.literal(1, { error: 'must be 1 (the version of the format this Seed reads)' }),
  profile: z.strictObject({ name: z.string({ error: required('a string') }) }, { error: required('an object with the profile name') }),
  exportedAt: isoTime,
  titles: z.record(z.string().regex(/^[1-9]\d{0,15}$/), titleSchema, {
    error: (issue) => (issue.code === 'invalid_key' ? 'must be keyed by item id' : required('an object of titles by item id')(issue)),
  }),
  events: z.array(eventSchema, { error: required('a list of events') }).max(MAX_IMPORT_EVENTS, `has more than ${MAX_IMPORT_EVENTS} events`),
}, { error: 'must be a watch history document (an object, as GET /api/history/export answers)' });

const iso = (ms: number) => new Date(ms).toISOString();

export const toResumeDto = (s: WatchState): ResumeDto => ({
  positionMs: s.resumeMs,
  durationMs: s.durationMs,
  played: s.played,
  playCount: s.playCount,
  lastPlayedAt: s.lastPlayedAt === null ? null : iso(s.lastPlayedAt),
  hidden: s.hidden,
});

export const toHistoryEventDto = (e: HistoryEvent & { title: string | null }): HistoryEventDto => ({
  id: e.id,
  at: iso(e.at),
  kind: e.kind,
  itemId: e.itemId,
  title: e.title,
  positionMs: e.positionMs,
  durationMs: e.durationMs,
  sessionId: e.sessionId,
});

export function toHistoryDocumentDto(doc: HistoryDocument): HistoryDocumentDto {
  return {
    format: FORMAT,
    version: 1,
    profile: { name: doc.profileName },
    exportedAt: iso(doc.exportedAt),
    titles: Object.fromEntries([...doc.titles].map(([id, t]) => [String(id), { ...t } satisfies HistoryTitleDto])),
    events: doc.events.map((e) => ({ at: iso(e.at), kind: e.kind, itemId: e.itemId, positionMs: e.positionMs, durationMs: e.durationMs, sessionId: e.sessionId })),
  };
}

/** "seed-history-Anna-2026-11-26.json": the profile's name kept to safe characters. */
const exportFileName = (name: string, at: number) => `seed-history-${name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'profile'}-${iso(at).slice(0, 10)}.json`;

/**
 * The viewer's watch history: Continue watching, Next up, played marks, resume points, the log, export
 * and import. `itemDto`: a title as the catalogue answers it (null once gone).
 */
export function historyRoutes(deps: { history: HistoryService; itemDto: (itemId: number) => ItemDto | null }): Router {
  const { history } = deps;
  const router = Router();
  const watchList = (entries: readonly { itemId: number; positionMs: number; durationMs: number; lastPlayedAt: number }[]): WatchListDto => ({
    items: entries.flatMap((e): WatchEntryDto[] => {
      const item = deps.itemDto(e.itemId);
      return item ? [{ item, positionMs: e.positionMs, durationMs: e.durationMs || item.durationMs, lastPlayedAt: iso(e.lastPlayedAt) }] : [];
    }),
  });

  router.get('/continue-watching', (req, res) => {
    const { limit } = parseInput(listQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(watchList(history.continueWatching(viewerOf(res), limit)));
  });
  router.delete('/continue-watching/:id', (req, res) => {
    history.hide(viewerOf(res), idParam(req.params.id));
    res.status(204).end();
  });
  router.get('/next-up', (req, res) => {
    const { limit } = parseInput(listQuery, req.query, 'query');
    const entries = history.nextUp(viewerOf(res), limit).map((e) => ({ itemId: e.itemId, positionMs: 0, durationMs: 0, lastPlayedAt: e.lastPlayedAt }));
    res.set('Cache-Control', 'no-store').json(watchList(entries));
  });
  router.get('/items/:id/resume', (req, res) => {
    res.set('Cache-Control', 'no-store').json(toResumeDto(history.stateOf(viewerOf(res), idParam(req.params.id))));
  });
  router.post('/items/:id/played', (req, res) => {
    res.json(toResumeDto(history.mark(viewerOf(res), idParam(req.params.id), true)));
  });
  router.delete('/items/:id/played', (req, res) => {
    res.json(toResumeDto(history.mark(viewerOf(res), idParam(req.params.id), false)));
  });
  router.get('/history', (req, res) => {
    const { limit, before } = parseInput(historyQuery, req.query, 'query');
    const page = history.recent(viewerOf(res), limit, before ?? null);
    const body: HistoryPageDto = { events: page.events.map(toHistoryEventDto), next: page.next };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.get('/history/export', (_req, res) => {
    const doc = history.exportHistory(viewerOf(res));
    res.set('Cache-Control', 'no-store').attachment(exportFileName(doc.profileName, doc.exportedAt)).json(toHistoryDocumentDto(doc));
  });
  router.post('/history/import', (req, res) => {
    const doc = parseInput(historyDocumentSchema, req.body ?? {}, 'body');
    const titles = new Map<number, TitleIdentity>(Object.entries(doc.titles).map(([id, t]) => [Number(id), t]));
    const events = doc.events.map((e) => ({ ...e, sessionId: e.sessionId ?? null }));
    const body: HistoryImportDto = history.importHistory(viewerOf(res), { titles, events });
    res.json(body);
  });
  return router;
}
