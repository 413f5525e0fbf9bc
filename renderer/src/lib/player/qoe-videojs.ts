// A video.js player seen through the QoE reporter's small interface. Type imports only: the tests'
// tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { QoePlayer, QoePlayerEvent, Rendition } from './qoe-reporter.ts';

/** The part of a video.js player the reporter reads (a video.js 8 Player has all of it). */
export interface VideoJsLike {
  on(type: string, fn: () => void): void;
  off(type: string, fn: () => void): void;
  isDisposed(): boolean;
  currentTime(): number | undefined;
  duration(): number | undefined;
  videoHeight(): number;
  error(): { message?: string } | null | undefined;
  /** seconds: the end of the buffered range the playhead is in */
  bufferedEnd(): number;
}

/** What video.js' quality-levels plugin (bundled with video.js 8, fed by VHS) lists. */
interface QualityLevelList {
  readonly length: number;
  readonly selectedIndex: number;
  readonly [index: number]: { height?: number; bitrate?: number } | undefined;
  on(type: 'change', fn: () => void): void;
  off(type: 'change', fn: () => void): void;
}

// the plugin is registered by video.js at run time; its types do not declare it on Player
const qualityLevelsOf = (player: VideoJsLike): QualityLevelList | null =>
  (player as VideoJsLike & { qualityLevels?: () => QualityLevelList }).qualityLevels?.() ?? null;

/** VHS, when it plays the source; reached through the tech as video.js plugins do */
const vhsOf = (player: VideoJsLike): { bandwidth?: number } | undefined =>
  (player as VideoJsLike & { tech?: (opts: { IWillNotUseThisInPlugins: true }) => { vhs?: { bandwidth?: number } } | undefined }).tech?.({ IWillNotUseThisInPlugins: true })?.vhs;

export function videojsQoePlayer(player: VideoJsLike): QoePlayer {
  const levels = qualityLevelsOf(player);
  // the reporter's `qualitychange` is the level list's `change`; every other event is the player's own
  return {
    on(event: QoePlayerEvent, listener: () => void) {
      if (event === 'qualitychange') levels?.on('change', listener);
      else player.on(event, listener);
    },
    off(event: QoePlayerEvent, listener: () => void) {
      if (event === 'qualitychange') levels?.off('change', listener);
      else if (!player.isDisposed()) player.off(event, listener);
    },
    positionMs: () => (player.currentTime() ?? 0) * 1000,
    durationMs: () => {
      const seconds = player.duration() ?? 0;
      return Number.isFinite(seconds) ? seconds * 1000 : 0;
    },
    rendition(): Rendition | null {
      const level = levels && levels.selectedIndex >= 0 ? levels[levels.selectedIndex] : undefined;
      if (level?.height) return { height: level.height, bitrateBps: level.bitrate ?? null };
      // a file played as it is, or a browser playing HLS itself (Safari): the picture's own height
      const height = player.isDisposed() ? 0 : player.videoHeight();
      return height > 0 ? { height, bitrateBps: null } : null;
    },
    errorMessage: () => player.error()?.message || null,
    bufferMs() {
      if (player.isDisposed()) return null;
      return Math.max(0, player.bufferedEnd() - (player.currentTime() ?? 0)) * 1000;
    },
    bandwidthBps() {
      // VHS's estimate from its own segment downloads (absent when a file plays as it is)
      const bps = player.isDisposed() ? undefined : vhsOf(player)?.bandwidth;
      return typeof bps === 'number' && Number.isFinite(bps) && bps > 0 ? bps : null;
    },
  };
}
