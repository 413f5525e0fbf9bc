// The watch history on a real SQLite file, fed as the player feeds it (through the playback service):
// resume points, completions (90 % or the credits chapter), Continue watching, Next up, marks, what a
// kid may see, paging, export and import, the migration of the old resume points, and a reopen.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MIGRATIONS } from '../../../server/src/db/migrations.js';
import { openDatabase, type Db } from '../../../server/src/db/open.js';
import { createHistoryService, type HistoryService } from '../../../server/src/history/history.service.js';
import { createHistoryStore } from '../../../server/src/history/history.store.js';
import { createPlaybackService, type PlaybackService } from '../../../server/src/playback/playback.service.js';
import { createPlaybackStore } from '../../../server/src/playback/playback.store.js';
import type { SessionEvent } from '../../../server/src/playback/playback.types.js';
import { FIRST_ADMIN } from '../../../server/src/profiles/request-viewer.js';
import type { Viewer } from '../../../server/src/profiles/viewer.js';
import { tempDir } from '../../helpers/server.js';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 26, 20, 0, 0);
const ADMIN = FIRST_ADMIN;
const ANNA: Viewer = { profileId: 2, role: 'adult', ceiling: null, libraryIds: null };
const KID: Viewer = { profileId: 3, role: 'kid', ceiling: { movie: 'PG', tv: 'TV-PG', allowUnrated: false }, libraryIds: null };

// the catalogue: two movies (one with an "End Credits" chapter at 85 %, one rated R), a TV-PG series
// with a special and two seasons, and a TV-MA series whose episodes carry no rating of their own
const SINTEL = 1;
const GRIT = 2;
const S0E1 = 10;
const S1E1 = 11;
const S1E2 = 12;
const S2E1 = 21;
const S2E2 = 22;
const DARK1 = 31;
const DARK2 = 32;

let dir: string;
let file: string;
let db: Db;
let clock: number;
let playback: PlaybackService;
let history: HistoryService;

function open() {
  db = openDatabase(file);
  history = createHistoryService({ store: createHistoryStore(db), now: () => clock });
  playback = createPlaybackService({ store: createPlaybackStore(db), now: () => clock, history });
}

