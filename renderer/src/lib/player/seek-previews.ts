// Seek previews: the server's thumbnails.vtt has one cue per few seconds whose text points into a
// sprite sheet ("sprite-0.jpg#xywh=160,0,160,90"). Pure: cue text in, a picture's place out.

/** One tile of a sprite sheet: the image and the rectangle (px) to show of it. */
export interface Thumbnail {
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ThumbnailCue {
  startSeconds: number;
  endSeconds: number;
  thumbnail: Thumbnail;
}

const XYWH = /^xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/;

/**
 * The tile a cue's text names, its URL resolved against the track's own URL (the sheets sit beside
 * thumbnails.vtt). Null for text that is not a picture, or a tile without size. No `#xywh` means
 * the whole image, whose size is unknown here (0 × 0: shown at its natural size).
 */
export function parseThumbnailCue(text: string, trackUrl: string): Thumbnail | null {
  const payload = text.trim();
  if (!payload || /\s/.test(payload)) return null;
  const hash = payload.indexOf('#');
  const path = hash < 0 ? payload : payload.slice(0, hash);
  if (!path) return null;
  let url: string;
  try {
    url = new URL(path, trackUrl).href;
  } catch {
    return null;
  }
  if (hash < 0) return { url, x: 0, y: 0, width: 0, height: 0 };
  const match = XYWH.exec(payload.slice(hash + 1));
  if (!match) return null;
  const [x, y, width, height] = match.slice(1).map(Number) as [number, number, number, number];
  if (width === 0 || height === 0) return null;
  return { url, x, y, width, height };
}

/** Cues as a text track gives them (seconds and text), parsed; those that name no picture are left out, the rest sorted by time. */
export function thumbnailCues(cues: Iterable<{ startTime: number; endTime: number; text: string }>, trackUrl: string): ThumbnailCue[] {
  const out: ThumbnailCue[] = [];
  for (const cue of cues) {
    const thumbnail = parseThumbnailCue(cue.text, trackUrl);
    if (!thumbnail || !(cue.endTime > cue.startTime)) continue;
    out.push({ startSeconds: cue.startTime, endSeconds: cue.endTime, thumbnail });
  }
  return out.sort((a, b) => a.startSeconds - b.startSeconds);
}

/**
 * The thumbnail shown at `seconds`: the cue covering it; before the first cue the first, past the
 * last the last (a pointer at the very end of the bar still sees the final picture). Binary search:
 * a two-hour film has ~720 cues and the pointer moves every frame.
 */
export function thumbnailAt(cues: readonly ThumbnailCue[], seconds: number): Thumbnail | null {
  if (cues.length === 0 || !Number.isFinite(seconds)) return null;
  let low = 0;
  let high = cues.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (cues[mid]!.startSeconds <= seconds) low = mid;
    else high = mid - 1;
  }
  return cues[low]!.thumbnail;
}
