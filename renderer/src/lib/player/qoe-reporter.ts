// What the viewer saw, reported to the server: startup time (Play to the first frame), stalls, rung
// switches, time watched per rung, position, errors. Pure: the player, the API and the clock come in
// as small interfaces (attach-qoe.ts adapts video.js, the tests pass fakes).
import type { SessionEventDto, StartSessionRequest } from '../api.ts';

/** The player reports this often, and on pause, end and stop. */
export const REPORT_EVERY_MS = 10_000;
/** Events kept while the server cannot be reached; the oldest go first. */
export const MAX_PENDING = 200;
/** The server refuses spans longer than an hour (a startup, a stall): longer ones are reported as an hour. */
const MAX_SPAN_MS = 3_600_000;

/**
 * `play`: playing was asked for (Play pressed, or autoplay); `playing`: frames are moving (the first
 * one ends the startup, later ones a stall); `waiting`: stopped for want of data; `qualitychange`:
 * the player picked another rung.
 */
export const QOE_PLAYER_EVENTS = ['play', 'playing', 'waiting', 'seeking', 'seeked', 'pause', 'ended', 'error', 'timeupdate', 'qualitychange'] as const;
export type QoePlayerEvent = (typeof QOE_PLAYER_EVENTS)[number];

export interface Rendition {
  /** picture height, px */
  height: number;
  bitrateBps: number | null;
}

export interface QoePlayer {
  on(event: QoePlayerEvent, listener: () => void): void;
  off(event: QoePlayerEvent, listener: () => void): void;
  positionMs(): number;
  /** 0 while unknown */
  durationMs(): number;
  /** the rung playing (for a file played as it is: its own height); null while unknown */
  rendition(): Rendition | null;
  errorMessage(): string | null;
  /** what the buffer holds ahead of the playhead; null when unknown */
  bufferMs?(): number | null;
  /** the bandwidth the player measured from its own downloads (bits/s); null when it measures none (a file played as it is) */
  bandwidthBps?(): number | null;
}

export interface QoeApi {
  start(body: StartSessionRequest): Promise<{ id: number }>;
  /**
   * rejects when the batch should be tried again later. `seq`: the number of the batch's first event
   * (numbered from 1 per session), so the server skips what it applied of a batch sent again
   */
  send(sessionId: number, events: SessionEventDto[], seq: number): Promise<void>;
  /** the page is going away: hands the batch to the browser (navigator.sendBeacon); false when it refused */
  beacon(sessionId: number, events: SessionEventDto[], seq: number): boolean;
}

export interface QoeClock {
  /** ms, monotonic */
  now(): number;
  /** calls `tick` every `ms` until the answered function is called */
  every(ms: number, tick: () => void): () => void;
}

export interface QoeSession extends StartSessionRequest {
  /** when Play was pressed, on `clock`; without it the player's first `play` event is the moment */
  playRequestedAt?: number;
}

export interface QoeReporter {
  /** Sends what is pending now (an empty batch says the player is still there). */
  flush(): Promise<void>;
  /** The player goes away: the end is reported (by beacon when the page is `leaving`) and listening stops. */
  stop(opts?: { leaving?: boolean }): void;
}

/** The last player's final report, on its way after the player went (Back to the title's page). */
let lastReport: Promise<void> = Promise.resolve();

/**
 * Resolves once the last player's final report is sent, or after `timeoutMs`: a page that says where
 * the profile stopped (the title's page, the player's resume) asks only then, not before the report.
 */
export function finalReportSent(timeoutMs = 2_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  return Promise.race([lastReport, timeout]).finally(() => clearTimeout(timer));
}

const span = (ms: number) => Math.min(MAX_SPAN_MS, Math.max(0, Math.round(ms)));
const whole = (ms: number) => (Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : 0);

