// Pure words for the screen: titles, episode codes, durations, percentages.
import type { ItemDto, TitleCardDto } from './api.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "S01E02"; "S01E01–E03" for a file holding several episodes; "E02" when the season is unknown;
 * "" when neither is known.
 */
export function episodeCode(season: number | null, episode: number | null, endingEpisode: number | null = null): string {
  if (episode === null) return season === null ? '' : `S${pad2(season)}`;
  const first = season === null ? `E${pad2(episode)}` : `S${pad2(season)}E${pad2(episode)}`;
  return endingEpisode !== null && endingEpisode > episode ? `${first}–E${pad2(endingEpisode)}` : first;
}

/** "2024-03-05" → "Mar 5, 2024" (in the viewer's language); anything else is shown as it came. */
export function formatAirDate(airDate: string, locale?: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(airDate);
  if (!match) return airDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return airDate;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** How an episode is numbered on screen: "S01E02", "S01E01–E03", or its air date for a daily show. */
export function episodeLabel(item: Pick<ItemDto, 'season' | 'episode' | 'endingEpisode' | 'airDate'>, locale?: string): string {
  const code = episodeCode(item.season, item.episode, item.endingEpisode);
  if (item.episode === null && item.airDate) return formatAirDate(item.airDate, locale);
  return code;
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

/** "1 episode", "12 episodes" */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const joinKnown = (parts: readonly (string | null | undefined)[], separator = ' · ') =>
  parts.filter((part): part is string => Boolean(part)).join(separator);

/** The small line of a home-grid card: "2020 · 1 h 32 min" for a movie, "8 episodes" for a series. */
export function titleCardMeta(card: TitleCardDto): string {
  if (card.type === 'series') return card.episodeCount === null ? '' : countOf(card.episodeCount, 'episode');
  return joinKnown([card.year === null ? null : String(card.year), formatDuration(card.durationMs ?? 0)]);
}

/** The big line of an item card: the movie's title, or the series' title for an episode. */
export function cardTitle(item: ItemDto): string {
  return item.kind === 'episode' ? (item.seriesTitle ?? item.title) : item.title;
}

/** An episode's own title, when it says more than the series title, the code or "Episode 2". */
export function episodeTitle(item: ItemDto): string | null {
  const title = item.title.trim();
  if (!title || title === item.seriesTitle || title === item.airDate) return null;
  const code = episodeCode(item.season, item.episode);
  if (code && title.toUpperCase().includes(code)) return null;
  if (/^episode\s*\d+$/i.test(title)) return null;
  return title;
}

/** The small line of an item card: "S01E02 · Pilot · 42 min", "2020 · 1 h 32 min", "Trailer · 2 min". */
export function cardMeta(item: ItemDto): string {
  switch (item.kind) {
    case 'episode':
      return joinKnown([episodeLabel(item), episodeTitle(item), formatDuration(item.durationMs)]);
    case 'extra':
      return joinKnown([extraTypeName(item.extraType), formatDuration(item.durationMs)]);
    case 'movie':
      return joinKnown([item.year === null ? null : String(item.year), formatDuration(item.durationMs)]);
  }
}

/** "behindthescenes" → "Behind the scenes"; null for an unknown type */
export function extraTypeName(extraType: string | null): string | null {
  if (!extraType) return null;
  const words = EXTRA_TYPES[extraType.toLowerCase().replace(/[\s_-]+/g, '')];
  if (words) return words;
  const spaced = extraType.replace(/[_-]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const EXTRA_TYPES: Readonly<Record<string, string>> = {
  trailer: 'Trailer',
  trailers: 'Trailer',
  behindthescenes: 'Behind the scenes',
  deleted: 'Deleted scene',
  deletedscene: 'Deleted scene',
  deletedscenes: 'Deleted scene',
  featurette: 'Featurette',
  featurettes: 'Featurette',
  interview: 'Interview',
  interviews: 'Interview',
  scene: 'Scene',
  scenes: 'Scene',
  short: 'Short',
  shorts: 'Short',
  other: 'Extra',
  extra: 'Extra',
  extras: 'Extra',
};

/** The heading above the player: "Big Buck Test (2020)", "Test Show — S01E02 · Pilot". */
export function playerTitle(item: ItemDto): string {
  switch (item.kind) {
    case 'movie':
      return item.year === null ? item.title : `${item.title} (${item.year})`;
    case 'extra':
      return item.title;
    case 'episode': {
      const episode = joinKnown([episodeLabel(item), episodeTitle(item)]);
      if (!item.seriesTitle) return episode || item.title;
      return episode ? `${item.seriesTitle} — ${episode}` : item.seriesTitle;
    }
  }
}

/** 7.834 → "7.8" (out of 10); null when unrated */
export function formatRating(rating: number | null): string | null {
  if (rating === null || !Number.isFinite(rating) || rating <= 0) return null;
  return (Math.round(rating * 10) / 10).toFixed(1);
}

/** "Rated PG-13" → "PG-13"; a Kodi "US:PG-13" → "PG-13"; null when there is none */
export function certification(mpaa: string | null): string | null {
  const text = mpaa
    ?.trim()
    .replace(/^rated\s+/i, '')
    .replace(/^[a-z]{2}:\s*/i, '')
    .trim();
  return text ? text : null;
}
