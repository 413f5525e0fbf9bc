// Search as you type: titles, original titles, series, episode titles, people and genres, with typos
// corrected against the catalogue's own words, ranked by relevance then by the household's plays,
// and only what the viewer may see.
import { canSee, type Viewer } from '../profiles/viewer.js';
import { byRelevance, scoreName, type NameScore, type WordMatcher } from './search-rank.js';
import { queryWords, substringMatch, wordsMatch, type WordTerms } from './search-query.js';
import { rowidOf, SLOT, slotOf, sourceIdOf, type SearchName, type SearchStore, type Slot, type TitleIds } from './search.store.js';
import type { SearchField, SearchHit, SearchTitle } from './search.types.js';
import { createVocabulary, type Vocabulary } from './typo-vocabulary.js';

/**
 * Names read per query: every match of any query of three letters or more, then at most so many
 * of each kind; a one- or two-letter query matches thousands, and the next keystroke narrows them
 * anyway, so only the first (by id: the oldest of every kind) are read, with the titles the
 * household plays most, which are always read.
 */
const MATCHES_READ = 1500;
const PER_SLOT: Readonly<Record<Slot, number>> = { [SLOT.series]: 60, [SLOT.itemTitle]: 150, [SLOT.originalTitle]: 30, [SLOT.person]: 80, [SLOT.genre]: 20 };
const SHORT_QUERY_SHARE = 0.4;
const SUBSTRING_CANDIDATES = 200;
const PLAYED_CANDIDATES = 100;
/** Corrections searched for per word: a typo's few nearest real words. */
const CORRECTIONS = { word: 6, prefix: 10 } as const;
/** Titles shown with a person or a genre, and how many of their links are read to find them. */
const TITLES_PER_NAME = 10;
/** people and genres on one page at most: each is a row of titles, and a page of rows helps nobody */
const NAMED_PER_PAGE = { person: 8, genre: 4 } as const;
const LINKS_READ = { person: 60, genre: 40 } as const;
/** a person's or genre's titles read to show TITLES_PER_NAME: the most played, and a few more for those a kid may not see */
const TITLES_READ_PER_NAME = 12;
/** a genre lists the household's most played titles in it first: this many are looked for */
const PLAYED_IN_GENRE = 50;
export const MAX_SEARCH_LIMIT = 50;

export interface SearchService {
  /** The best `limit` hits the viewer may see; none for a query without letters or digits. */
  search(viewer: Viewer, query: string, limit: number): SearchHit[];
}

interface Candidate {
  name: SearchName;
  field: SearchField;
  score: NameScore;
  plays: number;
}

interface Plays {
  lastSessionId: number;
  items: Map<number, number>;
  series: Map<number, number>;
  /** the most played titles' names */
  played: number[];
  /** the most played titles, most first */
  playedTitles: TitleIds;
}

const FIELD_OF_SLOT = { [SLOT.itemTitle]: 'title', [SLOT.originalTitle]: 'originalTitle', [SLOT.series]: 'series', [SLOT.person]: 'person', [SLOT.genre]: 'genre' } as const;
/** an original title or an episode's title is a little less what someone means than a movie's or series' title */
const FIELD_PENALTY: Readonly<Record<SearchField, number>> = { title: 0, series: 0, person: 0, genre: 0, originalTitle: 1, episodeTitle: 1 };
/** what comes first between equally good matches */
const FIELD_ORDER: Readonly<Record<SearchField, number>> = { title: 0, series: 0, originalTitle: 1, episodeTitle: 1, person: 2, genre: 3 };

/** Movies and episodes are items, series are series: one key space each. */
const titleKey = (type: SearchTitle['type'], id: number) => `${type === 'series' ? 's' : 'i'}${id}`;
/** The most played of a person's or genre's titles (in link order between equals), to read in full. */
function mostPlayed(ids: TitleIds, p: Pick<Plays, 'items' | 'series'>): TitleIds {
  const all = [...ids.items.map((id) => ({ series: false, id, plays: p.items.get(id) ?? 0 })), ...ids.series.map((id) => ({ series: true, id, plays: p.series.get(id) ?? 0 }))];
  const chosen = all.sort((a, b) => b.plays - a.plays).slice(0, TITLES_READ_PER_NAME);
  return { items: chosen.filter((t) => !t.series).map((t) => t.id), series: chosen.filter((t) => t.series).map((t) => t.id) };
}

/** A person's or genre's titles: most played, then newest, then A to Z. */
const byPlays = (a: SearchTitle, b: SearchTitle) => b.plays - a.plays || (b.year ?? 0) - (a.year ?? 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);

