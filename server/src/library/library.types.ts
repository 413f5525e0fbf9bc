export type LibraryKind = 'movies' | 'shows' | 'mixed';
export const LIBRARY_KINDS = ['movies', 'shows', 'mixed'] as const;

export interface LibraryFolder {
  id: number;
  libraryId: number;
  path: string;
  /** false while the folder cannot be reached; its titles stay, shown offline */
  online: boolean;
}

export interface Library {
  id: number;
  name: string;
  kind: LibraryKind;
  folders: LibraryFolder[];
  createdAt: number;
  lastScanAt: number | null;
  /** movies, episodes and extras */
  itemCount: number;
}

export interface SkippedFile {
  path: string;
  libraryId: number;
  reason: string;
  seenAt: number;
}
