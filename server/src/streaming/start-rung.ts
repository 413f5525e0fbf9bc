// Where a player starts on the ladder: the design's server-side rule. The highest rung whose bit rate
// is at most 80 % of the bandwidth measured for the device, within its largest picture; one step down
// when its buffer ran low (under 10 s) last time, one up when it held plenty (over 30 s). The player's
// own ABR takes over from the first segment on.

export const START_RULE = {
  /** a rung may take this share of the measured bandwidth: the rest absorbs the network's swings */
  headroom: 0.8,
  lowBufferMs: 10_000,
  highBufferMs: 30_000,
} as const;

/** A variant of a master playlist: its peak bit rate and picture height. */
export interface Variant {
  bandwidthBps: number;
  height: number;
}

export interface StartInput {
  /** measured for this device; null when it never played here */
  bandwidthBps: number | null;
  /** the device's largest picture (px); null when it did not say */
  maxHeight: number | null;
  /** what its buffer held when it last reported; null when unknown */
  bufferMs: number | null;
}

export interface StartChoice extends Variant {
  /** in words, for the playback answer: "720p: 80 % of 6.1 Mbit/s measured allows 4.9 Mbit/s; its buffer held 34 s, one up" */
  reason: string;
}

const mbits = (bps: number) => `${(bps / 1e6).toFixed(1)} Mbit/s`;

/** The starting variant, or null when nothing was measured (the player's own first guess stands). */
export function chooseStartRung(variants: readonly Variant[], input: StartInput): StartChoice | null {
  if (input.bandwidthBps === null || variants.length === 0) return null;
  const sorted = [...variants].sort((a, b) => a.bandwidthBps - b.bandwidthBps || a.height - b.height);
  const fitting = input.maxHeight === null ? sorted : sorted.filter((v) => v.height <= input.maxHeight!);
  // a device smaller than every rung still plays the smallest
  const allowed = fitting.length > 0 ? fitting : sorted.slice(0, 1);
  const budget = input.bandwidthBps * START_RULE.headroom;
  const affordable = allowed.filter((v) => v.bandwidthBps <= budget).length;
  let index = Math.max(0, affordable - 1);
  const words = [`${START_RULE.headroom * 100} % of ${mbits(input.bandwidthBps)} measured allows ${mbits(budget)}`];
  if (affordable === 0) words.push('the lowest rung is more');
  if (input.bufferMs !== null && input.bufferMs < START_RULE.lowBufferMs && index > 0) {
    index -= 1;
    words.push(`its buffer held ${Math.floor(input.bufferMs / 1000)} s last time, one down`);
  } else if (input.bufferMs !== null && input.bufferMs > START_RULE.highBufferMs && affordable > 0 && index < allowed.length - 1) {
    index += 1;
    words.push(`its buffer held ${Math.round(input.bufferMs / 1000)} s last time, one up`);
  }
  if (fitting.length < sorted.length && input.maxHeight !== null) words.push(`at most ${input.maxHeight}p on this device`);
  const chosen = allowed[index]!;
  return { ...chosen, reason: `${chosen.height}p: ${words.join('; ')}` };
}

const STREAM_INF = /^#EXT-X-STREAM-INF:(.*)$/;

/** The variants of a master playlist, in its order (BANDWIDTH and RESOLUTION of each EXT-X-STREAM-INF). */
export function variantsOf(master: string): Variant[] {
  const variants: Variant[] = [];
  for (const line of master.split(/\r?\n/)) {
    const attributes = STREAM_INF.exec(line)?.[1];
    if (attributes === undefined) continue;
    const bandwidth = /(?:^|,)BANDWIDTH=(\d+)/.exec(attributes)?.[1];
    const height = /(?:^|,)RESOLUTION=\d+x(\d+)/.exec(attributes)?.[1];
    if (bandwidth && height) variants.push({ bandwidthBps: Number(bandwidth), height: Number(height) });
  }
  return variants;
}

/**
 * The master with the variant of `height` listed first: players that play HLS themselves (Safari,
 * TVs, phones) start on the first variant listed. Unchanged when no variant has that height.
 */
export function withStartFirst(master: string, height: number): string {
  const lines = master.split('\n');
  // a variant is its EXT-X-STREAM-INF line and the URI line after it
  const index = lines.findIndex((line, i) => {
    const attributes = STREAM_INF.exec(line.replace(/\r$/, ''))?.[1];
    return attributes !== undefined && new RegExp(`(?:^|,)RESOLUTION=\\d+x${height}(?:,|$)`).test(attributes) && i + 1 < lines.length;
  });
  const first = lines.findIndex((line) => STREAM_INF.test(line.replace(/\r$/, '')));
  if (index < 0 || index === first) return master;
  const variant = lines.splice(index, 2);
  lines.splice(first, 0, ...variant);
  return lines.join('\n');
}
