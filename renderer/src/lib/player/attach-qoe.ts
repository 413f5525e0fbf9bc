// The QoE reporter on a video.js player: its events, its VHS quality levels, the real API and clock,
// and the page being left (pagehide: the last batch goes by beacon).
import type videojs from 'video.js';
import { ApiError, beaconSessionEvents, sendSessionEvents, startSession, type PlaybackMethodDto } from '../api.ts';
import { describeUserAgent, thisBrowsersId } from './client-identity.ts';
import { createQoeReporter, type QoeApi, type QoeClock } from './qoe-reporter.ts';
import { videojsQoePlayer } from './qoe-videojs.ts';

type Player = ReturnType<typeof videojs>;

const realClock: QoeClock = {
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

const realApi: QoeApi = {
  start: (body) => startSession(body),
  send: (id, events, seq) =>
    sendSessionEvents(id, events, seq).catch((err: unknown) => {
      // refused (a bad event, a session the server forgot): sending it again would be refused again
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) return;
      throw err;
    }),
  beacon: beaconSessionEvents,
};

/**
 * Reports the player's QoE and progress to the server until it is disposed or the page is left.
 * `playRequestedAt` (performance.now() when Play was pressed) makes the startup time include loading
 * the player; without it, it counts from the player's first `play`. Answers a function that stops early.
 */
export function attachQoe(player: Player, opts: { itemId: number; method: PlaybackMethodDto; playRequestedAt?: number }): () => void {
  const reporter = createQoeReporter(videojsQoePlayer(player), realApi, realClock, {
    itemId: opts.itemId,
    method: opts.method,
    clientId: thisBrowsersId(),
    clientName: describeUserAgent(navigator.userAgent),
    ...(opts.playRequestedAt === undefined ? {} : { playRequestedAt: opts.playRequestedAt }),
  });
  const onPageHide = () => stop(true);
  const onDispose = () => stop(false);
  function stop(leaving: boolean) {
    window.removeEventListener('pagehide', onPageHide);
    player.off('dispose', onDispose);
    reporter.stop({ leaving });
  }
  window.addEventListener('pagehide', onPageHide);
  player.on('dispose', onDispose);
  return () => stop(false);
}