function catalogue(target: Db) {
  target.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  target.prepare(`INSERT INTO library_folders (id, library_id, path) VALUES (1, 1, '/media')`).run();
  target.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (1, 1, 'harbour', 'Harbour Lights', 'harbour lights', 'TV-PG', 0)`).run();
  target.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (2, 1, 'dark', 'Dark Water', 'dark water', 'TV-MA', 0)`).run();
  const item = target.prepare(
    `INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, mpaa, duration_ms, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  item.run(SINTEL, 'sintel', 'movie', 'Sintel', 'sintel', 2010, null, null, null, 'PG', 100 * MIN);
  item.run(GRIT, 'grit', 'movie', 'True Grit', 'true grit', 2010, null, null, null, 'R', 110 * MIN);
  item.run(S0E1, 'h-s0e1', 'episode', 'Behind the Lights', 'behind the lights', null, 1, 0, 1, null, 20 * MIN);
  item.run(S1E1, 'h-s1e1', 'episode', 'Arrival', 'arrival', null, 1, 1, 1, null, 45 * MIN);
  item.run(S1E2, 'h-s1e2', 'episode', 'Fog', 'fog', null, 1, 1, 2, null, 45 * MIN);
  item.run(S2E1, 'h-s2e1', 'episode', 'Return', 'return', null, 1, 2, 1, null, 45 * MIN);
  item.run(S2E2, 'h-s2e2', 'episode', 'Storm', 'storm', null, 1, 2, 2, null, 45 * MIN);
  item.run(DARK1, 'd-s1e1', 'episode', 'Deep', 'deep', null, 2, 1, 1, null, 50 * MIN);
  item.run(DARK2, 'd-s1e2', 'episode', 'Deeper', 'deeper', null, 2, 1, 2, null, 50 * MIN);
  const media = { durationMs: 100 * MIN, details: { chapters: [{ startMs: 0, endMs: 85 * MIN, title: 'Chapter 1' }, { startMs: 85 * MIN, endMs: 100 * MIN, title: 'End Credits' }] } };
  target
    .prepare(`INSERT INTO media_files (item_id, folder_id, path, size_bytes, mtime_ms, dev, inode, duration_ms, media_json, added_at) VALUES (?, 1, '/media/sintel.mkv', 1, 0, '1', '1', ?, ?, 0)`)
    .run(SINTEL, 100 * MIN, JSON.stringify(media));
  target.prepare(`INSERT INTO profiles (id, name, avatar, role, created_at) VALUES (2, 'Anna', 'fox', 'adult', 0), (3, 'Kim', 'owl', 'kid', 0)`).run();
  target.prepare(`UPDATE profiles SET movie_ceiling = 'PG', tv_ceiling = 'TV-PG' WHERE id = 3`).run();
}

beforeEach(async () => {
  dir = await tempDir('seed-history-');
  file = join(dir, 'seed.db');
  clock = START;
  open();
  catalogue(db);
});
afterEach(async () => {
  if (db.open) db.close();
  await rm(dir, { recursive: true, force: true });
});

/** A player playing `itemId` for `viewer`: its first frame, then each report moves the clock on. */
function watch(viewer: Viewer, itemId: number, durationMs: number) {
  const id = playback.start({ itemId, method: 'hls', clientId: 'c1', clientName: 'Chrome on Linux', profileId: viewer.profileId }).id;
  let watchedMs = 0;
  let seq = 1;
  const send = (events: SessionEvent[]) => {
    playback.record(id, events, seq);
    seq += events.length;
  };
  send([{ kind: 'start', startupMs: 900 }]);
  return {
    id,
    to(positionMs: number, opts: { paused?: boolean } = {}) {
      clock += 10_000;
      watchedMs += 10_000;
      send([{ kind: 'progress', positionMs, durationMs, watchedMs, height: 720, ...(opts.paused ? { paused: true } : {}) }]);
      return this;
    },
    stop(positionMs: number) {
      clock += 1_000;
      send([{ kind: 'end', positionMs }]);
    },
  };
}
const ids = (entries: { itemId: number }[]) => entries.map((e) => e.itemId);
const kinds = (viewer: Viewer) => history.recent(viewer, 100, null).events.map((e) => e.kind).reverse();

describe('from the player: resume points and completions', () => {
  test('start, progress, pause and stop are events; the state follows, per profile; it survives a reopen', () => {
    watch(ADMIN, SINTEL, 100 * MIN).to(20 * MIN).to(21 * MIN, { paused: true }).stop(21 * MIN);
    expect(kinds(ADMIN)).toEqual(['start', 'progress', 'pause', 'stop']);
    expect(history.stateOf(ADMIN, SINTEL)).toEqual({ resumeMs: 21 * MIN, durationMs: 100 * MIN, played: false, playCount: 0, playedAt: null, lastPlayedAt: clock, hidden: false, viewingDone: false });
    expect(history.stateOf(ANNA, SINTEL).resumeMs).toBe(0);

    db.close();
    open();
    expect(history.stateOf(ADMIN, SINTEL)).toMatchObject({ resumeMs: 21 * MIN, lastPlayedAt: clock });
    expect(kinds(ADMIN)).toEqual(['start', 'progress', 'pause', 'stop']);
  });

  test('reaching the "End Credits" chapter (85 %) completes it: played, one play, no resume point, a completion in the log', () => {
    watch(ADMIN, SINTEL, 100 * MIN).to(84 * MIN).to(86 * MIN).to(88 * MIN).stop(88 * MIN);
    expect(history.stateOf(ADMIN, SINTEL)).toMatchObject({ played: true, playCount: 1, resumeMs: 0 });
    expect(kinds(ADMIN)).toEqual(['start', 'progress', 'progress', 'complete', 'progress', 'stop']);
  });

  test('without a credits chapter, 90 % completes it; watched again to the end, it counts two plays', () => {
    watch(ADMIN, GRIT, 110 * MIN).to(98 * MIN).stop(98 * MIN);
    expect(history.stateOf(ADMIN, GRIT)).toMatchObject({ played: false, resumeMs: 98 * MIN });
    watch(ADMIN, GRIT, 110 * MIN).to(99 * MIN).stop(110 * MIN);
    watch(ADMIN, GRIT, 110 * MIN).to(50 * MIN).to(109 * MIN);
    expect(history.stateOf(ADMIN, GRIT)).toMatchObject({ played: true, playCount: 2, resumeMs: 0 });
  });

  test('a batch sent again (numbered or not) adds no event and changes nothing', () => {
    const player = watch(ADMIN, SINTEL, 100 * MIN).to(10 * MIN);
    const before = db.prepare(`SELECT COUNT(*) AS n FROM history_events`).get();
    const event: SessionEvent = { kind: 'progress', positionMs: 10 * MIN, durationMs: 100 * MIN, watchedMs: 10_000, height: 720 };
    clock += 5_000;
    playback.record(player.id, [event], 2);
    playback.record(player.id, [event]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM history_events`).get()).toEqual(before);
  });

  test('the log is append-only', () => {
    watch(ADMIN, SINTEL, 100 * MIN).to(10 * MIN);
    expect(() => db.prepare(`UPDATE history_events SET position_ms = 0`).run()).toThrow('the watch history is append-only');
  });
});

