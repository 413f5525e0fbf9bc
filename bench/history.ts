// bench/history: the watch history at household scale. A temporary SQLite file gets a catalogue of
// --titles titles (movies, and series of 6 seasons of 10 episodes with 2 specials) and --events history
// events across --profiles profiles (one a kid with a PG / TV-PG ceiling, who watched only what it may),
// imported per profile through the service. Then, alternating one of each per round so noise hits both alike, it times
//   1. recording one progress report through the playback service, as POST /api/sessions/{id}/events
//      does (its body validated by the route's schema; the session's totals, usage and history written);
//   2. Continue watching + Next up (20 each) for a profile, as GET /api/continue-watching and
//      GET /api/next-up do (the service, then the answer's item DTOs).
// The generated viewings report progress every 60 s of playback (the player does every 10 s): fewer
// reports per viewing make more viewings and titles out of the same events, the harder case for the rows.
//   npx tsx bench/history.ts [--events 1000000] [--profiles 8] [--titles 20000] [--rounds 2000]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toItemDto } from '../server/src/catalog/catalog.dto.js';
import { createCatalogStore } from '../server/src/catalog/catalog.store.js';
import { createMediaFileStore } from '../server/src/catalog/media-file.store.js';
import { openDatabase } from '../server/src/db/open.js';
import { createHistoryService } from '../server/src/history/history.service.js';
import { createHistoryStore } from '../server/src/history/history.store.js';
import type { HistoryEventKind, PortableEvent, TitleIdentity } from '../server/src/history/history.types.js';
import { parseInput } from '../server/src/http/validate.js';
import { sessionEventsSchema } from '../server/src/playback/playback.routes.js';
import { createPlaybackService } from '../server/src/playback/playback.service.js';
import { createPlaybackStore } from '../server/src/playback/playback.store.js';
import type { Viewer } from '../server/src/profiles/viewer.js';
import { median, percentile, seededRandom } from './stats.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    profiles: { type: 'string', default: '8' },
    titles: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '2000' },
  },
});
const EVENTS = Number(values.events);
const PROFILES = Number(values.profiles);
const TITLES = Number(values.titles);
const ROUNDS = Number(values.rounds);

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const SEASONS = 6;
const EPISODES = 10;
const SPECIALS = 2;
const PER_SERIES = SPECIALS + SEASONS * EPISODES;
const SERIES = Math.floor((TITLES * 0.93) / PER_SERIES);
const MOVIES = TITLES - SERIES * PER_SERIES;

