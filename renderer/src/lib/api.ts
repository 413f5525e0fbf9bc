// The only module that calls fetch(). Every function answers the server's DTO or throws ApiError.
import type {
  AddLibraryRequest,
  ApiErrorBody,
  HardwareSupportDto,
  ItemDetailDto,
  JobDto,
  LibraryDto,
  PlaybackDto,
  QueueDto,
  SeriesDto,
  ServerInfoDto,
  SkippedFileDto,
  StorageDto,
  TitleCardDto,
  TitleListDto,
  TranscodeSettingsDto,
  UpdateLibraryRequest,
  UpdateTranscodeSettingsRequest,
  QoeDto,
  ResumeDto,
  SessionEventDto,
  SessionListDto,
  StartSessionRequest,
  StartSessionResponse,
} from '../../../server/src/http/api-types.ts';
import type { ClientCapabilitiesDto } from '../../../server/src/http/api-types.ts';

export type {
  AddLibraryRequest,
  HardwareEncoderDto,
  HardwareEncoderSettingDto,
  HardwareEncoderStatusDto,
  HardwareSupportDto,
  ItemDetailDto,
  ItemDto,
  JobDto,
  JobKindDto,
  LibraryDto,
  LibraryFolderDto,
  LibraryKind,
  MediaFileDto,
  ParseInfoDto,
  PersonCreditDto,
  PlaybackDto,
  QueueDto,
  ScanProgressDto,
  SeasonDto,
  SeriesDto,
  ServerInfoDto,
  SkippedFileDto,
  StreamDto,
  SubtitleDto,
  TitleCardDto,
  UpdateLibraryRequest,
  VersionDto,
  RungDto,
  TranscodeSettingsDto,
  TranscodeSettingsValuesDto,
  UpdateTranscodeSettingsRequest,
  X264PresetDto,
  StorageDto,
  StorageTitleDto,
  PlaybackMethodDto,
  QoeBucketDto,
  QoeDto,
  SessionDto,
  SessionEventDto,
  StartSessionRequest,
} from '../../../server/src/http/api-types.ts';

/** A non-2xx answer; `code` and `message` are the server's own words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (signal?.aborted) throw err;
    // fetch rejects only when no answer came at all
    throw new ApiError(0, 'unreachable', 'Cannot reach the Seed server. Is it running?');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body: unknown = await res.json();
    if (isErrorBody(body)) return new ApiError(res.status, body.code, body.message);
  } catch {
    // not JSON (a proxy's HTML page, an empty body): fall through to a generic message
  }
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status} ${res.statusText}`.trim());
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

const segment = (id: number) => encodeURIComponent(String(id));
const itemPath = (id: number) => `/api/items/${segment(id)}`;
const libraryPath = (id: number) => `/api/libraries/${segment(id)}`;

export const getServerInfo = (signal?: AbortSignal) => request<ServerInfoDto>('GET', '/api/server', undefined, signal);

// ---- libraries ----

export const listLibraries = async (signal?: AbortSignal): Promise<LibraryDto[]> =>
  (await request<{ libraries: LibraryDto[] }>('GET', '/api/libraries', undefined, signal)).libraries;

export const addLibrary = (body: AddLibraryRequest, signal?: AbortSignal) =>
  request<LibraryDto>('POST', '/api/libraries', body, signal);

export const updateLibrary = (id: number, body: UpdateLibraryRequest, signal?: AbortSignal) =>
  request<LibraryDto>('PATCH', libraryPath(id), body, signal);

/** Forgets the library's titles; the files on disk are never touched. */
export const removeLibrary = (id: number, signal?: AbortSignal) => request<void>('DELETE', libraryPath(id), undefined, signal);

/** Starts a scan ("Scan now"); the answer comes at once, the scan runs on. */
export const scanLibrary = (id: number, signal?: AbortSignal) =>
  request<LibraryDto>('POST', `${libraryPath(id)}/scan`, undefined, signal);

/** Files of the library that could not be used, each with its reason. */
export const listSkippedFiles = async (id: number, signal?: AbortSignal): Promise<SkippedFileDto[]> =>
  (await request<{ files: SkippedFileDto[] }>('GET', `${libraryPath(id)}/skipped`, undefined, signal)).files;

// ---- titles ----

/** The home grid: movies, and series standing for their episodes. */
export const listTitles = async (signal?: AbortSignal): Promise<TitleCardDto[]> =>
  (await request<TitleListDto>('GET', '/api/titles', undefined, signal)).titles;

export const getItem = (id: number, signal?: AbortSignal) => request<ItemDetailDto>('GET', itemPath(id), undefined, signal);

export const getSeries = (id: number, signal?: AbortSignal) =>
  request<SeriesDto>('GET', `/api/series/${segment(id)}`, undefined, signal);

