// Where playback starts: `t` of the play route's query (#/play/12?t=125), in seconds. Pure.

/** "125", "125.5" or "1:02:05" (h:m:s) → seconds; null when absent or not a time. */
export function parseStartSeconds(value: string | null | undefined): number | null {
  const text = value?.trim();
  if (!text) return null;
  const parts = text.split(':');
  if (parts.length > 3 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) return null;
  // only the seconds may have a fraction: "1.5:00" is not a time
  if (parts.slice(0, -1).some((part) => part.includes('.'))) return null;
  const seconds = parts.reduce((total, part) => total * 60 + Number(part), 0);
  return Number.isFinite(seconds) ? seconds : null;
}

/** The start time a location hash asks for: `#/play/12?t=125` → 125; null without one. */
export function startSecondsOf(hash: string): number | null {
  const query = hash.indexOf('?');
  if (query < 0) return null;
  return parseStartSeconds(new URLSearchParams(hash.slice(query + 1)).get('t'));
}

/**
 * Where to start in a title of `durationSeconds`: the asked time, unless it is at (or within 1 s of)
 * the end, where the title would end at once: then from the start. Null: the start.
 */
export function startAt(requestedSeconds: number | null, durationSeconds: number): number | null {
  if (requestedSeconds === null || requestedSeconds <= 0) return null;
  if (Number.isFinite(durationSeconds) && durationSeconds > 0 && requestedSeconds >= durationSeconds - 1) return null;
  return requestedSeconds;
}