/** Starts a session at once, then listens to the player until `stop`. Never throws at the player: QoE must not break playback. */
export function createQoeReporter(player: QoePlayer, api: QoeApi, clock: QoeClock, session: QoeSession): QoeReporter {
  const { playRequestedAt: requestedAt, ...startBody } = session;
  let sessionId: number | null = null;
  let dead = false; // the session could not start: nothing is reported
  let stopped = false;
  let pending: SessionEventDto[] = [];
  /** the number of `pending[0]`: every event gets the next number when pushed, and keeps it when sent again */
  let pendingSeq = 1;
  let sending: Promise<void> = Promise.resolve();

  let playRequestedAt: number | null = requestedAt ?? null;
  let started = false;
  let paused = true;
  let seeking = false;
  let endSent = false;
  /** the report before an end is no pause */
  let ending = false;
  let stallSince: number | null = null;
  let playingSince: number | null = null;
  let watchedMs = 0;
  let rung: Rendition | null = null;

  const push = (event: SessionEventDto) => {
    if (!dead) pending.push(event);
  };
  /** Puts a batch that did not go back in front of what came meanwhile; the oldest go when there are too many. */
  const requeue = (batch: SessionEventDto[], batchSeq: number) => {
    const all = [...batch, ...pending];
    const kept = all.slice(-MAX_PENDING);
    pending = kept;
    pendingSeq = batchSeq + (all.length - kept.length);
  };
  /** Takes what is pending as one batch, with the number of its first event. */
  const take = (): { batch: SessionEventDto[]; seq: number } => {
    const taken = { batch: pending, seq: pendingSeq };
    pendingSeq += pending.length;
    pending = [];
    return taken;
  };

  /** Adds the time played since the last look to the total; `keepPlaying` false: playing stops here. */
  function bank(keepPlaying: boolean) {
    const now = clock.now();
    if (playingSince !== null) watchedMs += Math.max(0, now - playingSince);
    playingSince = keepPlaying && playingSince !== null ? now : null;
  }

  function progress() {
    if (!started) return;
    bank(true);
    const bufferMs = player.bufferMs?.() ?? null;
    const bandwidthBps = player.bandwidthBps?.() ?? null;
    push({
      kind: 'progress',
      positionMs: whole(player.positionMs()),
      durationMs: whole(player.durationMs()),
      watchedMs: Math.round(watchedMs),
      height: rung?.height ?? null,
      ...(bufferMs === null ? {} : { bufferMs: whole(bufferMs) }),
      ...(bandwidthBps === null ? {} : { bandwidthBps: whole(bandwidthBps) }),
      // the watch history tells a pause from a periodic report
      ...(paused && !ending ? { paused: true } : {}),
    });
  }

  function endStall() {
    if (stallSince === null) return;
    push({ kind: 'stall', ms: span(clock.now() - stallSince) });
    stallSince = null;
  }

  /** A new rung: the time so far is reported at the old one first, so the server can put it on the right rung. */
  function checkRung() {
    const now = player.rendition();
    if (!now || (rung && rung.height === now.height && rung.bitrateBps === now.bitrateBps)) return;
    if (rung) progress();
    rung = { height: Math.round(now.height), bitrateBps: now.bitrateBps === null ? null : Math.round(now.bitrateBps) };
    push({ kind: 'switch', height: rung.height, bitrateBps: rung.bitrateBps });
  }

  function flush(): Promise<void> {
    if (sessionId === null || dead) return sending;
    const id = sessionId;
    const { batch, seq } = take();
    // one batch at a time, in order; a failed one goes back in front of what came meanwhile
    sending = sending.then(() =>
      api.send(id, batch, seq).catch(() => requeue(batch, seq)),
    );
    return sending;
  }

  const handlers: Record<QoePlayerEvent, () => void> = {
    play() {
      paused = false;
      endSent = false;
      playRequestedAt ??= clock.now();
    },
    playing() {
      paused = false;
      const first = !started;
      if (first) {
        started = true;
        push({ kind: 'start', startupMs: span(clock.now() - (playRequestedAt ?? clock.now())) });
      }
      endStall();
      checkRung();
      playingSince ??= clock.now();
      // the first frame goes at once: the Sessions page has the startup and the rung without waiting 10 s
      if (first) void flush();
    },
    waiting() {
      bank(false);
      // before the first frame it is the startup; while seeking or paused it is the viewer's doing
      if (started && !seeking && !paused) stallSince ??= clock.now();
    },
    seeking() {
      endStall();
      bank(false);
      seeking = true;
    },
    seeked() {
      seeking = false;
    },
    pause() {
      endStall();
      bank(false);
      paused = true;
      progress();
      void flush();
    },
    ended() {
      endStall();
      bank(false);
      paused = true;
      ending = true;
      progress();
      ending = false;
      push({ kind: 'end', positionMs: whole(player.positionMs()) });
      endSent = true;
      void flush();
    },
    error() {
      endStall();
      bank(false);
      push({ kind: 'error', message: player.errorMessage() ?? 'unknown error' });
      void flush();
    },
    timeupdate() {
      // frames move again without a `playing` event (a seek inside the buffer)
      if (started && playingSince === null && !paused && !seeking && stallSince === null) playingSince = clock.now();
    },
    qualitychange() {
      checkRung();
    },
  };
  for (const event of QOE_PLAYER_EVENTS) player.on(event, handlers[event]);

  const cancelTimer = clock.every(REPORT_EVERY_MS, () => {
    checkRung();
    progress();
    void flush();
  });

  api.start(startBody).then(
    ({ id }) => {
      sessionId = id;
      if (pending.length > 0 || stopped) void flush();
    },
    () => {
      dead = true;
      pending = [];
    },
  );

  return {
    flush,
    stop(opts = {}) {
      if (stopped) return;
      stopped = true;
      cancelTimer();
      for (const event of QOE_PLAYER_EVENTS) player.off(event, handlers[event]);
      endStall();
      progress();
      if (!endSent) push({ kind: 'end', positionMs: whole(player.positionMs()) });
      endSent = true;
      if (opts.leaving && sessionId !== null && !dead) {
        const { batch, seq } = take();
        if (api.beacon(sessionId, batch, seq)) return;
        requeue(batch, seq);
      }
      lastReport = flush();
    },
  };
}