describe('Continue watching and Next up', () => {
  test('in progress, newest first, episodes included; played ones leave it', () => {
    watch(ADMIN, SINTEL, 100 * MIN).to(30 * MIN);
    watch(ADMIN, S1E1, 45 * MIN).to(12 * MIN);
    watch(ADMIN, GRIT, 110 * MIN).to(5_000); // barely begun: no resume point
    expect(history.continueWatching(ADMIN, 20)).toEqual([
      { itemId: S1E1, positionMs: 12 * MIN, durationMs: 45 * MIN, lastPlayedAt: expect.any(Number) },
      { itemId: SINTEL, positionMs: 30 * MIN, durationMs: 100 * MIN, lastPlayedAt: expect.any(Number) },
    ]);
    expect(ids(history.continueWatching(ADMIN, 1))).toEqual([S1E1]);
    history.mark(ADMIN, SINTEL, true);
    expect(ids(history.continueWatching(ADMIN, 20))).toEqual([S1E1]);
    expect(history.continueWatching(ANNA, 20)).toEqual([]);
  });

  test('taken off, it stays off until played again', () => {
    watch(ADMIN, SINTEL, 100 * MIN).to(30 * MIN).stop(30 * MIN);
    history.hide(ADMIN, SINTEL);
    expect(history.continueWatching(ADMIN, 20)).toEqual([]);
    expect(history.stateOf(ADMIN, SINTEL)).toMatchObject({ hidden: true, resumeMs: 30 * MIN });
    watch(ADMIN, SINTEL, 100 * MIN).to(31 * MIN);
    expect(ids(history.continueWatching(ADMIN, 20))).toEqual([SINTEL]);
  });

  test('Next up: after the last watched, across the season break, specials skipped; none once finished', () => {
    expect(history.nextUp(ADMIN, 20)).toEqual([]);
    history.mark(ADMIN, S0E1, true); // a special alone places nothing
    expect(history.nextUp(ADMIN, 20)).toEqual([]);
    history.mark(ADMIN, S1E1, true);
    expect(ids(history.nextUp(ADMIN, 20))).toEqual([S1E2]);
    watch(ADMIN, S1E2, 45 * MIN).to(43 * MIN).stop(45 * MIN); // played to the end
    expect(ids(history.nextUp(ADMIN, 20))).toEqual([S2E1]);
    // S2E1 in progress: it is on Continue watching, not twice on the screen
    watch(ADMIN, S2E1, 45 * MIN).to(10 * MIN);
    expect(ids(history.continueWatching(ADMIN, 20))).toEqual([S2E1]);
    expect(history.nextUp(ADMIN, 20)).toEqual([]);
    history.mark(ADMIN, S2E1, true);
    history.mark(ADMIN, S2E2, true);
    expect(history.nextUp(ADMIN, 20)).toEqual([]);
    // marked unplayed again: the place moves back
    history.mark(ADMIN, S2E2, false);
    expect(ids(history.nextUp(ADMIN, 20))).toEqual([S2E2]);
  });

  test('the series watched last comes first', () => {
    history.mark(ADMIN, S1E1, true);
    clock += MIN;
    history.mark(ADMIN, DARK1, true);
    expect(ids(history.nextUp(ADMIN, 20))).toEqual([DARK2, S1E2]);
    clock += MIN;
    history.mark(ADMIN, S1E2, true);
    expect(history.nextUp(ADMIN, 20)).toEqual([
      { itemId: S2E1, seriesId: 1, lastPlayedAt: clock },
      { itemId: DARK2, seriesId: 2, lastPlayedAt: clock - MIN },
    ]);
    expect(ids(history.nextUp(ADMIN, 1))).toEqual([S2E1]);
  });

  test("a kid's rows leave out what is above the ceiling (an episode without a rating has its series')", () => {
    for (const viewer of [KID, ADMIN]) {
      watch(viewer, SINTEL, 100 * MIN).to(30 * MIN);
      watch(viewer, GRIT, 110 * MIN).to(30 * MIN);
      watch(viewer, S1E1, 45 * MIN).to(44 * MIN);
      watch(viewer, DARK1, 50 * MIN).to(49 * MIN);
    }
    expect(ids(history.continueWatching(KID, 20))).toEqual([SINTEL]);
    expect(ids(history.nextUp(KID, 20))).toEqual([S1E2]);
    expect(ids(history.continueWatching(ADMIN, 20))).toEqual([GRIT, SINTEL]);
    expect(ids(history.nextUp(ADMIN, 20))).toEqual([DARK2, S1E2]);
    expect(() => history.mark(KID, GRIT, true)).toThrow('item 2 not found');
    expect(() => history.stateOf(KID, DARK1)).toThrow('item 31 not found');
  });
});

