// Next up: for a series, the episode to watch next. Pure: the episodes and what the profile did with
// them come in, in any order.

export interface EpisodeSlot {
  id: number;
  /** null: numbered without a season (absolute numbering); 0: specials */
  season: number | null;
  episode: number | null;
  /** a file holding several episodes (S01E01-E03): its last one */
  endingEpisode: number | null;
  airDate: string | null;
  played: boolean;
  /** the last completion or mark played; null when never */
  playedAt: number | null;
}

const isSpecial = (e: Pick<EpisodeSlot, 'season'>) => e.season === 0;

/** The series' order, as its page lists it: seasons upwards (episodes without one last), then episode, air date, id. */
export function episodeOrder(a: EpisodeSlot, b: EpisodeSlot): number {
  const bySeason = Number(a.season === null) - Number(b.season === null) || (a.season ?? 0) - (b.season ?? 0);
  // SQLite sorts NULL first: a season's unnumbered episodes (dailies by air date) lead, as on the series page
  const byEpisode = Number(b.episode === null) - Number(a.episode === null) || (a.episode ?? 0) - (b.episode ?? 0);
  const byDate = (a.airDate ?? '').localeCompare(b.airDate ?? '');
  return bySeason || byEpisode || byDate || a.id - b.id;
}

/**
 * The next unwatched episode after the one watched last (the latest played, specials aside), across
 * season breaks; specials are never next. Null when no episode is played, or none after it is unplayed
 * (the series is finished). Episodes a multi-episode file already holds are skipped.
 */
export function nextUp<T extends EpisodeSlot>(episodes: readonly T[]): T | null {
  const ordered = [...episodes].sort(episodeOrder);
  let lastAt = -1;
  ordered.forEach((e, i) => {
    if (!e.played || isSpecial(e)) return;
    // the latest play wins; at the same moment, the later episode
    if (lastAt < 0 || (e.playedAt ?? 0) >= (ordered[lastAt]!.playedAt ?? 0)) lastAt = i;
  });
  if (lastAt < 0) return null;
  const last = ordered[lastAt]!;
  const covered = last.endingEpisode ?? last.episode;
  return (
    ordered.slice(lastAt + 1).find((e) => {
      if (e.played || isSpecial(e)) return false;
      return !(e.season === last.season && covered !== null && e.episode !== null && e.episode <= covered);
    }) ?? null
  );
}
