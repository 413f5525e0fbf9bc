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
import type { NetworkSettingsDto, ServerLanDto, UpdateNetworkSettingsRequest } from '../../../server/src/http/api-types.ts';
import type { ClientCapabilitiesDto } from '../../../server/src/http/api-types.ts';
import type { SearchHitDto, SearchResultDto, SearchTitleDto } from '../../../server/src/http/api-types.ts';
export type { SearchHitDto, SearchResultDto, SearchTitleDto };
import type { HistoryDocumentDto, HistoryImportDto, HistoryPageDto, WatchListDto } from '../../../server/src/http/api-types.ts';
import type { CreateExperimentRequest, ExperimentDto, ExperimentListDto, ExperimentResultsDto, ShelfClickRequest, UpdateExperimentRequest } from '../../../server/src/http/api-types.ts';
import type {
  ApiKeyDto,
  CreatedApiKeyDto,
  DeviceDto,
  MeDto,
  ProfileDto,
  ProfilePickerDto,
  ProfileRequest,
  SignInRequest,
  SignInResponse,
} from '../../../server/src/http/api-types.ts';
export type { ApiKeyDto, CreatedApiKeyDto, DeviceDto, MeDto, ProfileDto, ProfilePickerDto, ProfileRequest, SignInRequest, SignInResponse };

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
    /** a 429's wait (a locked PIN): the body's retryAfterSeconds, else the Retry-After header */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** 401 codes that mean this device must pick a profile (again); anything else is the request's own problem. */
const SIGN_IN_CODES = new Set(['sign_in_required', 'signed_out']);
let signInNeededListener: ((error: ApiError) => void) | null = null;

