import type { MediaInfo } from '../../../transcoder/src/index.js';

export interface Item {
  id: number;
  libraryId: number;
  path: string;
  kind: 'movie' | 'episode';
  title: string;
  seriesTitle: string | null;
  season: number | null;
  episode: number | null;
  year: number | null;
  durationMs: number;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  mtimeMs: number;
  media: MediaInfo;
  posterFile: string | null;
  addedAt: number;
}

export type NewItem = Omit<Item, 'id' | 'posterFile'>;
