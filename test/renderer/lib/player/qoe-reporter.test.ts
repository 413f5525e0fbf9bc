// The QoE reporter with a fake player, API and clock: what it reports, when, and how it copes.
import { describe, expect, test } from 'vitest';
import type { SessionEventDto, StartSessionRequest } from '../../../../server/src/http/api-types.js';
import { createQoeReporter, MAX_PENDING, REPORT_EVERY_MS, type QoeApi, type QoeClock, type QoePlayer, type QoePlayerEvent, type Rendition } from '../../../../renderer/src/lib/player/qoe-reporter.js';

class FakePlayer implements QoePlayer {
  listeners = new Map<QoePlayerEvent, Set<() => void>>();
  position = 0;
  duration = 600_000;
  level: Rendition | null = null;
  error: string | null = null;
  on(event: QoePlayerEvent, listener: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
  }
  off(event: QoePlayerEvent, listener: () => void) {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: QoePlayerEvent) {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  listening = () => [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  positionMs = () => this.position;
  durationMs = () => this.duration;
  rendition = () => this.level;
  errorMessage = () => this.error;
  bufferMs?: () => number | null;
  bandwidthBps?: () => number | null;
}

class FakeClock implements QoeClock {
  t = 1_000;
  timers: { every: number; next: number; tick: () => void }[] = [];
  now = () => this.t;
  every(ms: number, tick: () => void) {
    const timer = { every: ms, next: this.t + ms, tick };
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((t) => t !== timer));
  }
  /** moves time on, firing timers due on the way */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.t = due.next;
      due.next += due.every;
      due.tick();
    }
    this.t = end;
  }
}

class FakeApi implements QoeApi {
  started: StartSessionRequest[] = [];
  batches: { id: number; events: SessionEventDto[] }[] = [];
  beacons: { id: number; events: SessionEventDto[] }[] = [];
  /** the number of each batch's first event, sent or beaconed, in order (failed ones too) */
  seqs: number[] = [];
  failSends = false;
  refuseBeacon = false;
  startResult: Promise<{ id: number }> = Promise.resolve({ id: 7 });
  start = async (body: StartSessionRequest) => {
    this.started.push(body);
    return this.startResult;
  };
  send = async (id: number, events: SessionEventDto[], seq: number) => {
    this.seqs.push(seq);
    if (this.failSends) throw new Error('offline');
    this.batches.push({ id, events });
  };
  beacon = (id: number, events: SessionEventDto[], seq: number) => {
    this.seqs.push(seq);
    if (this.refuseBeacon) return false;
    this.beacons.push({ id, events });
    return true;
  };
  sent = () => this.batches.flatMap((b) => b.events);
}

