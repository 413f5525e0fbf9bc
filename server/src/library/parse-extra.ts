/** Extras (trailers, featurettes, …) and samples, by folder or by suffix, after Plex's and Jellyfin's (ExtraRuleResolver) rules. */

export type ExtraType =
  | 'trailer' | 'featurette' | 'behindthescenes' | 'deletedscene' | 'interview'
  | 'scene' | 'short' | 'sample' | 'clip' | 'other';

// Folder names, lower-case with separators folded to one space. `specials` is only an extras folder inside a
// movie's folder (in a show it is season 0), so the caller decides about it.
const FOLDERS: Readonly<Record<string, ExtraType>> = {
  'trailers': 'trailer', 'trailer': 'trailer',
  'featurettes': 'featurette', 'featurette': 'featurette',
  'behind the scenes': 'behindthescenes', 'behindthescenes': 'behindthescenes', 'making of': 'behindthescenes',
  'deleted scenes': 'deletedscene', 'deleted': 'deletedscene', 'deletedscenes': 'deletedscene',
  'interviews': 'interview', 'interview': 'interview',
  'scenes': 'scene',
  'shorts': 'short',
  'clips': 'clip',
  'samples': 'sample', 'sample': 'sample',
  'other': 'other', 'others': 'other', 'extras': 'other', 'extra': 'other', 'bonus': 'other',
  'bonus features': 'other', 'special features': 'other', 'backdrops': 'other', 'specials': 'other',
};

const fold = (name: string) => name.toLowerCase().replace(/[\s._-]+/g, ' ').trim();

/** The extra type a folder name stands for (`Behind The Scenes` → behindthescenes), or null. */
export function extraFolderType(name: string): ExtraType | null {
  return FOLDERS[fold(name)] ?? null;
}

/** `Specials` is the one extras folder that is also a season folder. */
export const isSpecialsFolder = (name: string) => fold(name) === 'specials';

const SUFFIX_TYPES: Readonly<Record<string, ExtraType>> = {
  trailer: 'trailer', sample: 'sample', scene: 'scene', clip: 'clip', behindthescenes: 'behindthescenes',
  deleted: 'deletedscene', deletedscene: 'deletedscene', featurette: 'featurette', short: 'short',
  interview: 'interview', other: 'other', extra: 'other',
};

// Jellyfin's rule: trailer and sample may follow any separator ("Movie.trailer", "Movie trailer"); the others
// only a dash, since "The.Big.Short" and "Behind.the.Scene" are titles. A trailing number ("-trailer2") is allowed.
const SUFFIX = /^(.*?)(?:[-._ ](trailer|sample)|-(scene|clip|behindthescenes|deleted|deletedscene|featurette|short|interview|other|extra))[\s._-]?\d{0,2}$/iu;
const WHOLE = /^(trailer|sample)[\s._-]?\d{0,2}$/iu;

/** `Movie (2010)-trailer` → { base: "Movie (2010)", type: trailer }; `sample` → { base: "", type: sample }. */
export function extraSuffix(stem: string): { base: string; type: ExtraType } | null {
  const whole = WHOLE.exec(stem);
  if (whole) return { base: '', type: SUFFIX_TYPES[whole[1]!.toLowerCase()]! };
  const match = SUFFIX.exec(stem);
  if (!match) return null;
  return { base: match[1]!, type: SUFFIX_TYPES[(match[2] ?? match[3])!.toLowerCase()]! };
}
