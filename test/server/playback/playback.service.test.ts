// Sessions on a real SQLite file: what a batch of events leaves in the database, which sessions are
// active as the clock moves, the QoE per hour, the profile's resume points across a restart, and the metrics.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../../../server/src/db/open.js';
import { createHistoryService, type HistoryService } from '../../../server/src/history/history.service.js';
import { createHistoryStore } from '../../../server/src/history/history.store.js';
import { FIRST_ADMIN } from '../../../server/src/profiles/request-viewer.js';
import { createPlaybackMetrics } from '../../../server/src/playback/playback.metrics.js';
import { createPlaybackService, KEEP_SESSIONS_MS, type PlaybackService } from '../../../server/src/playback/playback.service.js';
import { createPlaybackStore } from '../../../server/src/playback/playback.store.js';
import { ACTIVE_MS } from '../../../server/src/playback/playback.types.js';
import { HOUR_MS } from '../../../server/src/playback/qoe.js';
import { tempDir } from '../../helpers/server.js';

const START = Date.UTC(2025, 0, 10, 20, 0, 30);
let dir: string;
let file: string;
let db: Db;
let clock: number;
let metrics: ReturnType<typeof createPlaybackMetrics>;
let playback: PlaybackService;
let history: HistoryService;

function open() {
  db = openDatabase(file);
  metrics = createPlaybackMetrics({ activeSessions: () => playback.activeCounts(), defaultMetrics: false });
  history = createHistoryService({ store: createHistoryStore(db), now: () => clock });
  playback = createPlaybackService({ store: createPlaybackStore(db), now: () => clock, metrics, history });
}
/** where profile 1 (the first admin) resumes the title */
const resumeOf = (itemId: number) => ({ positionMs: history.stateOf(FIRST_ADMIN, itemId).resumeMs });

beforeEach(async () => {
  dir = await tempDir('seed-playback-');
  file = join(dir, 'seed.db');
  clock = START;
  open();
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 's', 'The Show', 'show', 0)`).run();
  const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, series_id, season, episode, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 0)`);
  item.run(1, 'm', 'movie', 'Big Buck Bunny', 'big buck bunny', null, null, null);
  item.run(2, 'e', 'episode', 'Pilot', 'pilot', 1, 1, 2);
});
afterEach(async () => {
  if (db.open) db.close();
  await rm(dir, { recursive: true, force: true });
});

const start = (itemId = 1, method: 'direct' | 'remux' | 'hls' = 'hls') => playback.start({ itemId, method, clientId: 'c1', clientName: 'Chrome on Linux', profileId: 1 }).id;

