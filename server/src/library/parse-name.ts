import { basename, dirname, extname } from 'node:path';

export type ParsedName =
  | { kind: 'movie'; title: string; year: number | null }
  | { kind: 'episode'; seriesTitle: string; season: number; episode: number; title: string | null };

const EPISODE = /^(.*?)[\s._-]*\bS(\d{1,2})[\s._-]*E(\d{1,3})\b(?:[\s._-]+(.*))?$/i;
const TITLE_YEAR = /^(.*?)[\s._]*[([]((?:19|20)\d{2})[)\]](.*)$/;
const SEASON_DIR = /^(season|series)[\s._-]*\d+$|^specials$/i;

/** "The.Big_Show - " → "The Big Show" */
export function cleanTitle(raw: string): string {
  return raw.replace(/[._]+/g, ' ').replace(/\s+/g, ' ').replace(/^[\s-]+|[\s-]+$/g, '').trim();
}

/**
 * First, simple recognition of a path: `Show - S01E02` episodes (series name from the file or
 * its folders) and `Title (Year)` movies. The Library issue (#3) replaces this with the full rules.
 */
export function parseName(path: string): ParsedName {
  const stem = basename(path, extname(path));
  const episode = EPISODE.exec(stem);
  if (episode) {
    const parent = basename(dirname(path));
    const folderSeries = SEASON_DIR.test(parent) ? basename(dirname(dirname(path))) : parent;
    const seriesTitle = cleanTitle(episode[1] ?? '') || cleanTitle(folderSeries);
    const rest = episode[4] ? cleanTitle(episode[4]) : '';
    return { kind: 'episode', seriesTitle, season: Number(episode[2]), episode: Number(episode[3]), title: rest || null };
  }
  const fromFile = TITLE_YEAR.exec(stem);
  if (fromFile && cleanTitle(fromFile[1] ?? '')) return { kind: 'movie', title: cleanTitle(fromFile[1]!), year: Number(fromFile[2]) };
  const fromFolder = TITLE_YEAR.exec(basename(dirname(path)));
  if (fromFolder && cleanTitle(fromFolder[1] ?? '')) return { kind: 'movie', title: cleanTitle(fromFolder[1]!), year: Number(fromFolder[2]) };
  return { kind: 'movie', title: cleanTitle(stem) || stem, year: null };
}
