// The shapes the HTTP API answers with. The renderer may `import type` from this file only.

export interface ApiErrorBody {
  code: string;
  message: string;
}

export interface HealthResponse {
  status: 'ok';
  version: string;
}

/** What the UI needs to know before anything else: is this a first run? */
export interface ServerInfoDto {
  name: string;
  version: string;
  /** true while no library exists: the UI opens on the first-run page */
  needsSetup: boolean;
}

export type LibraryKind = 'movies' | 'shows' | 'mixed';

export interface LibraryDto {
  id: number;
  name: string;
  kind: LibraryKind;
  path: string;
  itemCount: number;
  scanning: boolean;
  /** ISO 8601, null until the first scan finished */
  lastScanAt: string | null;
}

export interface AddLibraryRequest {
  /** absolute path of an existing folder on the server's machine */
  path: string;
  name?: string;
  kind?: LibraryKind;
}

/** skipped: nothing to transcode (the file vanished or has no video) */
export type TranscodeStatus = 'none' | 'queued' | 'running' | 'done' | 'skipped' | 'failed';

export interface TranscodeStateDto {
  status: TranscodeStatus;
  /** 0..1 */
  progress: number;
  /** short reason when failed */
  error: string | null;
}

export interface ItemDto {
  id: number;
  libraryId: number;
  kind: 'movie' | 'episode';
  /** movie title, or episode title when known */
  title: string;
  seriesTitle: string | null;
  season: number | null;
  episode: number | null;
  year: number | null;
  durationMs: number;
  width: number | null;
  height: number | null;
  /** null when no poster frame could be made */
  posterUrl: string | null;
  /** ISO 8601 */
  addedAt: string;
  transcode: TranscodeStateDto;
}

export interface ItemListDto {
  items: ItemDto[];
}

export interface PlaybackDto {
  method: 'hls';
  /** the master playlist; null until the rendition is ready */
  url: string | null;
  ready: boolean;
  /** human words for what happens: "transcoding: preparing HLS (42 %)" */
  reason: string;
  transcode: TranscodeStateDto;
}