describe('sessions', () => {
  test('a started session is active with its title; an unknown title is 404', () => {
    const id = start(2);
    expect(playback.get(id)).toMatchObject({ id, itemId: 2, title: 'The Show — S01E02 · Pilot', clientId: 'c1', clientName: 'Chrome on Linux', profileId: 1, profileName: 'Admin', method: 'hls', startedAt: START, lastSeenAt: START, endedAt: null, startupMs: null, active: true });
    expect(() => start(99)).toThrow('item 99 not found');
    expect(() => playback.record(99, [])).toThrow('session 99 not found');
  });

  test('events land in the session: startup, stalls, rung, watched time, position, bit rate, errors', () => {
    const id = start();
    clock += 5_000;
    playback.record(id, [
      { kind: 'switch', height: 720, bitrateBps: 3_000_000 },
      { kind: 'start', startupMs: 1_250 },
      { kind: 'stall', ms: 800 },
      { kind: 'progress', positionMs: 42_000, durationMs: 600_000, watchedMs: 9_000, height: 720 },
      { kind: 'error', message: 'a segment failed' },
    ]);
    expect(playback.get(id)).toMatchObject({
      lastSeenAt: START + 5_000, startupMs: 1_250, stallCount: 1, stallMs: 800, height: 720, bitrateBps: 3_000_000,
      watchedMs: 9_000, bits: 27_000_000, ratedMs: 9_000, positionMs: 42_000, durationMs: 600_000, errorCount: 1, lastError: 'a segment failed',
    });
  });

  test('active while reported within the last minute and not ended; the list and the counts follow', () => {
    const quiet = start(1, 'direct');
    const playing = start(2, 'hls');
    clock += ACTIVE_MS - 1;
    playback.record(playing, []); // a heartbeat
    expect(playback.list({ active: true }).map((s) => s.id)).toEqual([quiet, playing].sort((a, b) => b - a));
    expect(playback.activeCounts()).toEqual({ direct: 1, hls: 1 });
    clock += 1;
    expect(playback.list({ active: true }).map((s) => s.id)).toEqual([playing]);
    expect(playback.get(quiet).active).toBe(false);
    playback.record(playing, [{ kind: 'end', positionMs: 20_000 }]);
    expect(playback.list({ active: true })).toEqual([]);
    expect(playback.activeCounts()).toEqual({});
    // the list of all shows both, ended or gone quiet
    expect(playback.list({ active: false }).map((s) => [s.id, s.active])).toEqual([[playing, false], [quiet, false]]);
  });

  test('a removed title keeps its sessions (for the QoE history) and its history events, but loses its resume point', () => {
    const id = start(2);
    playback.record(id, [{ kind: 'progress', positionMs: 30_000, durationMs: 600_000, watchedMs: 30_000, height: 480 }]);
    db.prepare(`DELETE FROM items WHERE id = 2`).run();
    expect(playback.get(id)).toMatchObject({ itemId: null, title: 'A removed title', watchedMs: 30_000, profileId: 1 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM watch_state`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT item_id, kind, position_ms FROM history_events`).all()).toEqual([{ item_id: 2, kind: 'progress', position_ms: 30_000 }]);
  });

  test('a batch sent again with its number counts nothing twice: stalls, switches, errors, history', () => {
    const id = start(1);
    const batch = [
      { kind: 'start', startupMs: 700 },
      { kind: 'stall', ms: 900 },
      { kind: 'progress', positionMs: 40_000, durationMs: 600_000, watchedMs: 10_000, height: 720 },
    ] as const;
    playback.record(id, batch, 1);
    playback.record(id, batch, 1); // the answer was lost: the player sends it again
    playback.record(id, [...batch, { kind: 'stall', ms: 100 }], 1); // again, with a newer event behind it
    expect(playback.get(id)).toMatchObject({ stallCount: 2, stallMs: 1_000, eventSeq: 4 });
    expect(db.prepare(`SELECT kind FROM history_events ORDER BY id`).all()).toEqual([{ kind: 'start' }, { kind: 'progress' }]);
  });

  test('a session without a profile (an older client, a removed profile) records no history', () => {
    const id = playback.start({ itemId: 1, method: 'hls', clientId: 'c1', clientName: 'Chrome on Linux' }).id;
    playback.record(id, [{ kind: 'progress', positionMs: 40_000, durationMs: 600_000, watchedMs: 10_000, height: 720 }]);
    expect(playback.get(id).profileId).toBeNull();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM history_events`).get()).toEqual({ n: 0 });
  });

  test('sessions not seen for 90 days are forgotten with their hourly usage; resume points and history stay', () => {
    const old = start(1);
    playback.record(old, [{ kind: 'progress', positionMs: 30_000, durationMs: 600_000, watchedMs: 30_000, height: 480 }]);
    clock += KEEP_SESSIONS_MS - 1;
    const recent = start(2);
    expect(playback.forgetOld()).toBe(0);
    clock += 2;
    expect(playback.forgetOld()).toBe(1);
    expect(() => playback.get(old)).toThrow(expect.objectContaining({ status: 404 }));
    expect(playback.get(recent).id).toBe(recent);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM playback_usage`).get()).toEqual({ n: 0 });
    expect(resumeOf(1)).toEqual({ positionMs: 30_000 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM history_events`).get()).toEqual({ n: 1 });
  });
});

describe("resume points (the session's profile's)", () => {
  test('progress and the end set it, per title; it survives reopening the database', () => {
    const id = start(1);
    expect(resumeOf(1)).toEqual({ positionMs: 0 });
    playback.record(id, [{ kind: 'progress', positionMs: 125_000, durationMs: 600_000, watchedMs: 10_000, height: 720 }]);
    expect(resumeOf(1)).toEqual({ positionMs: 125_000 });
    playback.record(id, [{ kind: 'end', positionMs: 130_500 }]);
    expect(resumeOf(1)).toEqual({ positionMs: 130_500 });
    expect(resumeOf(2)).toEqual({ positionMs: 0 });

    db.close();
    open();
    expect(resumeOf(1)).toEqual({ positionMs: 130_500 });
    expect(playback.get(id)).toMatchObject({ positionMs: 130_500, endedAt: START });
  });

  test('watching to the credits (90 % without a credits chapter) clears it: the next play starts over', () => {
    const first = start(1);
    playback.record(first, [{ kind: 'progress', positionMs: 300_000, durationMs: 600_000, watchedMs: 10_000, height: 720 }]);
    const second = start(1);
    playback.record(second, [{ kind: 'progress', positionMs: 540_000, durationMs: 600_000, watchedMs: 10_000, height: 720 }, { kind: 'end', positionMs: 600_000 }]);
    expect(resumeOf(1)).toEqual({ positionMs: 0 });
    expect(history.stateOf(FIRST_ADMIN, 1)).toMatchObject({ played: true, playCount: 1 });
  });
});

describe('QoE over time', () => {
  test('hourly buckets: start time percentiles, rebuffering ratio and seconds per rung, each in the hour it happened', () => {
    const a = start(1);
    playback.record(a, [{ kind: 'switch', height: 360, bitrateBps: 800_000 }, { kind: 'start', startupMs: 600 }, { kind: 'progress', positionMs: 10_000, durationMs: 600_000, watchedMs: 10_000, height: 360 }]);
    const b = start(2);
    playback.record(b, [{ kind: 'switch', height: 1080, bitrateBps: 6_000_000 }, { kind: 'start', startupMs: 2_400 }, { kind: 'stall', ms: 500 }]);
    clock += HOUR_MS; // the next hour
    playback.record(b, [{ kind: 'progress', positionMs: 20_000, durationMs: 600_000, watchedMs: 20_000, height: 1080 }]);

    const buckets = playback.qoe(3);
    expect(buckets.map((x) => x.startAt)).toEqual([-2, -1, 0].map((h) => Math.floor(clock / HOUR_MS) * HOUR_MS + h * HOUR_MS));
    expect(buckets[0]!.starts).toBe(0);
    expect(buckets[1]).toMatchObject({ starts: 2, startupP50Ms: 600, startupP95Ms: 2_400, watchedMs: 10_000, stallMs: 500, stallCount: 1, rebufferingRatio: 0.05, rungs: [{ height: 360, watchedMs: 10_000 }] });
    expect(buckets[2]).toMatchObject({ starts: 0, startupP50Ms: null, watchedMs: 20_000, stallMs: 0, rebufferingRatio: 0, rungs: [{ height: 1080, watchedMs: 20_000 }] });
  });
});

describe('metrics', () => {
  test('the events show in the Prometheus text: start time, stalls, watched seconds per rung, active sessions', async () => {
    const id = start(1, 'hls');
    playback.record(id, [
      { kind: 'switch', height: 720, bitrateBps: 3_000_000 },
      { kind: 'start', startupMs: 1_500 },
      { kind: 'stall', ms: 2_000 },
      { kind: 'progress', positionMs: 10_000, durationMs: 600_000, watchedMs: 10_000, height: 720 },
      { kind: 'switch', height: 1080, bitrateBps: 6_000_000 },
      { kind: 'error', message: 'boom' },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('seed_playback_sessions_started_total{method="hls"} 1');
    expect(text).toContain('seed_video_start_seconds_bucket{le="2",method="hls"} 1');
    expect(text).toContain('seed_video_start_seconds_bucket{le="1",method="hls"} 0');
    expect(text).toContain('seed_video_start_seconds_sum{method="hls"} 1.5');
    expect(text).toContain('seed_playback_stalls_total{method="hls"} 1');
    expect(text).toContain('seed_playback_stall_seconds_total{method="hls"} 2');
    expect(text).toContain('seed_playback_watched_seconds_total{method="hls",height="720"} 10');
    expect(text).toContain('seed_playback_rung_switches_total{method="hls"} 1');
    expect(text).toContain('seed_playback_errors_total{method="hls"} 1');
    expect(text).toContain('seed_playback_active_sessions{method="hls"} 1');
    expect(text).toContain('seed_playback_active_sessions{method="direct"} 0');
  });
});
