import type { MediaInfo } from '../../../transcoder/src/index.js';

export type ItemKind = 'movie' | 'episode' | 'extra';

/** Descriptive fields read from NFO files, embedded tags or the file name. */
export interface ItemMetadata {
  originalTitle: string | null;
  plot: string | null;
  tagline: string | null;
  mpaa: string | null;
  rating: number | null;
  studio: string | null;
}

/** A title one can play: a movie, an episode, or an extra of either. */
export interface Item extends ItemMetadata {
  id: number;
  libraryId: number;
  /** what every file of this title shares (see parsePath) */
  groupKey: string;
  kind: ItemKind;
  title: string;
  sortTitle: string;
  year: number | null;
  seriesId: number | null;
  season: number | null;
  episode: number | null;
  endingEpisode: number | null;
  airDate: string | null;
  extraType: string | null;
  parentItemId: number | null;
  durationMs: number;
  /** absolute paths: a local image in the library, or a generated one in the data folder */
  posterFile: string | null;
  fanartFile: string | null;
  /** folder with the seek-preview sprite sheets and thumbnails.vtt */
  previewsDir: string | null;
  addedAt: number;
}

export interface Series {
  id: number;
  libraryId: number;
  groupKey: string;
  title: string;
  sortTitle: string;
  year: number | null;
  plot: string | null;
  mpaa: string | null;
  rating: number | null;
  studio: string | null;
  posterFile: string | null;
  fanartFile: string | null;
  addedAt: number;
}

export interface Season {
  id: number;
  seriesId: number;
  number: number | null;
  posterFile: string | null;
}

/** One file behind an item: a version, or a part of a multi-part version. */
export interface MediaFile {
  id: number;
  itemId: number;
  folderId: number;
  path: string;
  version: string | null;
  part: number | null;
  format3D: string | null;
  sizeBytes: number;
  mtimeMs: number;
  dev: string;
  inode: string;
  partialHash: string | null;
  durationMs: number;
  width: number | null;
  height: number | null;
  media: MediaInfo;
  missing: boolean;
  addedAt: number;
}

export type NewMediaFile = Omit<MediaFile, 'id' | 'missing'>;

export interface Subtitle {
  id: number;
  mediaFileId: number;
  path: string;
  format: string;
  language: string | null;
  forced: boolean;
  isDefault: boolean;
  hearingImpaired: boolean;
}

export interface Credit {
  personId: number;
  name: string;
  role: 'actor' | 'director' | 'writer';
  character: string | null;
}

/** A sort key: leading articles go to the end ("The Matrix" sorts as "Matrix"). */
export function sortTitleOf(title: string): string {
  return title.replace(/^(the|a|an)\s+/i, '').toLocaleLowerCase();
}
