export type LibraryKind = 'movies' | 'shows' | 'mixed';
export const LIBRARY_KINDS = ['movies', 'shows', 'mixed'] as const;

export interface Library {
  id: number;
  name: string;
  kind: LibraryKind;
  path: string;
  createdAt: number;
  lastScanAt: number | null;
  itemCount: number;
}

export interface SkippedFile {
  path: string;
  libraryId: number;
  reason: string;
  seenAt: number;
}