/** Called whenever any request answers that this device must pick a profile: the app shows the picker. */
export function onSignInNeeded(listener: (error: ApiError) => void): void {
  signInNeededListener = listener;
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
  if (!res.ok) {
    const error = await errorFrom(res);
    if (res.status === 401 && SIGN_IN_CODES.has(error.code)) signInNeededListener?.(error);
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body: unknown = await res.json();
    if (isErrorBody(body)) return new ApiError(res.status, body.code, body.message, retryAfterOf(res, body));
  } catch {
    // not JSON (a proxy's HTML page, an empty body): fall through to a generic message
  }
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status} ${res.statusText}`.trim());
}

function retryAfterOf(res: Response, body: object): number | null {
  const value: unknown = (body as { retryAfterSeconds?: unknown }).retryAfterSeconds ?? res.headers.get('Retry-After');
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
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

/** Search as you type: titles, people and genres the profile may see, best first. */
export const searchCatalog = (query: string, limit: number, signal?: AbortSignal) =>
  request<SearchResultDto>('GET', `/api/search?${new URLSearchParams({ q: query, limit: String(limit) })}`, undefined, signal);

export const getItem = (id: number, signal?: AbortSignal) => request<ItemDetailDto>('GET', itemPath(id), undefined, signal);

export const getSeries = (id: number, signal?: AbortSignal) =>
  request<SeriesDto>('GET', `/api/series/${segment(id)}`, undefined, signal);

/** `retry` queues a failed transcode again; without it a failure stays visible to the poller. */
/** `prefer: 'hls'`: the adaptive ladder even when the file would play as it is (this browser refused it). */
/** `capabilities`: what the player plays (player/capabilities.ts asks the browser); without them the server assumes a desktop browser. */
/** `clientId`: this browser's id, so its stream token is its own and its measured bandwidth picks the starting rung. */
/**
 * A stream segment asked for ahead of the player (seek-ahead): its bytes, so the player's own request
 * finds them cached or made. An error answer (503 while busy) throws: the hint failed.
 */
export async function prefetchSegment(uri: string, signal: AbortSignal): Promise<ArrayBuffer> {
  const res = await fetch(uri, { signal, credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, 'prefetch_failed', `${uri}: ${res.status}`);
  return res.arrayBuffer();
}

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

// ---- network (the LAN) ----

export type { LanUrlDto, NetworkInterfaceDto, NetworkSettingsDto, ServerLanDto, UpdateNetworkSettingsRequest } from '../../../server/src/http/api-types.ts';
const NETWORK_SETTINGS = '/api/settings/network';

/** The server's name, announcement, interfaces and remote access (admin). */
export const getNetworkSettings = (signal?: AbortSignal) => request<NetworkSettingsDto>('GET', NETWORK_SETTINGS, undefined, signal);

/** Saves the fields given; a new name or interface choice is announced before the answer. A 400 names the field. */
export const updateNetworkSettings = (body: UpdateNetworkSettingsRequest, signal?: AbortSignal) => request<NetworkSettingsDto>('PUT', NETWORK_SETTINGS, body, signal);

/** The URLs other devices open Seed at, each with a QR code. */
export const getServerLan = (signal?: AbortSignal) => request<ServerLanDto>('GET', '/api/server/lan', undefined, signal);

/** Which hardware encoders work on the server; the first call after it starts takes a second or so (a test encode each). */
export const getHardwareSupport = (signal?: AbortSignal) => request<HardwareSupportDto>('GET', '/api/settings/hardware', undefined, signal);

// ---- storage ----

/** The transcodes' disk space: used, quota, free, and the biggest titles with their size per rung. */
export const getStorage = (signal?: AbortSignal) => request<StorageDto>('GET', '/api/storage', undefined, signal);

// ---- playback sessions and quality of experience ----

const sessionPath = (id: number) => `/api/sessions/${segment(id)}`;

/** A player starts playing a title: the session its events go to. */
export const startSession = (body: StartSessionRequest, signal?: AbortSignal) => request<StartSessionResponse>('POST', '/api/sessions', body, signal);

/**
 * What the player saw since the last batch, in order; an empty batch says it is still there. `seq`: the
 * number of the first event (the server skips those of a batch sent again that it applied already).
 */
export const sendSessionEvents = (id: number, events: SessionEventDto[], seq?: number, signal?: AbortSignal) =>
  request<void>('POST', `${sessionPath(id)}/events`, seq === undefined ? { events } : { events, seq }, signal);

/**
 * The same while the page goes away: the browser sends it after the page is gone. text/plain, because
 * a beacon's JSON type would need a CORS check; the server parses it. False when the browser refused.
 */
export function beaconSessionEvents(id: number, events: SessionEventDto[], seq?: number): boolean {
  if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
  const body = seq === undefined ? { events } : { events, seq };
  return navigator.sendBeacon(`${sessionPath(id)}/events`, new Blob([JSON.stringify(body)], { type: 'text/plain' }));
}

/** Sessions for the admin: those playing now (reported in the last minute), or the latest 100. */
export const listSessions = async (opts: { active: boolean }, signal?: AbortSignal) =>
  (await request<SessionListDto>('GET', `/api/sessions?active=${opts.active}`, undefined, signal)).sessions;

/** Quality of experience in hourly buckets over the last `hours` hours, oldest first. */
export const getQoe = (hours = 24, signal?: AbortSignal) => request<QoeDto>('GET', `/api/qoe?hours=${encodeURIComponent(String(hours))}`, undefined, signal);

/** What this profile did with the title: where it resumes (0: from the beginning), played, play count. */
export const getResume = (itemId: number, signal?: AbortSignal) => request<ResumeDto>('GET', `${itemPath(itemId)}/resume`, undefined, signal);

// ---- watch history (this profile's) ----

export type { HistoryDocumentDto, HistoryEventDto, HistoryEventKindDto, HistoryImportDto, HistoryPageDto, ResumeDto, WatchEntryDto, WatchListDto } from '../../../server/src/http/api-types.ts';

/** Titles in progress, newest first. */
export const getContinueWatching = (signal?: AbortSignal) => request<WatchListDto>('GET', '/api/continue-watching', undefined, signal);

/** Takes a title off Continue watching until it is played again. */
export const removeFromContinueWatching = (itemId: number, signal?: AbortSignal) => request<void>('DELETE', `/api/continue-watching/${segment(itemId)}`, undefined, signal);

/** For each series being watched, the next unwatched episode, the series watched last first. */
export const getNextUp = (signal?: AbortSignal) => request<WatchListDto>('GET', '/api/next-up', undefined, signal);

/** Mark played (true) or unplayed (false); answers the title's new state. */
export const markPlayed = (itemId: number, played: boolean, signal?: AbortSignal) => request<ResumeDto>(played ? 'POST' : 'DELETE', `${itemPath(itemId)}/played`, undefined, signal);

/** The latest events, newest first; `before`: the previous page's `next`. */
export const getHistory = (before: number | null = null, signal?: AbortSignal) =>
  request<HistoryPageDto>('GET', `/api/history?limit=50${before === null ? '' : `&before=${encodeURIComponent(String(before))}`}`, undefined, signal);

/** The whole history as a versioned document, to keep or to import elsewhere. */
export const exportHistory = (signal?: AbortSignal) => request<HistoryDocumentDto>('GET', '/api/history/export', undefined, signal);

/** Merges an exported history into this profile's; importing the same one twice changes nothing. */
export const importHistory = (doc: unknown, signal?: AbortSignal) => request<HistoryImportDto>('POST', '/api/history/import', doc, signal);

// ---- personalised home shelves, taste and thumbs (this profile's) ----

import type { HomeShelvesDto, ShelfDto, ShelfTitleDto, TasteChoicesDto, ThumbDto } from '../../../server/src/http/api-types.ts';
export type { HomeShelvesDto, ShelfDto, ShelfTitleDto, TasteChoicesDto, ThumbDto };

/** The shelves below Continue watching and Next up, each titled with its reason; `coldStart` for a profile without history. */
export const getHomeShelves = (signal?: AbortSignal) => request<HomeShelvesDto>('GET', '/api/home/shelves', undefined, signal);

/** Titles a new profile may pick from to say what it likes. */
export const getTasteChoices = (signal?: AbortSignal) => request<TasteChoicesDto>('GET', '/api/recommend/taste', undefined, signal);

/** The titles picked (1–50); they count as liked. */
export const saveTaste = (titles: readonly Pick<ShelfTitleDto, 'type' | 'id'>[], signal?: AbortSignal) =>
  request<void>('POST', '/api/recommend/taste', { titles: titles.map(({ type, id }) => ({ type, id })) }, signal);

/** This profile's thumb on a title: 1 up, -1 down, 0 none. */
export const getThumb = (type: ThumbDto['type'], id: number, signal?: AbortSignal) =>
  request<ThumbDto>('GET', `/api/recommend/thumbs?${new URLSearchParams({ type, id: String(id) })}`, undefined, signal);

/** Sets (or with 0 clears) the thumb. */
export const setThumb = (thumb: ThumbDto, signal?: AbortSignal) => request<void>('PUT', '/api/recommend/thumbs', thumb, signal);

// ---- profiles and sign-in ----

const profilePath = (id: number) => `/api/profiles/${segment(id)}`;

/** The "Who's watching?" picker: anyone may ask, signed in or not. */
export const getProfilePicker = (signal?: AbortSignal) => request<ProfilePickerDto>('GET', '/api/auth/profiles', undefined, signal);

/** Which profile this browser acts for; 401 when it must pick one. */
export const getMe = (signal?: AbortSignal) => request<MeDto>('GET', '/api/auth/me', undefined, signal);

/** Signs this browser in (the server sets an HttpOnly cookie); 401 pin_required / pin_wrong, 429 pin_locked. */
export const signIn = (body: SignInRequest, signal?: AbortSignal) => request<SignInResponse>('POST', '/api/auth/signin', body, signal);

/** Forgets this browser's session and clears its cookie. */
export const signOut = (signal?: AbortSignal) => request<void>('POST', '/api/auth/signout', undefined, signal);

export const listProfiles = async (signal?: AbortSignal): Promise<ProfileDto[]> =>
  (await request<{ profiles: ProfileDto[] }>('GET', '/api/profiles', undefined, signal)).profiles;

/** 409 when the name is taken. */
export const createProfile = (body: ProfileRequest, signal?: AbortSignal) => request<ProfileDto>('POST', '/api/profiles', body, signal);

/** 409 when the name is taken, or when the last admin would stop being one. */
export const updateProfile = (id: number, body: Partial<Omit<ProfileRequest, 'pin'>>, signal?: AbortSignal) =>
  request<ProfileDto>('PATCH', profilePath(id), body, signal);

/** Signs its devices out and revokes its keys; 409 for the last admin. */
export const removeProfile = (id: number, signal?: AbortSignal) => request<void>('DELETE', profilePath(id), undefined, signal);

/** A 4-digit PIN, or null to take it off. */
export const setProfilePin = (id: number, pin: string | null, signal?: AbortSignal) =>
  pin === null ? request<ProfileDto>('DELETE', `${profilePath(id)}/pin`, undefined, signal) : request<ProfileDto>('PUT', `${profilePath(id)}/pin`, { pin }, signal);

export const listDevices = async (signal?: AbortSignal): Promise<DeviceDto[]> =>
  (await request<{ devices: DeviceDto[] }>('GET', '/api/devices', undefined, signal)).devices;

/** Signs a device out: its next request is 401. */
export const revokeDevice = (id: number, signal?: AbortSignal) => request<void>('DELETE', `/api/devices/${segment(id)}`, undefined, signal);

export const listApiKeys = async (signal?: AbortSignal): Promise<ApiKeyDto[]> =>
  (await request<{ keys: ApiKeyDto[] }>('GET', '/api/keys', undefined, signal)).keys;

/** The answer carries the key itself, this once. */
export const createApiKey = (body: { profileId: number; name: string }, signal?: AbortSignal) =>
  request<CreatedApiKeyDto>('POST', '/api/keys', body, signal);

export const revokeApiKey = (id: number, signal?: AbortSignal) => request<void>('DELETE', `/api/keys/${segment(id)}`, undefined, signal);

// TV pairing: the TV asks for a code and polls it; an admin approves or refuses it from a phone.
import type { PairApprovedDto, PairAskerDto, PairCodeDto, PairStateDto } from '../../../server/src/http/api-types.ts';
export type { PairApprovedDto, PairAskerDto, PairCodeDto, PairStateDto };
const pairPath = (code: string) => `/api/pair/${encodeURIComponent(code)}`;

/** A new code for this screen to show, with the secret it polls with; 429 when asked for too often. */
export const createPairCode = (signal?: AbortSignal) => request<PairCodeDto>('POST', '/api/pair', {}, signal);

/** This screen's poll: waiting, approved (the server sets this browser's session cookie) or refused; 404 once expired. */
export const getPairState = (code: string, pairId: string, signal?: AbortSignal) =>
  request<PairStateDto>('GET', `${pairPath(code)}?pairId=${encodeURIComponent(pairId)}`, undefined, signal);

/** Who asked for a code (admin), to show before approving it; 404 when no screen shows it. */
export const getPairAsker = (code: string, signal?: AbortSignal) => request<PairAskerDto>('GET', `${pairPath(code)}/device`, undefined, signal);

/** An admin approves a screen's code for a profile (no PIN needed). */
export const approvePairCode = (code: string, profileId: number, signal?: AbortSignal) =>
  request<PairApprovedDto>('POST', `${pairPath(code)}/approve`, { profileId }, signal);

/** An admin refuses a screen's code. */
export const refusePairCode = (code: string, signal?: AbortSignal) => request<void>('DELETE', pairPath(code), undefined, signal);

// ---- ranking experiments (admin) and shelf clicks ----

export type {
  ComparisonDto,
  CreateExperimentRequest,
  ExperimentDto,
  ExperimentResultsDto,
  ExperimentStatusDto,
  ExperimentVariantDto,
  ExperimentVariantRequest,
  RateDto,
  ShelfClickRequest,
  UpdateExperimentRequest,
  VariantResultDto,
} from '../../../server/src/http/api-types.ts';

const experimentPath = (id: number) => `/api/experiments/${segment(id)}`;

/** The A/B tests on the rankings, newest first. */
export const listExperiments = async (signal?: AbortSignal) => (await request<ExperimentListDto>('GET', '/api/experiments', undefined, signal)).experiments;

/** A new experiment, as a draft. */
export const createExperiment = (body: CreateExperimentRequest, signal?: AbortSignal) => request<ExperimentDto>('POST', '/api/experiments', body, signal);

/** Rename it, change a draft's surface and variants, or start (status running) and stop it. */
export const updateExperiment = (id: number, body: UpdateExperimentRequest, signal?: AbortSignal) => request<ExperimentDto>('PATCH', experimentPath(id), body, signal);

/** Removes it with everything logged for it. */
export const removeExperiment = (id: number, signal?: AbortSignal) => request<void>('DELETE', experimentPath(id), undefined, signal);

/** Per variant: click-through, plays, minutes per profile, completion, with intervals; each against the control. */
export const getExperimentResults = (id: number, signal?: AbortSignal) => request<ExperimentResultsDto>('GET', `${experimentPath(id)}/results`, undefined, signal);

/** The profile chose a card on a home shelf (204; counted for the experiment that ranked it). */
export const sendShelfClick = (body: ShelfClickRequest, signal?: AbortSignal) => request<void>('POST', '/api/recommend/click', body, signal);
