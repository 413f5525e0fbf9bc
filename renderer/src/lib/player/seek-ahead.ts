// A seek tells the server where playback goes before VHS asks. After a seek to a position not
// buffered, VHS waits for its next buffer check (up to 500 ms) before it requests the segment there;
// a title still made just in time needs that time to encode it (about 1 s a segment on 2 cores). So
// the player asks for the segment itself the moment the seek happens: the server starts making it,
// and VHS's own request, when it comes, finds the answer in the browser's cache (segments are
// immutable) or waits for the same run (bench/playback/start.ts, the seek).
import { prefetchSegment } from '../api.ts';

/** A segment of the media playlist being played, as VHS parsed it. */
export interface PlaylistSegment {
  duration: number;
  uri: string;
  resolvedUri?: string;
}

/** The segment that holds `seconds` when the playlist starts at 0 (a VOD playlist); -1 past its end. */
export function segmentIndexAt(segments: readonly PlaylistSegment[], seconds: number): number {
  if (!(seconds >= 0)) return -1;
  let start = 0;
  for (let i = 0; i < segments.length; i++) {
    const end = start + segments[i]!.duration;
    if (seconds < end) return i;
    start = end;
  }
  return -1;
}

/** Hints closer together than this are held and only the last one is sent (dragging the seek bar). */
export const SEEK_AHEAD_SPACING_MS = 250;

export interface SeekAheadDeps {
  /** subscribes to the player's 'seeking'; returns the unsubscribe */
  onSeeking(listener: () => void): () => void;
  currentTime(): number;
  /** whether the media at `seconds` is buffered already (no request is coming for it) */
  isBuffered(seconds: number): boolean;
  /** the segments of the rung playing now; null before a media playlist is loaded */
  segments(): readonly PlaylistSegment[] | null;
  /** the URI as the player would ask for it (the freshest stream token) */
  rewrite?(uri: string): string;
  /** asks for the segment, reading it whole (so the browser caches it); aborted when a later seek supersedes it */
  fetch(uri: string, signal: AbortSignal): Promise<unknown>;
  now(): number;
  setTimer(ms: number, run: () => void): () => void;
}

/** Starts hinting; returns the stop (which abandons the hint in flight). */
export function attachSeekAhead(deps: SeekAheadDeps): () => void {
  let lastSentAt = -Infinity;
  let lastUri: string | null = null;
  let inFlight: AbortController | null = null;
  let cancelHeld: (() => void) | null = null;

  const send = () => {
    cancelHeld = null;
    const seconds = deps.currentTime();
    if (deps.isBuffered(seconds)) return;
    const segments = deps.segments();
    if (!segments) return;
    const index = segmentIndexAt(segments, seconds);
    if (index < 0) return;
    const segment = segments[index]!;
    const uri = deps.rewrite ? deps.rewrite(segment.resolvedUri ?? segment.uri) : (segment.resolvedUri ?? segment.uri);
    if (uri === lastUri) return; // asked already (a second seek into the same segment)
    inFlight?.abort();
    const abort = new AbortController();
    inFlight = abort;
    lastUri = uri;
    lastSentAt = deps.now();
    deps.fetch(uri, abort.signal).then(
      () => undefined,
      // a failed hint costs nothing: VHS asks for the segment anyway, and a later seek may ask again
      () => {
        if (lastUri === uri && !abort.signal.aborted) lastUri = null;
      },
    );
  };

  const stopListening = deps.onSeeking(() => {
    if (cancelHeld) return; // the held hint reads the position when it fires
    const wait = lastSentAt + SEEK_AHEAD_SPACING_MS - deps.now();
    if (wait <= 0) send();
    else cancelHeld = deps.setTimer(wait, send);
  });

  return () => {
    stopListening();
    cancelHeld?.();
    cancelHeld = null;
    inFlight?.abort();
  };
}

/** What seekAheadFor() uses of a video.js player. */
export interface SeekAheadPlayer {
  on(event: 'seeking', listener: () => void): void;
  off(event: 'seeking', listener: () => void): void;
  currentTime(): number | undefined;
  buffered(): TimeRanges;
  tech(options: { IWillNotUseThisInPlugins: true }): unknown;
}

/** Seek-ahead hints for a video.js player playing HLS through VHS (nothing happens while VHS is not there). */
export function seekAheadFor(player: SeekAheadPlayer, opts: { rewrite?: (uri: string) => string } = {}): () => void {
  const vhs = () => (player.tech({ IWillNotUseThisInPlugins: true }) as { vhs?: { playlists?: { media(): { segments?: PlaylistSegment[] } | undefined } } } | undefined)?.vhs;
  return attachSeekAhead({
    onSeeking: (listener) => {
      player.on('seeking', listener);
      return () => player.off('seeking', listener);
    },
    currentTime: () => player.currentTime() ?? 0,
    isBuffered: (seconds) => {
      const ranges = player.buffered();
      for (let i = 0; i < ranges.length; i++) if (ranges.start(i) <= seconds + 0.1 && ranges.end(i) > seconds + 0.5) return true;
      return false;
    },
    segments: () => vhs()?.playlists?.media()?.segments ?? null,
    ...(opts.rewrite ? { rewrite: opts.rewrite } : {}),
    // an error answer (503 while busy) is a failed hint: a later seek into that segment asks again
    fetch: prefetchSegment,
    now: () => performance.now(),
    setTimer: (ms, run) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  });
}
