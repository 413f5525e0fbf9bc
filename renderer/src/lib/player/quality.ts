// The quality menu's words and choices, from the rungs VHS found in the master playlist. Pure: the
// levels come in as plain values (height, bit rate, enabled), the menu goes out as entries.

export interface Rung {
  /** px; 0 when the playlist gave no RESOLUTION */
  height: number;
  /** bits per second (BANDWIDTH); 0 when unknown */
  bitrate: number;
  enabled: boolean;
}

/** What the viewer picked: every rung (VHS adapts) or one of them, by its index in the level list. */
export type QualityChoice = { kind: 'auto' } | { kind: 'rung'; index: number };

export interface QualityEntry {
  choice: QualityChoice;
  label: string;
}

const kbps = (bitrate: number) => `${Math.round(bitrate / 1000)} kbps`;

/** "720p"; a rung without a height is named by its bit rate */
function rungLabel(rung: Rung, sameHeight: boolean): string {
  if (rung.height <= 0) return rung.bitrate > 0 ? kbps(rung.bitrate) : 'Unknown';
  return sameHeight && rung.bitrate > 0 ? `${rung.height}p · ${kbps(rung.bitrate)}` : `${rung.height}p`;
}

/** Each rung's label; two rungs of one height are told apart by their bit rate. */
export function rungLabels(rungs: readonly Rung[]): string[] {
  return rungs.map((rung) => rungLabel(rung, rungs.some((other) => other !== rung && other.height === rung.height && rung.height > 0)));
}

/** Auto first, then the rungs from the sharpest down (as the menus of streaming apps list them). */
export function qualityEntries(rungs: readonly Rung[]): QualityEntry[] {
  const labels = rungLabels(rungs);
  const order = rungs.map((_, index) => index).sort((a, b) => rungs[b]!.height - rungs[a]!.height || rungs[b]!.bitrate - rungs[a]!.bitrate);
  return [{ choice: { kind: 'auto' }, label: 'Auto' }, ...order.map((index) => ({ choice: { kind: 'rung', index } as const, label: labels[index]! }))];
}

/** One rung enabled out of several is the viewer's pick; anything else is Auto. */
export function currentChoice(rungs: readonly Rung[]): QualityChoice {
  const enabled = rungs.flatMap((rung, index) => (rung.enabled ? [index] : []));
  return rungs.length > 1 && enabled.length === 1 ? { kind: 'rung', index: enabled[0]! } : { kind: 'auto' };
}

/** One change to a level's `enabled` flag; the order of the changes matters (see levelSteps). */
export interface LevelStep {
  index: number;
  enabled: boolean;
}

/**
 * The changes that carry out a choice, in order. VHS switches at once ("fast quality change", its
 * buffer flushed) only when a level goes from disabled to enabled, and then to that level; disabling
 * the level that plays waits for the buffer to run out. So a picked rung is enabled last, switched off
 * and on if it was already on; for Auto the level nearest in bit rate to what plays is enabled last,
 * so the one switch Auto cannot avoid is the smallest.
 */
export function levelSteps(rungs: readonly Rung[], choice: QualityChoice): LevelStep[] {
  if (choice.kind === 'rung') {
    const chosen = rungs[choice.index];
    if (!chosen) return [];
    const others = rungs.flatMap((rung, index) => (index !== choice.index && rung.enabled ? [{ index, enabled: false }] : []));
    return [...others, ...(chosen.enabled ? [{ index: choice.index, enabled: false }] : []), { index: choice.index, enabled: true }];
  }
  const playing = rungs.filter((rung) => rung.enabled);
  const reference = playing.length > 0 ? playing.reduce((sum, rung) => sum + rung.bitrate, 0) / playing.length : 0;
  return rungs
    .flatMap((rung, index) => (rung.enabled ? [] : [{ index, distance: Math.abs(rung.bitrate - reference) }]))
    .sort((a, b) => b.distance - a.distance)
    .map(({ index }) => ({ index, enabled: true }));
}

export const sameChoice = (a: QualityChoice, b: QualityChoice): boolean =>
  a.kind === 'auto' ? b.kind === 'auto' : b.kind === 'rung' && a.index === b.index;

/**
 * The button's words: "Auto (720p)" while VHS adapts (with the rung it plays, once known), the rung's
 * own label when the viewer picked one. `playingIndex` is the level list's selectedIndex (-1: none yet).
 */
export function qualityLabel(rungs: readonly Rung[], playingIndex: number): string {
  const choice = currentChoice(rungs);
  const labels = rungLabels(rungs);
  if (choice.kind === 'rung') return labels[choice.index]!;
  const playing = labels[playingIndex];
  return playing ? `Auto (${playing})` : 'Auto';
}
