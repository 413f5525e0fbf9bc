/** The name a search matched: which field of what, with the parts to highlight. */
export type SearchField = 'title' | 'originalTitle' | 'episodeTitle' | 'series' | 'person' | 'genre';

export interface SearchMatch {
  field: SearchField;
  /** the name as stored ("Amélie", "Winona Ryder") */
  text: string;
  /** [start, end) ranges of `text` (UTF-16) the query matched */
  highlights: [number, number][];
}

export type SearchTitleType = 'movie' | 'series' | 'episode';

/** A title a search result opens, with what decides who may see it. */
export interface SearchTitle {
  type: SearchTitleType;
  /** the item id of a movie or episode, the series id of a series */
  id: number;
  title: string;
  year: number | null;
  libraryId: number;
  /**
   * The ratings that decide who sees it: a movie's own; an episode's own, else its series'; a series'
   * episodes' (it is seen when one of them is), else its own.
   */
  certifications: (string | null)[];
  seriesId: number | null;
  seriesTitle: string | null;
  season: number | null;
  episode: number | null;
  /** its own poster; a series without one shows its first episode's */
  poster: { owner: 'item' | 'series'; id: number; file: string } | null;
  /** the household's plays (a series: of all its episodes) */
  plays: number;
}

export type SearchHit =
  | { kind: 'title'; title: SearchTitle; match: SearchMatch }
  /** a person or a genre, with the titles of theirs the viewer may see (most played first) */
  | { kind: 'person' | 'genre'; id: number; name: string; match: SearchMatch; titles: SearchTitle[] };