const session = { itemId: 3, method: 'hls' as const, clientId: 'abc', clientName: 'Chrome on Linux' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setup(opts: { playRequestedAt?: number } = {}) {
  const player = new FakePlayer();
  const clock = new FakeClock();
  const api = new FakeApi();
  const reporter = createQoeReporter(player, api, clock, { ...session, ...opts });
  await settle(); // the session exists
  return { player, clock, api, reporter };
}

/** play requested, 1.2 s later the first frame at 720p */
async function playing() {
  const env = await setup();
  env.player.emit('play');
  env.clock.advance(1_200);
  env.player.level = { height: 720, bitrateBps: 3_000_000 };
  env.player.emit('playing');
  return env;
}

describe('createQoeReporter', () => {
  test('starts a session at once with the title, method and client', async () => {
    const { api } = await setup();
    expect(api.started).toEqual([session]);
  });

  test('startup runs from Play requested to the first frame; the rung playing is reported with it, at once (the Sessions page need not wait 10 s)', async () => {
    const { api } = await playing();
    await settle();
    expect(api.batches).toEqual([{ id: 7, events: [{ kind: 'start', startupMs: 1_200 }, { kind: 'switch', height: 720, bitrateBps: 3_000_000 }] }]);
  });

  test('waiting before the first frame is part of the startup, not a stall', async () => {
    const { player, clock, api, reporter } = await setup();
    player.emit('play');
    player.emit('waiting');
    clock.advance(3_000);
    player.emit('playing');
    await reporter.flush();
    expect(api.sent()).toEqual([{ kind: 'start', startupMs: 3_000 }]);
  });

  test('a Play pressed before the player loaded counts from then', async () => {
    const { player, clock, api, reporter } = await setup({ playRequestedAt: 400 });
    clock.advance(500);
    player.emit('play');
    clock.advance(100);
    player.emit('playing');
    await reporter.flush();
    expect(api.sent()[0]).toEqual({ kind: 'start', startupMs: 1_000 - 400 + 600 });
  });

  test('a stall lasts from waiting to playing; its time is not watched time', async () => {
    const { player, clock, api } = await playing();
    clock.advance(3_000);
    player.emit('waiting');
    clock.advance(2_500);
    player.emit('playing');
    player.position = 6_300;
    clock.advance(3_300); // the 10 s report, 10 s after the session started
    await settle();
    // 3 s before the stall, 3.3 s after it
    expect(api.sent().slice(2)).toEqual([
      { kind: 'stall', ms: 2_500 },
      { kind: 'progress', positionMs: 6_300, durationMs: 600_000, watchedMs: 6_300, height: 720 },
    ]);
  });

  test('a progress report every 10 s while playing; a heartbeat batch even before the first frame', async () => {
    const { player, clock, api } = await setup();
    clock.advance(REPORT_EVERY_MS);
    await settle();
    expect(api.batches).toEqual([{ id: 7, events: [] }]); // still there, nothing seen yet
    player.emit('play');
    player.emit('playing');
    player.position = 4_000;
    clock.advance(REPORT_EVERY_MS);
    await settle();
    player.position = 14_000;
    clock.advance(REPORT_EVERY_MS);
    await settle();
    const progress = api.sent().filter((e) => e.kind === 'progress');
    expect(progress).toEqual([
      { kind: 'progress', positionMs: 4_000, durationMs: 600_000, watchedMs: 10_000, height: null },
      { kind: 'progress', positionMs: 14_000, durationMs: 600_000, watchedMs: 20_000, height: null },
    ]);
    expect(api.batches).toHaveLength(4); // the heartbeat, the first frame's, two reports
  });

  test("with each progress report, the buffer ahead and the player's own bandwidth when it knows them", async () => {
    const { player, clock, api } = await setup();
    let buffer: number | null = 21_400.4;
    player.bufferMs = () => buffer;
    player.bandwidthBps = () => 8_000_000.7;
    player.emit('play');
    player.emit('playing');
    player.position = 4_000;
    clock.advance(REPORT_EVERY_MS);
    await settle();
    buffer = null;
    clock.advance(REPORT_EVERY_MS);
    await settle();
    expect(api.sent().filter((e) => e.kind === 'progress')).toEqual([
      { kind: 'progress', positionMs: 4_000, durationMs: 600_000, watchedMs: 10_000, height: null, bufferMs: 21_400, bandwidthBps: 8_000_001 },
      { kind: 'progress', positionMs: 4_000, durationMs: 600_000, watchedMs: 20_000, height: null, bandwidthBps: 8_000_001 },
    ]);
  });

  test('pause reports the position at once; paused time is not watched; play resumes counting', async () => {
    const { player, clock, api } = await playing();
    clock.advance(4_000);
    player.position = 4_000;
    player.emit('pause');
    await settle();
    expect(api.batches.at(-1)!.events.at(-1)).toEqual({ kind: 'progress', positionMs: 4_000, durationMs: 600_000, watchedMs: 4_000, height: 720, paused: true });
    clock.advance(60_000); // paused a minute: heartbeats only
    player.emit('play');
    player.emit('playing');
    clock.advance(1_000);
    player.emit('pause');
    await settle();
    expect(api.sent().filter((e) => e.kind === 'progress').at(-1)).toMatchObject({ watchedMs: 5_000 });
  });

  test('waiting while seeking or paused is no stall', async () => {
    const { player, clock, api, reporter } = await playing();
    player.emit('seeking');
    player.emit('waiting');
    clock.advance(2_000);
    player.emit('seeked');
    player.emit('playing');
    player.emit('pause');
    player.emit('waiting');
    clock.advance(1_000);
    await reporter.flush();
    expect(api.sent().some((e) => e.kind === 'stall')).toBe(false);
  });

  test('a seek inside the buffer (no playing event): time counts again from the next timeupdate', async () => {
    const { player, clock, api } = await playing();
    clock.advance(1_000);
    player.emit('seeking');
    player.emit('seeked');
    clock.advance(500);
    player.emit('timeupdate');
    clock.advance(2_000);
    player.emit('pause');
    await settle();
    expect(api.sent().filter((e) => e.kind === 'progress').at(-1)).toMatchObject({ watchedMs: 3_000 });
  });

  test('a rung switch reports the time so far at the old rung first', async () => {
    const { player, clock, api, reporter } = await playing();
    clock.advance(3_000);
    player.level = { height: 1080, bitrateBps: 6_000_000 };
    player.emit('qualitychange');
    player.emit('qualitychange'); // the same rung again: nothing new
    await reporter.flush();
    expect(api.sent().slice(2)).toEqual([
      { kind: 'progress', positionMs: 0, durationMs: 600_000, watchedMs: 3_000, height: 720 },
      { kind: 'switch', height: 1080, bitrateBps: 6_000_000 },
    ]);
  });

  test('errors carry the player\'s message', async () => {
    const { player, api } = await playing();
    player.error = 'MEDIA_ERR_DECODE';
    player.emit('error');
    await settle();
    expect(api.sent().at(-1)).toEqual({ kind: 'error', message: 'MEDIA_ERR_DECODE' });
  });

  test('ended reports the last progress and the end; stop adds no second end and stops listening', async () => {
    const { player, clock, api, reporter } = await playing();
    clock.advance(2_000);
    player.position = 600_000;
    player.emit('pause');
    player.emit('ended');
    await settle();
    expect(api.sent().at(-1)).toEqual({ kind: 'end', positionMs: 600_000 });
    reporter.stop();
    await settle();
    expect(api.sent().filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(player.listening()).toBe(0);
    clock.advance(REPORT_EVERY_MS * 3);
    await settle();
    expect(api.batches.at(-1)!.events.every((e) => e.kind !== 'progress' || e.watchedMs === 2_000)).toBe(true);
  });

  test('leaving the page: stall, progress and end go by beacon', async () => {
    const { player, clock, api, reporter } = await playing();
    await settle(); // the first frame's report went
    clock.advance(5_000);
    player.emit('waiting');
    clock.advance(700);
    player.position = 5_000;
    reporter.stop({ leaving: true });
    expect(api.beacons).toEqual([
      {
        id: 7,
        events: [
          { kind: 'stall', ms: 700 },
          { kind: 'progress', positionMs: 5_000, durationMs: 600_000, watchedMs: 5_000, height: 720 },
          { kind: 'end', positionMs: 5_000 },
        ],
      },
    ]);
    await settle();
    expect(api.sent().map((e) => e.kind)).toEqual(['start', 'switch']);
  });

  test('a beacon the browser refuses goes by fetch instead', async () => {
    const { api, reporter } = await playing();
    api.refuseBeacon = true;
    reporter.stop({ leaving: true });
    await settle();
    expect(api.batches.flatMap((b) => b.events).at(-1)).toMatchObject({ kind: 'end' });
  });

  test('a failed batch is sent again with the next one, in order, and at most MAX_PENDING events are kept', async () => {
    const { player, clock, api, reporter } = await playing();
    api.failSends = true;
    await reporter.flush();
    clock.advance(1_000);
    player.emit('pause');
    await settle();
    api.failSends = false;
    await reporter.flush();
    expect(api.sent().map((e) => e.kind)).toEqual(['start', 'switch', 'progress']);

    api.failSends = true;
    for (let i = 0; i < MAX_PENDING + 50; i++) {
      player.emit('error');
      await settle();
    }
    api.failSends = false;
    await reporter.flush();
    expect(api.batches.at(-1)!.events).toHaveLength(MAX_PENDING);
  });

  test('events before the session exists are sent once it does; a session that cannot start reports nothing', async () => {
    const player = new FakePlayer();
    const clock = new FakeClock();
    const api = new FakeApi();
    let resolve: (v: { id: number }) => void = () => undefined;
    api.startResult = new Promise((r) => (resolve = r));
    const reporter = createQoeReporter(player, api, clock, session);
    player.emit('play');
    player.emit('playing');
    await reporter.flush();
    expect(api.batches).toEqual([]);
    resolve({ id: 9 });
    await settle();
    await settle();
    expect(api.batches).toEqual([{ id: 9, events: [{ kind: 'start', startupMs: 0 }] }]);

    const failing = new FakeApi();
    failing.startResult = Promise.reject(new Error('404'));
    const dead = createQoeReporter(new FakePlayer(), failing, new FakeClock(), session);
    await settle();
    dead.stop();
    await settle();
    expect(failing.batches).toEqual([]);
  });

  test('odd numbers from the player are sent as whole, non-negative milliseconds', async () => {
    const { player, clock, api, reporter } = await setup();
    player.position = 1234.56;
    player.duration = Number.NaN;
    player.level = { height: 719.6, bitrateBps: 2_999_999.5 };
    player.emit('play');
    clock.advance(10.4);
    player.emit('playing');
    clock.advance(0.3);
    player.emit('pause');
    await reporter.flush();
    expect(api.sent()).toEqual([
      { kind: 'start', startupMs: 10 },
      { kind: 'switch', height: 720, bitrateBps: 3_000_000 },
      { kind: 'progress', positionMs: 1235, durationMs: 0, watchedMs: 0, height: 720, paused: true },
    ]);
  });

  test('reports while paused say so; the report before the end does not', async () => {
    const { player, clock, api, reporter } = await playing();
    clock.advance(2_000);
    player.position = 2_000;
    player.emit('pause');
    clock.advance(REPORT_EVERY_MS); // a heartbeat while paused
    player.emit('play');
    player.emit('playing');
    clock.advance(1_000);
    player.position = 600_000;
    player.emit('ended');
    await reporter.flush();
    expect(api.sent().filter((e) => e.kind === 'progress').map((e) => e.kind === 'progress' && e.paused === true)).toEqual([true, true, false]);
  });

  test('events are numbered from 1; a batch sent again keeps its numbers, a beacon carries them too', async () => {
    const { player, clock, api, reporter } = await playing(); // start, switch: 1 and 2, sent at once
    await settle();
    api.failSends = true;
    clock.advance(1_000);
    player.emit('pause'); // 3, fails
    await settle();
    player.error = 'boom';
    player.emit('error'); // 4, fails with 3 in front
    await settle();
    api.failSends = false;
    await reporter.flush();
    expect(api.seqs).toEqual([1, 3, 3, 3]);
    expect(api.batches.at(-1)!.events.map((e) => e.kind)).toEqual(['progress', 'error']);
    reporter.stop({ leaving: true }); // its progress adds nothing new; the end is 5
    expect(api.seqs.at(-1)).toBe(5);
    expect(api.beacons.at(-1)!.events.map((e) => e.kind)).toEqual(['progress', 'end']);
  });

  test('when too many wait, the oldest go and the numbers still match the events', async () => {
    const { player, api, reporter } = await playing();
    await reporter.flush(); // 1, 2
    api.failSends = true;
    for (let i = 0; i < MAX_PENDING + 10; i++) {
      player.emit('error'); // 3 … 212
      await settle();
    }
    api.failSends = false;
    await reporter.flush();
    expect(api.seqs.at(-1)).toBe(3 + 10);
    expect(api.batches.at(-1)!.events).toHaveLength(MAX_PENDING);
  });
});