export function createSearchService(deps: {
  store: SearchStore;
  now: () => number;
  /** how long the typo vocabulary may lag behind changes of the catalogue (a scan changes it constantly) */
  vocabularyMaxAgeMs: number;
}): SearchService {
  let vocabulary: { generation: number; builtAt: number; words: Vocabulary } | null = null;
  let plays: Plays | null = null;

  const currentVocabulary = (): Vocabulary => {
    const generation = deps.store.generation();
    if (!vocabulary || (vocabulary.generation !== generation && deps.now() - vocabulary.builtAt >= deps.vocabularyMaxAgeMs)) {
      vocabulary = { generation, builtAt: deps.now(), words: createVocabulary(deps.store.vocabulary()) };
    }
    return vocabulary.words;
  };

  const currentPlays = (): Plays => {
    const lastSessionId = deps.store.lastSessionId();
    if (plays?.lastSessionId === lastSessionId) return plays;
    const items = new Map<number, number>();
    const series = new Map<number, number>();
    for (const p of deps.store.plays()) {
      items.set(p.itemId, p.plays);
      if (p.seriesId !== null) series.set(p.seriesId, (series.get(p.seriesId) ?? 0) + p.plays);
    }
    const mostFirst = (map: Map<number, number>) => [...map].sort((a, b) => b[1] - a[1]);
    const rowids = (map: Map<number, number>, slots: Slot[]) => mostFirst(map).flatMap(([id, n]) => slots.map((slot) => ({ rowid: rowidOf(slot, id), n })));
    const played = [...rowids(items, [SLOT.itemTitle, SLOT.originalTitle]), ...rowids(series, [SLOT.series])]
      .sort((a, b) => b.n - a.n)
      .slice(0, PLAYED_CANDIDATES)
      .map((r) => r.rowid);
    const playedTitles = { items: mostFirst(items).slice(0, PLAYED_IN_GENRE).map(([id]) => id), series: mostFirst(series).slice(0, PLAYED_IN_GENRE).map(([id]) => id) };
    plays = { lastSessionId, items, series, played, playedTitles };
    return plays;
  };

  const isVisible = (viewer: Viewer, title: SearchTitle) => title.certifications.some((certification) => canSee(viewer, { certification, libraryId: title.libraryId }));

  /** Titles by id with their plays, those the viewer may see. */
  const visibleTitles = (viewer: Viewer, ids: TitleIds, p: Plays): SearchTitle[] =>
    deps.store
      // without a ceiling every rating is fine: a series' episodes need not be read
      .titles({ items: [...new Set(ids.items)], series: [...new Set(ids.series)] }, { ratings: viewer.ceiling !== null })
      .map((t) => ({ ...t, plays: (t.type === 'series' ? p.series.get(t.id) : p.items.get(t.id)) ?? 0 }))
      .filter((t) => isVisible(viewer, t));

  return {
    search(viewer, query, limit) {
      const words = queryWords(query);
      if (words.length === 0) return [];
      const vocab = currentVocabulary();
      const p = currentPlays();

      const matchers: WordMatcher[] = words.map((word) => {
        // a word being typed matches its completions; only when nothing begins like it is it a typo
        const corrections = word.prefix
          ? vocab.hasPrefix(word.text) ? [] : vocab.corrections(word.text, { prefix: true, limit: CORRECTIONS.prefix })
          : vocab.corrections(word.text, { prefix: false, limit: CORRECTIONS.word });
        return { word, corrections: new Map(corrections.map((c) => [c.term, c.distance])) };
      });
      // a finished word ("the " of "the offi") is that word or a typo of another, not the start of thousands
      const groups: WordTerms[] = matchers.map(({ word, corrections }) => ({
        prefixes: word.prefix ? [word.text] : [],
        exact: [...(word.prefix ? [] : [word.text]), ...corrections.keys()],
      }));
      const initial = words.length === 1 && words[0]!.prefix && words[0]!.text.length <= 2;
      const match = wordsMatch(groups, { initial });

      const candidates = new Map<number, Candidate>();
      const consider = (rowids: readonly number[]) => {
        const fresh = rowids.filter((r) => !candidates.has(r));
        for (const name of deps.store.names(fresh)) {
          const slot = slotOf(name.rowid);
          const field: SearchField = slot === SLOT.itemTitle && name.isEpisode ? 'episodeTitle' : FIELD_OF_SLOT[slot];
          const score = scoreName(name.text, matchers);
          if (!score) continue;
          score.score -= FIELD_PENALTY[field];
          const id = sourceIdOf(name.rowid);
          const titlePlays = slot === SLOT.series ? p.series.get(id) : slot === SLOT.itemTitle || slot === SLOT.originalTitle ? p.items.get(id) : 0;
          candidates.set(name.rowid, { name, field, score, plays: titlePlays ?? 0 });
        }
      };
      // one or two letters match thousands, and the next keystroke narrows them anyway: read fewer
      const share = initial ? SHORT_QUERY_SHARE : 1;
      const perSlot = new Map<Slot, number>();
      const matched = (match ? deps.store.matchWords(match, Math.ceil(MATCHES_READ * share)) : []).filter((rowid) => {
        const slot = slotOf(rowid);
        const count = perSlot.get(slot) ?? 0;
        perSlot.set(slot, count + 1);
        return count < PER_SLOT[slot] * share;
      });
      consider([...matched, ...p.played]);
      // few whole-word matches: names holding the words inside longer ones ("ranger" in "Stranger")
      const substrings = candidates.size < limit ? substringMatch(words.map((w) => w.text)) : null;
      if (substrings) consider(deps.store.matchSubstrings(substrings, SUBSTRING_CANDIDATES));

      const rankable = (c: Candidate) => ({ score: c.score.score, plays: c.plays, extraWords: c.score.extraWords, fieldOrder: FIELD_ORDER[c.field], name: c.name.text, key: c.name.rowid });
      const ranked = [...candidates.values()]
        .map((c) => ({ c, r: rankable(c) }))
        .sort((a, b) => byRelevance(a.r, b.r))
        .map(({ c }) => c);

      // best first, skipping what the viewer may not see, until the page is full
      const hits: SearchHit[] = [];
      const shown = new Set<string>();
      const chunkSize = limit;
      for (let start = 0; start < ranked.length && hits.length < limit; start += chunkSize) {
        const chunk = ranked.slice(start, start + chunkSize);
        const idsOf = (...slots: Slot[]) => chunk.filter((c) => slots.includes(slotOf(c.name.rowid))).map((c) => sourceIdOf(c.name.rowid));
        const shownOf = (kind: 'person' | 'genre') => hits.filter((h) => h.kind === kind).length;
        // only the people and genres there is room for are read (two spare, for those a kid may not see)
        const room = (kind: 'person' | 'genre') => Math.max(0, NAMED_PER_PAGE[kind] - shownOf(kind) + 2);
        // one read for the chunk's titles and every title of its people and genres
        const credits = new Map([...deps.store.creditedTitles(idsOf(SLOT.person).slice(0, room('person')), LINKS_READ.person)].map(([id, ids]) => [id, mostPlayed(ids, p)]));
        const genres = new Map(idsOf(SLOT.genre).slice(0, room('genre')).map((id) => [id, mostPlayed(deps.store.genreTitles(id, p.playedTitles, LINKS_READ.genre), p)]));
        const theirs = [...credits.values(), ...genres.values()];
        const titles = new Map(
          visibleTitles(viewer, { items: [...idsOf(SLOT.itemTitle, SLOT.originalTitle), ...theirs.flatMap((t) => t.items)], series: [...idsOf(SLOT.series), ...theirs.flatMap((t) => t.series)] }, p).map((t) => [titleKey(t.type, t.id), t]),
        );
        const known = (ids: TitleIds) => [...ids.items.map((id) => titles.get(titleKey('movie', id))), ...ids.series.map((id) => titles.get(titleKey('series', id)))].filter((t) => t !== undefined);
        for (const c of chunk) {
          if (hits.length >= limit) break;
          const slot = slotOf(c.name.rowid);
          const id = sourceIdOf(c.name.rowid);
          const match = { field: c.field, text: c.name.text, highlights: c.score.highlights };
          if (slot === SLOT.person || slot === SLOT.genre) {
            const kind = slot === SLOT.person ? 'person' : 'genre';
            const ids = (slot === SLOT.person ? credits : genres).get(id);
            if (!ids || shownOf(kind) >= NAMED_PER_PAGE[kind]) continue;
            const visible = known(ids).sort(byPlays).slice(0, TITLES_PER_NAME);
            // a person or genre whose titles are all hidden from this viewer is not shown either
            if (visible.length > 0) hits.push({ kind, id, name: c.name.text, match, titles: visible });
            continue;
          }
          const title = titles.get(titleKey(slot === SLOT.series ? 'series' : 'movie', id));
          if (!title || shown.has(titleKey(title.type, title.id))) continue;
          shown.add(titleKey(title.type, title.id));
          hits.push({ kind: 'title', title, match });
        }
      }
      return hits;
    },
  };
}
