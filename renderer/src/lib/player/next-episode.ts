// Next-episode autoplay: which episode follows, what the card says and when it shows. Pure.
import type { ItemDto, MediaFileDto, SeriesDto } from '../api.ts';
import { episodeLabel, episodeTitle } from '../format.ts';

/** Seconds the card counts down before the next episode starts by itself. */
export const COUNTDOWN_SECONDS = 10;
/** Without a credits chapter, the card shows this long before the end (on titles long enough to have credits). */
export const OFFER_BEFORE_END_SECONDS = 20;
/** Titles shorter than this get the card at their end only: 20 s would be most of a short clip. */
const OFFER_EARLY_MIN_SECONDS = 5 * 60;

type Chapter = MediaFileDto['chapters'][number];

const CREDITS = /\b(end\s*)?credits?\b|\bend\s*titles?\b|\boutro\b|\bending\b/i;

/**
 * The episode after `itemId` in the series' order (seasons as listed, specials included where the
 * server put them); null after the last one or when the item is not in the series. A file holding
 * several episodes (S01E01–E03) is followed by the first episode it does not hold.
 */
export function nextEpisodeOf(series: Pick<SeriesDto, 'seasons'>, itemId: number): ItemDto | null {
  const episodes = series.seasons.flatMap((season) => season.episodes);
  const at = episodes.findIndex((episode) => episode.id === itemId);
  if (at < 0) return null;
  const current = episodes[at]!;
  const last = current.endingEpisode ?? current.episode;
  return (
    episodes.slice(at + 1).find((episode) => {
      if (episode.id === current.id) return false;
      // the same season's episodes the current file already covers are skipped
      return !(episode.season === current.season && last !== null && episode.episode !== null && episode.episode <= last);
    }) ?? null
  );
}

/** "S01E02 · Pilot", "S01E02" when the episode has no title of its own. */
export function nextEpisodeLabel(episode: ItemDto): string {
  const code = episodeLabel(episode);
  const title = episodeTitle(episode);
  if (code && title) return `${code} · ${title}`;
  return code || title || episode.title;
}

/**
 * When (seconds into the title) the card appears: at a credits chapter in the last quarter, else
 * 20 s before the end of a title of 5 min or more, else at the end. `durationSeconds` ≤ 0: at the end.
 */
export function offerAtSeconds(durationSeconds: number, chapters: readonly Chapter[] = []): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return Infinity;
  const credits = chapters
    .filter((chapter) => chapter.title !== null && CREDITS.test(chapter.title))
    .map((chapter) => chapter.startMs / 1000)
    .filter((start) => start >= durationSeconds * 0.75 && start < durationSeconds);
  if (credits.length > 0) return Math.min(...credits);
  return durationSeconds >= OFFER_EARLY_MIN_SECONDS ? durationSeconds - OFFER_BEFORE_END_SECONDS : durationSeconds;
}