/** `retry` queues a failed transcode again; without it a failure stays visible to the poller. */
/** `prefer: 'hls'`: the adaptive ladder even when the file would play as it is (this browser refused it). */
/** `capabilities`: what the player plays (player/capabilities.ts asks the browser); without them the server assumes a desktop browser. */
/** `clientId`: this browser's id, so its stream token is its own and its measured bandwidth picks the starting rung. */
export function getPlayback(id: number, signal?: AbortSignal, opts: { retry?: boolean; prefer?: 'hls'; capabilities?: ClientCapabilitiesDto; clientId?: string } = {}) {
  const query = new URLSearchParams({
    ...(opts.retry ? { retry: 'true' } : {}),
    ...(opts.prefer ? { prefer: opts.prefer } : {}),
    ...(opts.capabilities ? capabilityQuery(opts.capabilities) : {}),
    ...(opts.clientId ? { clientId: opts.clientId } : {}),
  }).toString();
  return request<PlaybackDto>('GET', `${itemPath(id)}/playback${query ? `?${query}` : ''}`, undefined, signal);
}

/** The query parameters /playback reads capabilities from (lists comma-separated). */
function capabilityQuery(capabilities: ClientCapabilitiesDto): Record<string, string> {
  return {
    video: capabilities.video.join(','),
    audio: capabilities.audio.join(','),
    containers: capabilities.containers.join(','),
    ...(capabilities.maxHeight === null ? {} : { maxHeight: String(capabilities.maxHeight) }),
    hdr: String(capabilities.hdr),
  };
}

// ---- the transcoding queue ----

const jobPath = (id: number) => `/api/jobs/${segment(id)}`;

/** Running, queued and failed jobs first, then finished ones (500 at most); counts cover all. */
export const getQueue = (signal?: AbortSignal) => request<QueueDto>('GET', '/api/jobs', undefined, signal);

/** Pause all: running jobs finish, no new one starts (the server remembers it across restarts). */
export const pauseQueue = (signal?: AbortSignal) => request<QueueDto>('POST', '/api/jobs/pause', undefined, signal);

export const resumeQueue = (signal?: AbortSignal) => request<QueueDto>('POST', '/api/jobs/resume', undefined, signal);

/** Queues a done, failed or cancelled job again. */
export const retryJob = (id: number, signal?: AbortSignal) => request<JobDto>('POST', `${jobPath(id)}/retry`, undefined, signal);

/** Stops a queued or running job. */
export const cancelJob = (id: number, signal?: AbortSignal) => request<JobDto>('POST', `${jobPath(id)}/cancel`, undefined, signal);

// ---- transcoding settings ----

const TRANSCODE_SETTINGS = '/api/settings/transcoding';

/** The ladder, x264 preset and disk quota, with their defaults and the presets offered. */
export const getTranscodeSettings = (signal?: AbortSignal) => request<TranscodeSettingsDto>('GET', TRANSCODE_SETTINGS, undefined, signal);

/** Saves the fields given; a 400 names the field ("ladder.1.height: must be even"). */
export const updateTranscodeSettings = (body: UpdateTranscodeSettingsRequest, signal?: AbortSignal) =>
  request<TranscodeSettingsDto>('PUT', TRANSCODE_SETTINGS, body, signal);

/** Back to the defaults. */
export const resetTranscodeSettings = (signal?: AbortSignal) => request<TranscodeSettingsDto>('DELETE', TRANSCODE_SETTINGS, undefined, signal);

/** Which hardware encoders work on the server; the first call after it starts takes a second or so (a test encode each). */
export const getHardwareSupport = (signal?: AbortSignal) => request<HardwareSupportDto>('GET', '/api/settings/hardware', undefined, signal);

// ---- storage ----

/** The transcodes' disk space: used, quota, free, and the biggest titles with their size per rung. */
export const getStorage = (signal?: AbortSignal) => request<StorageDto>('GET', '/api/storage', undefined, signal);

// ---- playback sessions and quality of experience ----

const sessionPath = (id: number) => `/api/sessions/${segment(id)}`;

/** A player starts playing a title: the session its events go to. */
export const startSession = (body: StartSessionRequest, signal?: AbortSignal) => request<StartSessionResponse>('POST', '/api/sessions', body, signal);

/** What the player saw since the last batch, in order; an empty batch says it is still there. */
export const sendSessionEvents = (id: number, events: SessionEventDto[], signal?: AbortSignal) =>
  request<void>('POST', `${sessionPath(id)}/events`, { events }, signal);

/**
 * The same while the page goes away: the browser sends it after the page is gone. text/plain, because
 * a beacon's JSON type would need a CORS check; the server parses it. False when the browser refused.
 */
export function beaconSessionEvents(id: number, events: SessionEventDto[]): boolean {
  if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
  return navigator.sendBeacon(`${sessionPath(id)}/events`, new Blob([JSON.stringify({ events })], { type: 'text/plain' }));
}

/** Sessions for the admin: those playing now (reported in the last minute), or the latest 100. */
export const listSessions = async (opts: { active: boolean }, signal?: AbortSignal) =>
  (await request<SessionListDto>('GET', `/api/sessions?active=${opts.active}`, undefined, signal)).sessions;

/** Quality of experience in hourly buckets over the last `hours` hours, oldest first. */
export const getQoe = (hours = 24, signal?: AbortSignal) => request<QoeDto>('GET', `/api/qoe?hours=${encodeURIComponent(String(hours))}`, undefined, signal);

/** Where the household left the title: 0 starts from the beginning. */
export const getResume = (itemId: number, signal?: AbortSignal) => request<ResumeDto>('GET', `${itemPath(itemId)}/resume`, undefined, signal);
