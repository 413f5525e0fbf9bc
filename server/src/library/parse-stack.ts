/** Multi-part stacks (one title split over files): `Movie (2010) - cd1.avi`, `part2`, `disc1`, `pt3`, `dvd1`, `[part a]`. */

// Jellyfin's StackResolver rules: a separator (or a closing bracket), the part word, a number or a letter a–d, at the end.
// Bare letters (`Movie-a.avi`) are not parts: too many titles end in a single letter ("Plan B", "Malcolm X").
const MOVIE_STACK = /(?:^|[\s._-]+|(?<=[\])}]))[([]?(cd|dvd|part|pt|dis[ck])[\s._-]*(\d{1,2}|[a-d])[)\]]?$/iu;
// Episode titles often end in "Part 2" (a two-part story, not a split file), so episodes only stack on cd/disc/pt/dvd.
const EPISODE_STACK = /(?:^|[\s._-]+|(?<=[\])}]))[([]?(cd|dvd|pt|dis[ck])[\s._-]*(\d{1,2}|[a-d])[)\]]?$/iu;

/** The name without its part marker, and the part number (1-based) or null. */
export function splitPart(stem: string, forEpisode = false): { base: string; part: number | null } {
  const match = (forEpisode ? EPISODE_STACK : MOVIE_STACK).exec(stem);
  if (!match) return { base: stem, part: null };
  const word = match[1]!.toLowerCase();
  const mark = match[2]!.toLowerCase();
  const part = /\d/.test(mark) ? Number(mark) : mark.charCodeAt(0) - 96;
  // DVD5/DVD9 name disc capacities, not parts
  if (part === 0 || (word === 'dvd' && (mark === '5' || mark === '9'))) return { base: stem, part: null };
  return { base: stem.slice(0, match.index), part };
}