describe('marks and the log', () => {
  test('played and unplayed are logged; an unknown title is 404', () => {
    watch(ADMIN, SINTEL, 100 * MIN).to(30 * MIN);
    expect(history.mark(ADMIN, SINTEL, true)).toMatchObject({ played: true, playCount: 1, resumeMs: 0 });
    clock += 1;
    expect(history.mark(ADMIN, SINTEL, false)).toMatchObject({ played: false, playCount: 0, resumeMs: 0 });
    expect(kinds(ADMIN).slice(-2)).toEqual(['mark_played', 'mark_unplayed']);
    expect(() => history.mark(ADMIN, 999, true)).toThrow(expect.objectContaining({ status: 404, message: 'item 999 not found' }));
    expect(() => history.hide(ADMIN, 999)).toThrow(expect.objectContaining({ status: 404 }));
  });

  test('pages of the log, newest first, with the titles people recognise', () => {
    watch(ADMIN, S1E1, 45 * MIN).to(10 * MIN).to(11 * MIN).stop(11 * MIN);
    const first = history.recent(ADMIN, 3, null);
    expect(first.events.map((e) => [e.kind, e.title])).toEqual([
      ['stop', 'Harbour Lights — S01E01 · Arrival'],
      ['progress', 'Harbour Lights — S01E01 · Arrival'],
      ['progress', 'Harbour Lights — S01E01 · Arrival'],
    ]);
    expect(first.next).toBe(first.events[2]!.id);
    const second = history.recent(ADMIN, 3, first.next);
    expect(second).toEqual({ events: [expect.objectContaining({ kind: 'start', sessionId: expect.any(Number) })], next: null });
    expect(() => history.recent(ANNA, 3, first.next)).toThrow(`before: no event ${first.next} in this profile's history`);
  });
});

