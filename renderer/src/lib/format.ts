// Pure words for the screen: titles, episode codes, durations, percentages.
import type { ItemDto } from './api.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "S01E02"; "E02" when the season is unknown; "" when neither is known */
export function episodeCode(season: number | null, episode: number | null): string {
  if (episode === null) return season === null ? '' : `S${pad2(season)}`;
  return season === null ? `E${pad2(episode)}` : `S${pad2(season)}E${pad2(episode)}`;
}

/** "1 h 32 min", "24 min", "45 s"; "" for an unknown (0) duration */
export function formatDuration(durationMs: number): string {
  if (!Number.isFinite(durationMs) || durationMs <= 0) return '';
  const totalSeconds = Math.round(durationMs / 1000);
  if (totalSeconds < 60) return `${Math.max(1, totalSeconds)} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** 0..1 → 0..100, whole, clamped; never 100 before the work is done */
export function percentOf(progress: number): number {
  return Number.isFinite(progress) ? Math.floor(Math.min(1, Math.max(0, progress)) * 100) : 0;
}

/** 0..1 → "42 %" (the no-break space keeps number and sign on one line) */
export function formatPercent(progress: number): string {
  return `${percentOf(progress)}\u00a0%`;
}

/** The big line of a card: the movie's title, or the series' title for an episode. */
export function cardTitle(item: ItemDto): string {
  return item.kind === 'episode' ? (item.seriesTitle ?? item.title) : item.title;
}

/** An episode's own title, when it says more than the series title, the code or "Episode 2". */
export function episodeTitle(item: ItemDto): string | null {
  const title = item.title.trim();
  if (!title || title === item.seriesTitle) return null;
  const code = episodeCode(item.season, item.episode);
  if (code && title.toUpperCase().includes(code)) return null;
  if (/^episode\s*\d+$/i.test(title)) return null;
  return title;
}

/** The small line of a card: "S01E02 · Pilot · 42 min" or "2020 · 1 h 32 min". */
export function cardMeta(item: ItemDto): string {
  const parts =
    item.kind === 'episode'
      ? [episodeCode(item.season, item.episode), episodeTitle(item)]
      : [item.year === null ? null : String(item.year)];
  parts.push(formatDuration(item.durationMs));
  return parts.filter((part): part is string => Boolean(part)).join(' · ');
}

/** The heading above the player: "Big Buck Test (2020)", "Test Show · S01E02 · Pilot". */
export function playerTitle(item: ItemDto): string {
  if (item.kind === 'movie') return item.year === null ? item.title : `${item.title} (${item.year})`;
  return [item.seriesTitle ?? item.title, episodeCode(item.season, item.episode), episodeTitle(item)]
    .filter((part): part is string => Boolean(part))
    .join(' · ');
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Library order: by movie or series title, then season and episode. */
export function compareItems(a: ItemDto, b: ItemDto): number {
  return (
    collator.compare(cardTitle(a), cardTitle(b)) ||
    (a.season ?? 0) - (b.season ?? 0) ||
    (a.episode ?? 0) - (b.episode ?? 0) ||
    a.id - b.id
  );
}
