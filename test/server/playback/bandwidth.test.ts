// What the server measures of each device on a real SQLite file: a moving average of its segments'
// throughput, the throughput of the session going on, and the hint its next session starts from.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../../../server/src/db/open.js';
import { createBandwidthService, MIN_SAMPLE_BYTES, SAMPLE_WEIGHT, type BandwidthService } from '../../../server/src/playback/bandwidth.service.js';
import { createBandwidthStore } from '../../../server/src/playback/bandwidth.store.js';
import { createPlaybackService, type PlaybackService } from '../../../server/src/playback/playback.service.js';
import { createPlaybackStore } from '../../../server/src/playback/playback.store.js';
import { tempDir } from '../../helpers/server.js';

const START = Date.UTC(2026, 0, 10, 20, 0, 0);
let dir: string;
let db: Db;
let clock: number;
let bandwidth: BandwidthService;
let playback: PlaybackService;
const MB = 1_000_000;

function open() {
  db = openDatabase(join(dir, 'seed.db'));
  bandwidth = createBandwidthService({ store: createBandwidthStore(db), now: () => clock });
  playback = createPlaybackService({ store: createPlaybackStore(db), now: () => clock });
}

beforeEach(async () => {
  dir = await tempDir('seed-bandwidth-');
  clock = START;
  open();
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, added_at) VALUES (1, 1, 'm', 'movie', 'Big Buck Bunny', 'big buck bunny', 0)`).run();
});
afterEach(async () => {
  if (db.open) db.close();
  await rm(dir, { recursive: true, force: true });
});

/** a segment of `bytes` sent in `ms` */
const sent = (bytes: number, ms: number, clientId: string | null = 'tv-1', address = '192.168.1.20') => bandwidth.segmentSent({ clientId, address, itemId: 1, bytes, ms });

describe('measured per device', () => {
  test('a moving average of the segments, small ones left out; kept across a restart', () => {
    expect(bandwidth.startHint('tv-1', '192.168.1.20')).toEqual({ bandwidthBps: null, bufferMs: null });
    sent(MIN_SAMPLE_BYTES - 1, 1); // latency, not bandwidth
    expect(bandwidth.startHint('tv-1', '192.168.1.20').bandwidthBps).toBeNull();
    sent(MB, 800); // 10 Mbit/s
    expect(bandwidth.startHint('tv-1', '192.168.1.20').bandwidthBps).toBeCloseTo(10e6);
    sent(MB, 4000); // 2 Mbit/s
    expect(bandwidth.startHint('tv-1', '192.168.1.20').bandwidthBps).toBeCloseTo(10e6 * (1 - SAMPLE_WEIGHT) + 2e6 * SAMPLE_WEIGHT);
    db.close();
    open();
    expect(bandwidth.startHint('tv-1', '192.168.1.20').bandwidthBps).toBeCloseTo(7.6e6);
    // another device knows nothing of it
    expect(bandwidth.startHint('phone', '192.168.1.21').bandwidthBps).toBeNull();
  });

  test('a player that names no id is known by its address', () => {
    sent(MB, 1000, null, '192.168.1.30');
    expect(bandwidth.startHint(null, '192.168.1.30').bandwidthBps).toBeCloseTo(8e6);
    expect(bandwidth.startHint(null, '192.168.1.31').bandwidthBps).toBeNull();
  });

  test("the session going on gets its own throughput; the player's own figure and buffer count for the next start", () => {
    const { id } = playback.start({ itemId: 1, method: 'hls', clientId: 'tv-1', clientName: 'Chrome on Linux' });
    sent(MB, 1000);
    sent(3 * MB, 1000);
    expect(playback.get(id).measuredBps).toBe(16e6); // 4 MB in 2 s
    playback.record(id, [{ kind: 'progress', positionMs: 10_000, durationMs: 60_000, watchedMs: 10_000, height: 720, bufferMs: 34_000, bandwidthBps: 5_000_000 }]);
    expect(playback.get(id)).toMatchObject({ bufferMs: 34_000, reportedBps: 5_000_000 });
    // the lower of the two: on a fast link the kernel's buffer makes the server's figure too high
    expect(bandwidth.startHint('tv-1', '192.168.1.20')).toEqual({ bandwidthBps: 5_000_000, bufferMs: 34_000 });
    // a later report without them keeps the last known
    playback.record(id, [{ kind: 'progress', positionMs: 20_000, durationMs: 60_000, watchedMs: 20_000, height: 720 }]);
    expect(playback.get(id)).toMatchObject({ bufferMs: 34_000, reportedBps: 5_000_000 });
    playback.record(id, [{ kind: 'end', positionMs: 20_000 }]);
    expect(bandwidth.startHint('tv-1', '192.168.1.20').bufferMs).toBe(34_000);
  });
});
