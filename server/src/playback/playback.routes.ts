import express, { Router } from 'express';
import { z } from 'zod';
import { badRequest, notFound } from '../errors.js';
import type { QoeDto, SessionDto, SessionEventDto, SessionEventsRequest, SessionListDto, StartSessionRequest, StartSessionResponse } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { parseInput } from '../http/validate.js';
import type { Viewer } from '../profiles/viewer.js';
import { viewerOf } from '../profiles/request-viewer.js';
import type { PlaybackService } from './playback.service.js';
import { PLAYBACK_METHODS, SESSION_EVENT_KINDS, type PlaybackSession } from './playback.types.js';
import { HOUR_MS, type QoeBucket } from './qoe.js';
import { averageBitrateBps } from './session-events.js';

/** A day of hours is the default; a week at most. */
const MAX_QOE_HOURS = 168;
const MAX_EVENTS = 500;
/** an hour, far more than any real stall or startup: beyond it the number is a bug in the player */
const MAX_SPAN_MS = 3_600_000;

const ms = (max = Number.MAX_SAFE_INTEGER) => z.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must not be negative').max(max, 'is too large');
const height = z.number({ error: 'must be a height in pixels' }).int('must be a whole number of pixels').min(1, 'must be at least 1').max(8640, 'is too large');
const bitrate = z.number({ error: 'must be a bit rate in bits per second, or null' }).int('must be a whole number of bits per second').min(0, 'must not be negative').nullable();
const text = (max: number) => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim().min(1, 'must not be empty').max(max, 'is too long');

export const startSessionSchema = z.strictObject({
  itemId: z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') }).int('must be a positive whole number').positive('must be a positive whole number'),
  method: z.enum(PLAYBACK_METHODS, { error: `must be one of ${PLAYBACK_METHODS.join(', ')}` }),
  clientId: text(64),
  clientName: text(100),
}) satisfies z.ZodType<StartSessionRequest>;

const sessionEventSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('start'), startupMs: ms(MAX_SPAN_MS) }),
    z.strictObject({ kind: z.literal('stall'), ms: ms(MAX_SPAN_MS) }),
    z.strictObject({ kind: z.literal('switch'), height, bitrateBps: bitrate }),
    z.strictObject({
      kind: z.literal('progress'),
      positionMs: ms(),
      durationMs: ms(),
      watchedMs: ms(),
      height: height.nullable(),
      bufferMs: ms().nullable().optional(),
      bandwidthBps: bitrate.optional(),
      paused: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    // the browser's words: kept short, they are shown to the admin
    z.strictObject({ kind: z.literal('error'), message: z.string({ error: 'must be a string' }).transform((m) => m.trim().slice(0, 500) || 'unknown error') }),
    z.strictObject({ kind: z.literal('end'), positionMs: ms() }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${SESSION_EVENT_KINDS.join(', ')}` : 'must be an event object') },
) satisfies z.ZodType<SessionEventDto, unknown>;

export const sessionEventsSchema = z.strictObject({
  events: z.array(sessionEventSchema, { error: 'must be a list of events' }).max(MAX_EVENTS, `has more than ${MAX_EVENTS} events`),
  seq: z.number({ error: 'must be the number of the first event' }).int('must be a positive whole number').positive('must be a positive whole number').max(Number.MAX_SAFE_INTEGER, 'is too large').optional(),
}) satisfies z.ZodType<SessionEventsRequest, unknown>;

const listQuery = z.object({ active: z.enum(['true', 'false'], { error: 'must be true or false' }).optional() });
const qoeQuery = z.object({
  hours: z.coerce.number({ error: 'must be a whole number of hours' }).int('must be a whole number of hours').min(1, 'must be at least 1').max(MAX_QOE_HOURS, `must be at most ${MAX_QOE_HOURS}`).optional(),
});

const iso = (ms: number) => new Date(ms).toISOString();

export function toSessionDto(s: PlaybackSession & { active: boolean }): SessionDto {
  return {
    id: s.id,
    itemId: s.itemId,
    title: s.title,
    clientId: s.clientId,
    clientName: s.clientName,
    profileName: s.profileName,
    method: s.method,
    height: s.height,
    bitrateBps: s.bitrateBps,
    positionMs: s.positionMs,
    durationMs: s.durationMs,
    startupMs: s.startupMs,
    stallCount: s.stallCount,
    stallMs: s.stallMs,
    switchCount: s.switchCount,
    watchedMs: s.watchedMs,
    averageBitrateBps: averageBitrateBps(s),
    errorCount: s.errorCount,
    lastError: s.lastError,
    active: s.active,
    startedAt: iso(s.startedAt),
    lastSeenAt: iso(s.lastSeenAt),
    endedAt: s.endedAt === null ? null : iso(s.endedAt),
    bufferMs: s.bufferMs,
    reportedBps: s.reportedBps,
    measuredBps: s.measuredBps,
  };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

export function toQoeDto(hours: number, buckets: readonly QoeBucket[]): QoeDto {
  return {
    hours,
    bucketSeconds: HOUR_MS / 1000,
    buckets: buckets.map((b) => ({
      startAt: iso(b.startAt),
      starts: b.starts,
      startupP50Ms: b.startupP50Ms,
      startupP95Ms: b.startupP95Ms,
      watchedSeconds: seconds(b.watchedMs),
      stallSeconds: seconds(b.stallMs),
      stallCount: b.stallCount,
      rebufferingRatio: b.rebufferingRatio,
      rungs: b.rungs.map((r) => ({ height: r.height, seconds: seconds(r.watchedMs) })),
    })),
  };
}

/**
 * The body of an events batch. navigator.sendBeacon (a page being left) sends text/plain: a JSON
 * Blob would need a CORS-safelisted type, so the JSON arrives as text and is parsed here.
 */
function eventsBody(body: unknown): unknown {
  if (typeof body !== 'string') return body ?? {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw badRequest('body: must be JSON');
  }
}

/** `canPlay`: whether the viewer may play the title (a kid's ceiling): a session of one it may not is refused as not found. */
export function playbackRoutes(playback: PlaybackService, opts: { canPlay?: (viewer: Viewer, itemId: number) => boolean } = {}): Router {
  const router = Router();
  router.post('/sessions', (req, res) => {
    const input = parseInput(startSessionSchema, req.body ?? {}, 'body');
    if (opts.canPlay && !opts.canPlay(viewerOf(res), input.itemId)) throw notFound(`item ${input.itemId}`);
    const started: StartSessionResponse = playback.start({ ...input, profileId: viewerOf(res).profileId });
    res.status(201).json(started);
  });
  router.post('/sessions/:id/events', express.text({ type: 'text/plain', limit: '64kb' }), (req, res) => {
    const id = idParam(req.params.id);
    const { events, seq } = parseInput(sessionEventsSchema, eventsBody(req.body), 'body');
    playback.record(id, events, seq, { profileId: viewerOf(res).profileId });
    res.status(204).end();
  });
  router.get('/sessions', (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    const body: SessionListDto = { sessions: playback.list({ active: query.active === 'true' }).map(toSessionDto) };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.get('/sessions/:id', (req, res) => {
    res.set('Cache-Control', 'no-store').json(toSessionDto(playback.get(idParam(req.params.id))));
  });
  router.get('/qoe', (req, res) => {
    const hours = parseInput(qoeQuery, req.query, 'query').hours ?? 24;
    res.set('Cache-Control', 'no-store').json(toQoeDto(hours, playback.qoe(hours)));
  });
  return router;
}
