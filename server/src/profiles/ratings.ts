// Content ratings and a kid profile's ceiling. Titles carry the certification their NFO gives
// ("PG-13", "TV-14", "12", "FSK 16"; nfo.ts strips "Rated" and country prefixes); every one is
// placed on one age scale so a ceiling set on the MPAA scale also judges a TV rating and back.

export const MOVIE_RATINGS = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const;
export const TV_RATINGS = ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA'] as const;
export type MovieRating = (typeof MOVIE_RATINGS)[number];
export type TvRating = (typeof TV_RATINGS)[number];

/** 0 (all ages) … 6 (adults only): TV-Y 0, TV-Y7 1, G and TV-G 2, PG and TV-PG 3, PG-13 and TV-14 4, R and TV-MA 5, NC-17 6. */
const AGE_OF: Readonly<Record<MovieRating | TvRating, number>> = {
  'TV-Y': 0,
  'TV-Y7': 1,
  G: 2,
  'TV-G': 2,
  PG: 3,
  'TV-PG': 3,
  'PG-13': 4,
  'TV-14': 4,
  R: 5,
  'TV-MA': 5,
  'NC-17': 6,
};

/** A kid's limits; a profile without one (admin, adult) sees everything. */
export interface Ceiling {
  /** the highest MPAA rating shown; null: judged by the TV ceiling's equivalent */
  movie: MovieRating | null;
  /** the highest TV rating shown; null: judged by the movie ceiling's equivalent */
  tv: TvRating | null;
  /** titles with no rating (or one not understood) are shown */
  allowUnrated: boolean;
}

/** Where a certification sits on the age scale; null when it says nothing (unrated, NR, unknown). */
export function ratingAge(certification: string | null): number | null {
  if (certification === null) return null;
  const text = certification.trim().toUpperCase().replace(/\s+/g, ' ');
  const tv = /^TV[- ]?(Y7|Y|G|PG|14|MA)(?:[- ].*)?$/.exec(text);
  if (tv) return AGE_OF[`TV-${tv[1]}` as TvRating];
  const movie = /^(G|PG|PG[- ]?13|R|NC[- ]?17)$/.exec(text);
  if (movie) return AGE_OF[movie[1]!.replace(/^PG[- ]?13$/, 'PG-13').replace(/^NC[- ]?17$/, 'NC-17') as MovieRating];
  // BBFC
  const bbfc = /^(U|12A|12|15|18|R18)$/.exec(text);
  if (bbfc) return { U: 2, '12A': 4, '12': 4, '15': 5, '18': 6, R18: 6 }[bbfc[1] as 'U'];
  // an age: "12", "FSK 16", "FSK16", "PEGI 7", "-12", "16+", "Ab 12"
  const age = /^(?:FSK|PEGI|AB|KIJKWIJZER|CNC)?\s*[-+]?(\d{1,2})\+?$/.exec(text);
  if (age) {
    const years = Number(age[1]);
    return years <= 0 ? 0 : years <= 6 ? 2 : years <= 10 ? 3 : years <= 13 ? 4 : years <= 16 ? 5 : 6;
  }
  return null;
}

const isTvScale = (certification: string) => /^TV[- ]?/i.test(certification.trim());

/** Whether a title of this certification is shown under the ceiling (always, without one). */
export function allowsRating(ceiling: Ceiling | null, certification: string | null): boolean {
  if (ceiling === null) return true;
  const age = ratingAge(certification);
  if (age === null) return ceiling.allowUnrated;
  // the title's own scale first; the other one's equivalent when that one is not set
  const ordered = certification !== null && isTvScale(certification) ? [ceiling.tv, ceiling.movie] : [ceiling.movie, ceiling.tv];
  const limit = ordered.find((rating) => rating !== null);
  // a kid with neither set sees only what is rated for all ages
  return age <= (limit ? AGE_OF[limit] : 0);
}
