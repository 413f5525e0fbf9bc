// The recommender's data from Seed's own history: a movie is one title, a series is one title (its
// episodes' viewings added up), each profile's weight per title from how far it got.
import { buildFeatures } from './features.js';
import { buildInteractions } from './interactions.js';
import type { CatalogTitle, ThumbRow, WatchRow } from './recs.store.js';
import type { History, RecsData } from './recs.types.js';

/** Episodes finished to count a series as fully watched. */
const EPISODES_FOR_SERIES = 3;

/**
 * How much one viewing counts: finished (or marked played) 1; started, 0.1 plus up to 0.6 for how far
 * it got (a short play says little); taken off Continue watching unfinished, 0.05.
 */
export function interactionWeight(w: Pick<WatchRow, 'played' | 'resumeMs' | 'durationMs' | 'hidden'>): number {
  if (w.played) return 1;
  if (w.hidden) return 0.05;
  const fraction = w.durationMs > 0 ? Math.min(1, w.resumeMs / w.durationMs) : 0;
  return 0.1 + 0.6 * fraction;
}

export interface HistoryRecsData extends RecsData {
  /** per item index, what the viewer's canSee needs */
  titles: readonly CatalogTitle[];
}

/** A thumb up counts as a title watched to the end; a thumb down takes the title out (never proposed). */
const THUMB_UP_WEIGHT = 1;

/** One profile's titles: when last engaged and how much it counts (series add up their episodes). */
function mergeWatches(watches: readonly WatchRow[], thumbs: readonly ThumbRow[]): Map<number, Map<string, { at: number; weight: number }>> {
  const byProfile = new Map<number, Map<string, { at: number; weight: number }>>();
  const titlesOf = (profileId: number) => {
    let m = byProfile.get(profileId);
    if (!m) byProfile.set(profileId, (m = new Map()));
    return m;
  };
  for (const w of watches) {
    if (w.lastPlayedAt === null) continue;
    const key = w.kind === 'episode' && w.seriesId !== null ? `series:${w.seriesId}` : `item:${w.itemId}`;
    const isSeries = key.startsWith('series:');
    const weight = interactionWeight(w);
    const titles = titlesOf(w.profileId);
    const row = titles.get(key);
    if (!row) titles.set(key, { at: w.lastPlayedAt, weight: isSeries ? weight / EPISODES_FOR_SERIES : weight });
    else {
      row.at = Math.max(row.at, w.lastPlayedAt);
      row.weight = isSeries ? Math.min(1, row.weight + weight / EPISODES_FOR_SERIES) : Math.max(row.weight, weight);
    }
  }
  for (const t of thumbs) {
    const titles = titlesOf(t.profileId);
    if (t.value < 0) {
      titles.delete(t.key);
      continue;
    }
    const row = titles.get(t.key);
    if (!row) titles.set(t.key, { at: t.at, weight: THUMB_UP_WEIGHT });
    else row.weight = Math.max(row.weight, THUMB_UP_WEIGHT);
  }
  return byProfile;
}

/** Every profile's watches and thumbs over every title of the catalogue (titles nobody watched included: they can be proposed). */
export function recsDataFromHistory(watches: readonly WatchRow[], titles: readonly CatalogTitle[], thumbs: readonly ThumbRow[] = []): HistoryRecsData {
  const itemKeys = titles.map((t) => t.key);
  const itemIndex = new Map<string, number>(itemKeys.map((k, i) => [k, i]));
  const profileKeys: string[] = [];
  const columns = { profile: [] as number[], item: [] as number[], at: [] as number[], weight: [] as number[] };
  for (const [profileId, byTitle] of mergeWatches(watches, thumbs)) {
    const profile = profileKeys.length;
    profileKeys.push(`profile:${profileId}`);
    for (const [key, row] of byTitle) {
      const item = itemIndex.get(key);
      if (item === undefined) continue;
      columns.profile.push(profile);
      columns.item.push(item);
      columns.at.push(row.at);
      columns.weight.push(Math.min(1, row.weight));
    }
  }
  const interactions = buildInteractions({ profileKeys, itemKeys, ...columns });
  const features = buildFeatures(titles.map((t) => ({ genres: t.genres, people: t.people, studio: t.studio, year: t.year, keywords: t.keywords })));
  return { interactions, features, titles };
}

/**
 * One profile's history as it is now (newer than the fitted model), in the model's item indices,
 * oldest first; `disliked`: the titles it gave a thumb down, never to be proposed.
 */
export function profileHistory(watches: readonly WatchRow[], thumbs: readonly ThumbRow[], itemIndex: ReadonlyMap<string, number>): { history: History; disliked: number[]; unknownSince: number | null } {
  const rows: { item: number; at: number; weight: number }[] = [];
  /** the latest time it engaged with a title the model does not know */
  let unknownSince: number | null = null;
  for (const byTitle of mergeWatches(watches, thumbs).values()) {
    for (const [key, row] of byTitle) {
      const item = itemIndex.get(key);
      if (item !== undefined) rows.push({ item, at: row.at, weight: Math.min(1, row.weight) });
      else unknownSince = Math.max(unknownSince ?? -Infinity, row.at);
    }
  }
  rows.sort((a, b) => a.at - b.at || a.item - b.item);
  const disliked = thumbs.flatMap((t) => (t.value < 0 && itemIndex.has(t.key) ? [itemIndex.get(t.key)!] : []));
  return {
    history: { items: Int32Array.from(rows, (r) => r.item), at: Float64Array.from(rows, (r) => r.at), weight: Float32Array.from(rows, (r) => r.weight) },
    disliked,
    unknownSince,
  };
}
