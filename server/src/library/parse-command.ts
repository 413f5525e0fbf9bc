import type { ParsedPath } from './parse-path.js';

/** The fields `seed parse` prints, in this order (the scanner-only fields stay out). */
export const PARSE_LINE_KEYS = [
  'path', 'kind', 'title', 'year', 'season', 'episode', 'endingEpisode', 'airDate', 'extraType', 'format3D', 'stub',
  'part', 'version', 'language', 'forced', 'default', 'hearingImpaired',
] as const satisfies readonly (keyof ParsedPath)[];

/** One line of `seed parse` output: a JSON object with exactly PARSE_LINE_KEYS, null where they do not apply. */
export function parseLine(parsed: ParsedPath): string {
  return JSON.stringify(Object.fromEntries(PARSE_LINE_KEYS.map((key) => [key, parsed[key]])));
}