const rnd = seededRandom(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} ms`;

const root = await mkdtemp(join(tmpdir(), 'seed-bench-history-'));
try {
  const file = join(root, 'seed.db');
  const db = openDatabase(file);

  // ---- the catalogue ----
  let t0 = performance.now();
  interface Title {
    id: number;
    durationMs: number;
    identity: TitleIdentity;
    rating: string | null;
  }
  const movies: Title[] = [];
  const series: { id: number; rating: string; episodes: Title[] /* in order, specials first */ }[] = [];
  db.transaction(() => {
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films & Series', 'mixed', 0)`).run();
    const item = db.prepare(
      `INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, mpaa, duration_ms, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    );
    const show = db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (?, 1, ?, ?, ?, ?, 0)`);
    let id = 1;
    for (let m = 0; m < MOVIES; m++, id++) {
      const title = `Movie ${m}`;
      const year = 1950 + (m % 75);
      const durationMs = between(85, 150) * MIN;
      const rating = pick(['G', 'PG', 'PG-13', 'R']);
      item.run(id, `m${m}`, 'movie', title, title.toLowerCase(), year, null, null, null, rating, durationMs);
      movies.push({ id, durationMs, identity: { kind: 'movie', title, year, series: null, season: null, episode: null }, rating });
    }
    for (let s = 1; s <= SERIES; s++) {
      const name = `Series ${s}`;
      const rating = pick(['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA']);
      show.run(s, `s${s}`, name, name.toLowerCase(), rating);
      const length = between(22, 60) * MIN;
      const episodes: Title[] = [];
      for (let season = 0; season <= SEASONS; season++) {
        for (let e = 1; e <= (season === 0 ? SPECIALS : EPISODES); e++, id++) {
          const title = `Episode ${season}x${e}`;
          item.run(id, `s${s}e${season}x${e}`, 'episode', title, title.toLowerCase(), null, s, season, e, null, length);
          episodes.push({ id, durationMs: length, identity: { kind: 'episode', title, year: null, series: name, season, episode: e }, rating: null });
        }
      }
      series.push({ id: s, rating, episodes });
    }
    const profile = db.prepare(`INSERT INTO profiles (id, name, avatar, role, movie_ceiling, tv_ceiling, created_at) VALUES (?, ?, 'fox', ?, ?, ?, 0)`);
    for (let p = 2; p <= PROFILES; p++) {
      const kid = p === PROFILES;
      profile.run(p, `Profile ${p}`, kid ? 'kid' : 'adult', kid ? 'PG' : null, kid ? 'TV-PG' : null);
    }
  })();
  const catalogueMs = performance.now() - t0;

  const viewers: Viewer[] = Array.from({ length: PROFILES }, (_, i) =>
    i === PROFILES - 1
      ? { profileId: i + 1, role: 'kid', ceiling: { movie: 'PG', tv: 'TV-PG', allowUnrated: false }, libraryIds: null }
      : { profileId: i + 1, role: i === 0 ? 'admin' : 'adult', ceiling: null, libraryIds: null },
  );

  // ---- each profile's history, as an exported document would hold it ----
  const END = Date.UTC(2026, 10, 26);
  /** `kid`: only what a PG / TV-PG ceiling lets it play (the server streams nothing above it) */
  function historyOf(budget: number, kid: boolean): { events: PortableEvent[]; titles: Map<number, TitleIdentity> } {
    const movieChoice = kid ? movies.filter((m) => m.rating === 'G' || m.rating === 'PG') : movies;
    const seriesChoice = kid ? series.filter((s) => ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG'].includes(s.rating)) : series;
    const events: PortableEvent[] = [];
    const titles = new Map<number, TitleIdentity>();
    const resume = new Map<number, number>();
    const watching: { episodes: Title[]; at: number }[] = [];
    let t = END - 730 * DAY;
    const push = (kind: HistoryEventKind, item: Title, at: number, positionMs: number | null) => {
      titles.set(item.id, item.identity);
      events.push({ at, kind, itemId: item.id, positionMs, durationMs: positionMs === null ? null : item.durationMs, sessionId: null });
    };
    /** one viewing: from its resume point to the end, or stopped somewhere */
    const view = (item: Title): boolean => {
      const from = resume.get(item.id) ?? 0;
      const stopAt = rnd() < 0.75 ? item.durationMs : Math.max(from + MIN, Math.round(item.durationMs * (0.1 + rnd() * 0.75)));
      push('start', item, t, null);
      let done = false;
      for (let p = from + MIN; p <= stopAt; p += MIN) {
        push('progress', item, t + (p - from), p);
        if (!done && p >= item.durationMs * 0.9) {
          push('complete', item, t + (p - from), p);
          done = true;
        }
      }
      const end = t + (stopAt - from);
      if (!done && rnd() < 0.3) push('pause', item, end, stopAt);
      push('stop', item, end + 1_000, stopAt);
      if (done) resume.delete(item.id);
      else resume.set(item.id, stopAt);
      t = end + between(1, 8) * 60 * MIN;
      return done;
    };
    while (events.length < budget) {
      const roll = rnd();
      if (roll < 0.6 && watching.length > 0) {
        // on with a series being watched
        const at = Math.floor(rnd() * Math.min(watching.length, 6));
        const show = watching[watching.length - 1 - at]!;
        const episode = show.episodes[show.at]!;
        if (rnd() < 0.01) {
          push('mark_played', episode, t, null);
          show.at += 1;
        } else if (view(episode)) show.at += 1;
        if (show.at >= show.episodes.length || rnd() < 0.01) watching.splice(watching.indexOf(show), 1); // finished, or given up
      } else if (roll < 0.85) {
        const movie = pick(movieChoice);
        if (!view(movie) && rnd() < 0.05) push('hide', movie, t, null);
      } else {
        // a new series, from its first regular episode (specials now and then)
        const show = pick(seriesChoice);
        watching.push({ episodes: show.episodes.slice(rnd() < 0.2 ? 0 : SPECIALS), at: 0 });
      }
    }
    return { events: events.slice(0, budget), titles };
  }

  const history = createHistoryService({ store: createHistoryStore(db), now: Date.now });
  t0 = performance.now();
  const importMs: number[] = [];
  for (const viewer of viewers) {
    const doc = historyOf(Math.floor(EVENTS / PROFILES), viewer.ceiling !== null);
    const t = performance.now();
    history.importHistory(viewer, doc);
    importMs.push(performance.now() - t);
  }
  const fillMs = performance.now() - t0;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  console.log(
    `catalogue: ${MOVIES} movies, ${SERIES} series (${SERIES * PER_SERIES} episodes) in ${(catalogueMs / 1000).toFixed(1)} s; ` +
      `history: ${count('SELECT COUNT(*) AS n FROM history_events')} events, ${count('SELECT COUNT(*) AS n FROM watch_state')} title states, ` +
      `${count('SELECT COUNT(*) AS n FROM series_watch')} series being watched, ${count('SELECT COUNT(*) AS n FROM watch_state WHERE resume_ms > 0 AND played = 0 AND hidden = 0')} in progress, ` +
      `in ${(fillMs / 1000).toFixed(1)} s (import of one profile's ${Math.floor(EVENTS / PROFILES)} events: median ${(median(importMs) / 1000).toFixed(2)} s)`,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`database: ${((await stat(file)).size / 1024 / 1024).toFixed(0)} MB`);

  // ---- the measurements ----
  const playback = createPlaybackService({ store: createPlaybackStore(db), now: Date.now, history });
  const catalog = createCatalogStore(db);
  const files = createMediaFileStore(db);
  const dtoDeps = { catalog, files, transcodeState: () => ({ status: 'none' as const, progress: 0, error: null }) };
  const itemDto = (id: number) => {
    const item = catalog.get(id);
    return item && toItemDto(item, dtoDeps);
  };
  // one player per profile, each playing a title it may see, half-way into it
  const players = viewers.map((viewer, i) => {
    const item = viewer.ceiling ? movies.filter((m) => m.rating === 'G' || m.rating === 'PG')[i]! : movies[i * 7]!;
    const id = playback.start({ itemId: item.id, method: 'hls', clientId: `bench-${i}`, clientName: 'Chrome on Linux', profileId: viewer.profileId }).id;
    playback.record(id, [{ kind: 'start', startupMs: 900 }], 1);
    return { id, seq: 2, positionMs: 10 * MIN, watchedMs: 0, durationMs: item.durationMs };
  });
  const recordMs: number[] = [];
  const rowsMs: number[] = [];
  const rowsServiceMs: number[] = [];
  const kidRowsMs: number[] = [];
  let shown = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const p = round % PROFILES;
    const player = players[p]!;
    player.positionMs += 10_000;
    player.watchedMs += 10_000;
    if (player.positionMs > player.durationMs * 0.8) player.positionMs = 10 * MIN; // a seek back: never completes, as most reports do not
    const body = { seq: player.seq, events: [{ kind: 'progress', positionMs: player.positionMs, durationMs: player.durationMs, watchedMs: player.watchedMs, height: 1080, bufferMs: 20_000, bandwidthBps: 8_000_000 }] };
    let t = performance.now();
    const parsed = parseInput(sessionEventsSchema, body, 'body');
    playback.record(player.id, parsed.events, parsed.seq);
    recordMs.push(performance.now() - t);
    player.seq += 1;

    const viewer = viewers[(round * 3) % PROFILES]!;
    t = performance.now();
    const continuing = history.continueWatching(viewer, 20);
    const next = history.nextUp(viewer, 20);
    const service = performance.now() - t;
    const answer = [...continuing.map((e) => itemDto(e.itemId)), ...next.map((e) => itemDto(e.itemId))];
    const total = performance.now() - t;
    shown += answer.length;
    rowsServiceMs.push(service);
    rowsMs.push(total);
    if (viewer.ceiling) kidRowsMs.push(total);
  }

  console.log(`\n${ROUNDS} rounds, alternating; per call:\n`);
  console.log('| measure | p50 | p95 | p99 | max | target |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const row = (name: string, xs: number[], target: string) =>
    console.log(`| ${name} | ${ms(median(xs))} | ${ms(percentile(xs, 95))} | ${ms(percentile(xs, 99))} | ${ms(Math.max(...xs))} | ${target} |`);
  row('record one progress report (schema + playback service + history)', recordMs, 'p95 < 2 ms');
  row('Continue watching + Next up, service only', rowsServiceMs, '');
  row('Continue watching + Next up, with the item DTOs of the answer', rowsMs, 'p95 < 20 ms');
  row(`… of the kid profile alone (${kidRowsMs.length} calls)`, kidRowsMs, '');
  console.log(`\n(${(shown / ROUNDS).toFixed(1)} titles per answer on average)`);
  db.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
