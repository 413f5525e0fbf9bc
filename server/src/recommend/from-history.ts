// The recommender's data from Seed's own history: a movie is one title, a series is one title (its
// episodes' viewings added up), each profile's weight per title from how far it got.
import { buildFeatures } from './features.js';
import { buildInteractions } from './interactions.js';
import type { CatalogTitle, WatchRow } from './recs.store.js';
import type { RecsData } from './recs.types.js';

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

/** Every profile's watches over every title of the catalogue (titles nobody watched included: they can be proposed). */
export function recsDataFromHistory(watches: readonly WatchRow[], titles: readonly CatalogTitle[]): HistoryRecsData {
  const itemKeys = titles.map((t) => t.key);
  const itemIndex = new Map<string, number>(itemKeys.map((k, i) => [k, i]));
  const profileIndex = new Map<number, number>();
  // one row per profile and title: series add up their episodes
  const merged = new Map<string, { profile: number; item: number; at: number; weight: number }>();
  for (const w of watches) {
    const key = w.kind === 'episode' && w.seriesId !== null ? `series:${w.seriesId}` : `item:${w.itemId}`;
    const item = itemIndex.get(key);
    if (item === undefined || w.lastPlayedAt === null) continue;
    let profile = profileIndex.get(w.profileId);
    if (profile === undefined) profileIndex.set(w.profileId, (profile = profileIndex.size));
    const weight = interactionWeight(w);
    const id = `${profile}:${item}`;
    const row = merged.get(id);
    const isSeries = key.startsWith('series:');
    if (!row) merged.set(id, { profile, item, at: w.lastPlayedAt, weight: isSeries ? weight / EPISODES_FOR_SERIES : weight });
    else {
      row.at = Math.max(row.at, w.lastPlayedAt);
      row.weight = isSeries ? Math.min(1, row.weight + weight / EPISODES_FOR_SERIES) : Math.max(row.weight, weight);
    }
  }
  const rows = [...merged.values()];
  const interactions = buildInteractions({
    profileKeys: [...profileIndex.keys()].map((id) => `profile:${id}`),
    itemKeys,
    profile: rows.map((r) => r.profile),
    item: rows.map((r) => r.item),
    at: rows.map((r) => r.at),
    weight: rows.map((r) => Math.min(1, r.weight)),
  });
  const features = buildFeatures(titles.map((t) => ({ genres: t.genres, people: t.people, studio: t.studio, year: t.year, keywords: [] })));
  return { interactions, features, titles };
}