describe('export and import', () => {
  function someHistory(viewer: Viewer) {
    watch(viewer, SINTEL, 100 * MIN).to(86 * MIN).stop(86 * MIN);
    watch(viewer, S1E1, 45 * MIN).to(44 * MIN).stop(45 * MIN);
    watch(viewer, GRIT, 110 * MIN).to(20 * MIN).stop(20 * MIN);
    clock += MIN;
    history.hide(viewer, GRIT);
  }
  const states = (viewer: Viewer) => [SINTEL, GRIT, S1E1, S1E2].map((id) => history.stateOf(viewer, id));

  test("into another profile: the same states, rows and log; the same document twice changes nothing", () => {
    someHistory(ADMIN);
    const doc = history.exportHistory(ADMIN);
    expect(doc).toMatchObject({ profileName: 'Admin', exportedAt: clock });
    expect(doc.titles.get(S1E1)).toEqual({ kind: 'episode', title: 'Arrival', year: null, series: 'Harbour Lights', season: 1, episode: 1 });

    expect(history.importHistory(ANNA, doc)).toEqual({ added: doc.events.length, duplicates: 0, unmatched: 0 });
    expect(states(ANNA)).toEqual(states(ADMIN));
    expect(ids(history.nextUp(ANNA, 20))).toEqual(ids(history.nextUp(ADMIN, 20)));
    expect(kinds(ANNA)).toEqual(kinds(ADMIN));

    const rows = db.prepare(`SELECT COUNT(*) AS n FROM history_events`).get();
    expect(history.importHistory(ANNA, doc)).toEqual({ added: 0, duplicates: doc.events.length, unmatched: 0 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM history_events`).get()).toEqual(rows);
    expect(states(ANNA)).toEqual(states(ADMIN));
    // and back into the profile it came from: all there already
    expect(history.importHistory(ADMIN, doc).added).toBe(0);
  });

  test("into a kid's profile: titles above its ceiling count as unmatched; a kid's log and export leave them out", () => {
    someHistory(ADMIN);
    const doc = history.exportHistory(ADMIN);
    const gritEvents = doc.events.filter((e) => e.itemId === GRIT).length;
    expect(gritEvents).toBeGreaterThan(0);
    expect(history.importHistory(KID, doc)).toEqual({ added: doc.events.length - gritEvents, duplicates: 0, unmatched: gritEvents });
    expect(history.stateOf(KID, SINTEL)).toMatchObject({ played: true });
    // a title watched before the ceiling said no (lowered since): not in the kid's log or export
    db.prepare(`UPDATE items SET mpaa = 'R' WHERE id = ?`).run(SINTEL);
    expect(history.recent(KID, 50, null).events.map((e) => e.itemId)).not.toContain(SINTEL);
    const exported = history.exportHistory(KID);
    expect(exported.events.map((e) => e.itemId)).not.toContain(SINTEL);
    expect([...exported.titles.keys()]).not.toContain(SINTEL);
  });

  test('merged with what the profile did meanwhile: events interleave by time and the state is made again', () => {
    someHistory(ADMIN);
    const doc = history.exportHistory(ADMIN);
    clock += MIN;
    watch(ANNA, GRIT, 110 * MIN).to(60 * MIN).stop(60 * MIN); // Anna's own viewing, later than the import's
    history.importHistory(ANNA, doc);
    expect(history.stateOf(ANNA, GRIT)).toMatchObject({ resumeMs: 60 * MIN, hidden: false });
    expect(ids(history.continueWatching(ANNA, 20))).toEqual([GRIT]);
  });

  test('into another server: titles found by title and year, or series, season and number; others counted as unmatched', async () => {
    someHistory(ADMIN);
    const doc = history.exportHistory(ADMIN);
    const other = openDatabase(join(dir, 'other.db'));
    try {
      // the same catalogue under other ids, without True Grit
      other.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (5, 'Films', 'mixed', 0)`).run();
      other.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (9, 5, 'h', 'harbour lights', 'harbour lights', 0)`).run();
      const item = other.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, added_at) VALUES (?, 5, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
      item.run(101, 'sintel', 'movie', 'Sintel', 'sintel', 2010, null, null, null);
      item.run(102, 'e1', 'episode', 'Arrival', 'arrival', null, 9, 1, 1);
      item.run(103, 'e2', 'episode', 'Fog', 'fog', null, 9, 1, 2);
      item.run(SINTEL, 'other', 'movie', 'Something Else', 'something else', 2001, null, null, null); // id 1 here is another film
      const there = createHistoryService({ store: createHistoryStore(other), now: () => clock });
      const gritEvents = doc.events.filter((e) => e.itemId === GRIT).length;
      expect(there.importHistory(ADMIN, doc)).toEqual({ added: doc.events.length - gritEvents, duplicates: 0, unmatched: gritEvents });
      expect(there.stateOf(ADMIN, 101)).toEqual(history.stateOf(ADMIN, SINTEL));
      expect(there.stateOf(ADMIN, SINTEL).played).toBe(false);
      expect(ids(there.nextUp(ADMIN, 20))).toEqual([103]);
    } finally {
      other.close();
    }
  });
});

describe('migration 7', () => {
  test("the household's resume points become the first admin's, each with its event; resume_points is gone", () => {
    db.close();
    const old = join(dir, 'v6.db');
    const v6 = openDatabase(old, MIGRATIONS.filter((m) => m.version <= 6));
    catalogue(v6);
    v6.prepare(`INSERT INTO resume_points (item_id, position_ms, duration_ms, updated_at) VALUES (?, ?, ?, ?)`).run(SINTEL, 30 * MIN, 100 * MIN, START);
    v6.prepare(`INSERT INTO resume_points (item_id, position_ms, duration_ms, updated_at) VALUES (?, ?, ?, ?)`).run(S1E1, 12 * MIN, 45 * MIN, START + 1);
    v6.close();
    file = old;
    open();
    expect(history.continueWatching(ADMIN, 20)).toEqual([
      { itemId: S1E1, positionMs: 12 * MIN, durationMs: 45 * MIN, lastPlayedAt: START + 1 },
      { itemId: SINTEL, positionMs: 30 * MIN, durationMs: 100 * MIN, lastPlayedAt: START },
    ]);
    expect(history.exportHistory(ADMIN).events).toEqual([
      { at: START, kind: 'progress', itemId: SINTEL, positionMs: 30 * MIN, durationMs: 100 * MIN, sessionId: null },
      { at: START + 1, kind: 'progress', itemId: S1E1, positionMs: 12 * MIN, durationMs: 45 * MIN, sessionId: null },
    ]);
    const plain = new Database(old, { readonly: true });
    expect(plain.prepare(`SELECT name FROM sqlite_schema WHERE name = 'resume_points'`).all()).toEqual([]);
    plain.close();
  });
});
