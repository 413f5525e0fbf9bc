// The shapes the HTTP API answers with. The renderer may `import type` from this file only.

export type * from '../recommend/experiments/experiments.dto.js';

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

export interface LibraryFolderDto {
  path: string;
  /** false while the folder cannot be reached (unplugged disk, unmounted share) */
  online: boolean;
}

export interface ScanProgressDto {
  phase: 'walking' | 'probing' | 'metadata';
  done: number;
  total: number;
}

export interface LibraryDto {
  id: number;
  name: string;
  kind: LibraryKind;
  /** the first folder (a library has one or more) */
  path: string;
  folders: LibraryFolderDto[];
  /** movies, episodes and extras */
  itemCount: number;
  scanning: boolean;
  /** null when no scan runs */
  progress: ScanProgressDto | null;
  /** ISO 8601, null until the first scan finished */
  lastScanAt: string | null;
}

/** Either `path` (one folder) or `paths` (several). */
export interface AddLibraryRequest {
  /** absolute path of an existing folder on the server's machine */
  path?: string;
  paths?: string[];
  name?: string;
  kind?: LibraryKind;
}

export interface UpdateLibraryRequest {
  name?: string;
  kind?: LibraryKind;
  /** replaces the folder list */
  paths?: string[];
}

export interface SkippedFileDto {
  path: string;
  reason: string;
  seenAt: string;
}

export type TranscodeStatus = 'none' | 'queued' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

export interface TranscodeStateDto {
  status: TranscodeStatus;
  /** 0..1 */
  progress: number;
  /** short reason when failed */
  error: string | null;
}

export type ItemKind = 'movie' | 'episode' | 'extra';

export interface ItemDto {
  id: number;
  libraryId: number;
  kind: ItemKind;
  /** movie title, episode title, or extra title */
  title: string;
  seriesId: number | null;
  seriesTitle: string | null;
  season: number | null;
  episode: number | null;
  /** last episode of a multi-episode file (S01E01-E03 → 3) */
  endingEpisode: number | null;
  /** daily shows: "YYYY-MM-DD" */
  airDate: string | null;
  extraType: string | null;
  year: number | null;
  durationMs: number;
  width: number | null;
  height: number | null;
  /** null when there is no artwork */
  posterUrl: string | null;
  /** every file of it is on a folder that cannot be reached right now */
  offline: boolean;
  /** ISO 8601 */
  addedAt: string;
  transcode: TranscodeStateDto;
}

export interface PersonCreditDto {
  id: number;
  name: string;
  role: 'actor' | 'director' | 'writer';
  character: string | null;
}

export interface SubtitleDto {
  id: number;
  format: string;
  language: string | null;
  forced: boolean;
  default: boolean;
  hearingImpaired: boolean;
  external: boolean;
}

export interface StreamDto {
  type: 'video' | 'audio' | 'subtitle';
  codec: string;
  language: string | null;
  title: string | null;
  channels: number | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  bitDepth: number | null;
  bitRateKbps: number | null;
  default: boolean;
  forced: boolean;
  /** picture-based subtitles (PGS, DVD): they can only be burned in */
  imageSubtitle: boolean;
}

export interface ChapterDto {
  startMs: number;
  title: string | null;
}

export interface MediaFileDto {
  id: number;
  path: string;
  part: number | null;
  sizeBytes: number;
  durationMs: number;
  width: number | null;
  height: number | null;
  format3D: string | null;
  /** HDR format of the video, null for SDR */
  hdr: 'hdr10' | 'hlg' | 'dolby-vision' | null;
  bitRateKbps: number;
  container: string;
  missing: boolean;
  streams: StreamDto[];
  chapters: ChapterDto[];
  subtitles: SubtitleDto[];
}

export interface VersionDto {
  /** "1080p", "Director's Cut"; null for the plain file */
  label: string | null;
  parts: MediaFileDto[];
}

/** How the file name was read: the same object `seed parse` prints. */
export type ParseInfoDto = Record<string, string | number | boolean | null>;

export interface ItemDetailDto extends ItemDto {
  originalTitle: string | null;
  plot: string | null;
  tagline: string | null;
  mpaa: string | null;
  rating: number | null;
  studio: string | null;
  fanartUrl: string | null;
  /** WebVTT thumbnails track for seek previews (cues point into sprite sheets); null until made */
  previewsUrl: string | null;
  genres: string[];
  people: PersonCreditDto[];
  versions: VersionDto[];
  extras: ItemDto[];
  parse: ParseInfoDto | null;
}

export interface SeasonDto {
  /** null: episodes numbered without a season (absolute numbering) */
  number: number | null;
  title: string;
  posterUrl: string | null;
  episodes: ItemDto[];
}

export interface SeriesDto {
  id: number;
  libraryId: number;
  title: string;
  year: number | null;
  plot: string | null;
  mpaa: string | null;
  rating: number | null;
  studio: string | null;
  posterUrl: string | null;
  fanartUrl: string | null;
  genres: string[];
  people: PersonCreditDto[];
  seasons: SeasonDto[];
  extras: ItemDto[];
  offline: boolean;
}

/** One card of the home grid: a movie, or a series standing for its episodes. */
export interface TitleCardDto {
  type: 'movie' | 'series';
  id: number;
  title: string;
  year: number | null;
  posterUrl: string | null;
  /** movies */
  durationMs: number | null;
  /** series */
  episodeCount: number | null;
  offline: boolean;
  addedAt: string;
}

export interface TitleListDto {
  titles: TitleCardDto[];
}

export interface ItemListDto {
  items: ItemDto[];
}

export interface PlaybackDto {
  /** direct: the file as it is (MP4); remux: its H.264 copied into HLS; hls: the transcoded ladder */
  method: 'direct' | 'remux' | 'hls';
  /**
   * the file (direct) or the HLS playlist to play, with `?token=` (6 hours; every URI of its playlists
   * carries it too); null when it cannot play (its transcode failed)
   */
  url: string | null;
  ready: boolean;
  /** human words for what happens: "transcoding: this browser cannot play HEVC; HLS just in time: …" */
  reason: string;
  transcode: TranscodeStateDto;
  /**
   * HLS only: the rung to start on, by the server's rule over what it measured of this device (the
   * highest whose bit rate is at most 80 % of its bandwidth, within maxHeight; one down when its buffer
   * held under 10 s last time, one up over 30 s). Listed first in the master; null when never measured.
   */
  start: { height: number; bandwidthBps: number; reason: string } | null;
  /** the profile's preferred audio and subtitle languages (ISO 639-1): the player picks those tracks; null: the title's default / none */
  languages: { audio: string | null; subtitles: string | null };
  /**
   * direct and remux only (HLS names its tracks in the master): the file's audio tracks when it has
   * several, the one playing first. Only HLS carries the others: a player switching to one asks
   * again with `prefer=hls`. Empty: one track, or HLS.
   */
  audioTracks: { language: string | null; name: string }[];
  /** direct and remux only: the title's text subtitles as WebVTT (with `?token=`), made when first asked for. Empty for HLS. */
  subtitles: { url: string; language: string | null; name: string; forced: boolean }[];
  /**
   * The names of the title's forced subtitles (signs and foreign lines only), as every method's menu
   * shows them: a profile without a subtitle language gets the one in the language it hears.
   */
  forcedSubtitles: string[];
}

/**
 * What a player says it plays, sent to /playback as query parameters (lists comma-separated:
 * `?video=h264,hevc&audio=aac,ac3&containers=mp4&maxHeight=2160&hdr=true`). Mirrors the
 * transcoder's ClientCapabilities; a field left out keeps a current desktop browser's value.
 */
export interface ClientCapabilitiesDto {
  video: ('h264' | 'hevc' | 'av1' | 'vp9')[];
  audio: ('aac' | 'mp3' | 'ac3' | 'eac3' | 'opus' | 'flac')[];
  /** containers it plays as a file */
  containers: ('mp4' | 'webm' | 'mkv')[];
  /** the short side of the largest picture it decodes; null: no limit */
  maxHeight: number | null;
  hdr: boolean;
}

export type JobKindDto = 'hls' | 'headstart' | 'remux' | 'previews';

/** One job of the transcoding queue, for the admin. */
export interface JobDto {
  id: number;
  kind: JobKindDto;
  itemId: number;
  title: string;
  status: Exclude<TranscodeStatus, 'none'>;
  priority: number;
  /** 0..1 */
  progress: number;
  /** estimated seconds left while running, from the progress so far; null when unknown */
  etaSeconds: number | null;
  attempts: number;
  error: string | null;
  /** the last lines ffmpeg wrote before it failed */
  errorTail: string | null;
  /** ISO 8601: when a failed attempt will be tried again; null when not waiting */
  retryAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface QueueDto {
  paused: boolean;
  /** why Seed paused the queue by itself ("paused: the disk holding … is full (12 MB free)"); null when the admin paused it, or it runs */
  pausedReason: string | null;
  concurrency: number;
  counts: Partial<Record<Exclude<TranscodeStatus, 'none'>, number>>;
  jobs: JobDto[];
}

/** The x264 presets an admin may pick, fastest first (faster = lower quality for the same bit rate). */
export type X264PresetDto = 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';

/** The H.264 hardware encoders, in the order 'auto' tries them. */
export type HardwareEncoderDto = 'h264_nvenc' | 'h264_qsv' | 'h264_vaapi' | 'h264_videotoolbox';
/** off: libx264; auto: the first hardware encoder that works here; or one by name, used while it works. */
export type HardwareEncoderSettingDto = 'off' | 'auto' | HardwareEncoderDto;

/** One rung of the HLS ladder: its picture height (the shorter side, px) and video bit rate. */
export interface RungDto {
  height: number;
  videoKbps: number;
}

export interface TranscodeSettingsValuesDto {
  /** lowest first */
  ladder: RungDto[];
  preset: X264PresetDto;
  /** disk quota of the transcodes folder in GB (10⁹ bytes); null: automatic, `autoQuotaShare` of the free space */
  quotaGb: number | null;
  hardwareEncoder: HardwareEncoderSettingDto;
}

/** The admin's transcoding settings, with the defaults ("reset to defaults") and the choices. */
export interface TranscodeSettingsDto extends TranscodeSettingsValuesDto {
  defaults: TranscodeSettingsValuesDto;
  presets: X264PresetDto[];
  /** the hardware encoders offered besides off and auto, in the order auto tries them */
  hardwareEncoders: HardwareEncoderDto[];
  /** 0..1: the share of the free disk space transcodes may fill while `quotaGb` is null */
  autoQuotaShare: number;
}

/** Any of the fields; those given replace the stored ones. Rungs: heights 144..4320 and even, unique; 100..100000 kbps; 1..8 rungs. */
export type UpdateTranscodeSettingsRequest = Partial<TranscodeSettingsValuesDto>;

/** One hardware encoder's test encode on this server. */
export interface HardwareEncoderStatusDto {
  encoder: HardwareEncoderDto;
  works: boolean;
  /** why it does not work ("h264_vaapi: no /dev/dri/renderD128"); null when it works */
  reason: string | null;
}

/** GET /api/settings/hardware: which hardware encoders work here, tested once per server start. */
export interface HardwareSupportDto {
  /** every hardware encoder, in the order auto tries them */
  encoders: HardwareEncoderStatusDto[];
  /** what auto encodes with here; null: libx264 */
  automatic: HardwareEncoderDto | null;
}

/** One title's transcodes on disk. */
export interface StorageTitleDto {
  itemId: number;
  /** "Show — S01E02 · Title" for an episode */
  title: string;
  /** all of its files: the finished ladder and its head start */
  bytes: number;
  /** the finished ladder's rungs, lowest first ("720p"); empty while it plays just in time */
  rungs: { name: string; bytes: number }[];
  /** head-start and just-in-time segments: never evicted */
  liveBytes: number;
  /** ISO 8601: when its stream was last served; null: never */
  lastServedAt: string | null;
}

/** The transcodes folder against its disk quota. Over quota, the least recently served rungs are evicted. */
export interface StorageDto {
  usedBytes: number;
  /** null when the disk cannot be asked for its free space (nothing is evicted then) */
  quotaBytes: number | null;
  /** free space on the disk holding the data folder */
  freeBytes: number | null;
  /** true while the first measurement since the server started runs: the sizes are those measured so far */
  measuring: boolean;
  /** the 50 biggest titles, biggest first */
  titles: StorageTitleDto[];
}

// ---- search ----

/** Which name a search matched: a movie's or episode's title, an original title, a series, a person, a genre. */
export type SearchFieldDto = 'title' | 'originalTitle' | 'episodeTitle' | 'series' | 'person' | 'genre';

export interface SearchMatchDto {
  field: SearchFieldDto;
  /** the name as stored ("Amélie") */
  text: string;
  /** [start, end) ranges of `text` (UTF-16 code units) the query matched, in order: what to highlight */
  highlights: [number, number][];
}

/** A title a result opens: a movie or an episode (#/item/{id}), or a series (#/series/{id}). */
export interface SearchTitleDto {
  type: 'movie' | 'series' | 'episode';
  id: number;
  title: string;
  year: number | null;
  posterUrl: string | null;
  /** episodes */
  seriesId: number | null;
  seriesTitle: string | null;
  season: number | null;
  episode: number | null;
  /** the household's plays (a series: of all its episodes) */
  plays: number;
}

/** One result: a title, or a person or genre with their titles. */
export interface SearchHitDto {
  type: 'movie' | 'series' | 'episode' | 'person' | 'genre';
  /** the title's id (item id of a movie or episode, series id), the person's or the genre's */
  id: number;
  /** the title, or the person's or genre's name */
  name: string;
  match: SearchMatchDto;
  /** movies, series and episodes: the title itself; null for a person or genre */
  title: SearchTitleDto | null;
  /** a person or genre: their titles the viewer may see, most played first (at most 10); empty for a title */
  titles: SearchTitleDto[];
}

/**
 * GET /api/search?q=…&limit=…: best first (relevance, then the household's plays); only what the viewer may
 * see. At most 8 people and 4 genres on a page (each is a row of titles).
 */
export interface SearchResultDto {
  query: string;
  hits: SearchHitDto[];
}

// ---- playback sessions and quality of experience ----

export type PlaybackMethodDto = PlaybackDto['method'];

/** POST /api/sessions: a player starts playing a title. */
export interface StartSessionRequest {
  itemId: number;
  method: PlaybackMethodDto;
  /** a random id the browser keeps (localStorage): the device, until there are profiles */
  clientId: string;
  /** its user agent in words: "Chrome on Linux" */
  clientName: string;
}

export interface StartSessionResponse {
  id: number;
}

/**
 * What a player saw, in the order it happened. `progress.watchedMs` is the session's running total of
 * time spent playing; `height` is the rung playing (px), null when the player cannot tell.
 */
export type SessionEventDto =
  | { kind: 'start'; startupMs: number }
  | { kind: 'stall'; ms: number }
  | { kind: 'switch'; height: number; bitrateBps: number | null }
  | {
      kind: 'progress';
      positionMs: number;
      durationMs: number;
      watchedMs: number;
      height: number | null;
      /** what the buffer holds ahead of the playhead */
      bufferMs?: number | null;
      /** the bandwidth the player measured from its own downloads (bits/s) */
      bandwidthBps?: number | null;
      /** the player is paused here (a pause goes in the watch history as such) */
      paused?: boolean;
    }
  | { kind: 'error'; message: string }
  | { kind: 'end'; positionMs: number };

/** POST /api/sessions/{id}/events: up to 500 events; none at all says the player is still there. */
export interface SessionEventsRequest {
  events: SessionEventDto[];
  /**
   * the number of the batch's first event in the session (the player numbers them from 1): events of a
   * batch sent again that were applied already are skipped. Without it, only running totals guard.
   */
  seq?: number;
}

/** One playback session, for the admin. */
export interface SessionDto {
  id: number;
  /** null once the title is gone from the library */
  itemId: number | null;
  /** "Show — S01E02 · Title" for an episode */
  title: string;
  clientId: string;
  /** "Chrome on Linux" */
  clientName: string;
  /** who is watching: the profile's name; null for a session from before profiles or of a removed one */
  profileName: string | null;
  /** direct: the file as it is; remux: copied into HLS; hls: transcoded */
  method: PlaybackMethodDto;
  /** the rung playing now (picture height, px); null until the player said */
  height: number | null;
  bitrateBps: number | null;
  positionMs: number;
  durationMs: number;
  /** Play pressed to the first frame; null until a frame showed */
  startupMs: number | null;
  stallCount: number;
  stallMs: number;
  switchCount: number;
  watchedMs: number;
  /** of the time watched at a known bit rate; null when there was none */
  averageBitrateBps: number | null;
  errorCount: number;
  lastError: string | null;
  /** reported in the last minute and not ended */
  active: boolean;
  startedAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  /** what the player's buffer held ahead at its last report; null when it did not say */
  bufferMs: number | null;
  /** the bandwidth the player measured itself, at its last report */
  reportedBps: number | null;
  /** the segment throughput the server measured while it played */
  measuredBps: number | null;
}

export interface SessionListDto {
  sessions: SessionDto[];
}

/** One hour of quality of experience, over every session. */
export interface QoeBucketDto {
  /** ISO 8601: the start of the hour */
  startAt: string;
  /** sessions started in this hour whose first frame showed */
  starts: number;
  /** video start time (Play pressed to the first frame) percentiles; null when nothing started */
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  watchedSeconds: number;
  stallSeconds: number;
  stallCount: number;
  /** stalled seconds over watched seconds; null when nothing was watched */
  rebufferingRatio: number | null;
  /** seconds watched at each rung, highest first; height null: the player did not say */
  rungs: { height: number | null; seconds: number }[];
}

/** GET /api/qoe?hours=24: hourly buckets, oldest first, the current hour last. */
export interface QoeDto {
  hours: number;
  bucketSeconds: number;
  buckets: QoeBucketDto[];
}

/** GET /api/items/{id}/resume, POST and DELETE /api/items/{id}/played: what this profile did with the title. */
export interface ResumeDto {
  /** where to resume; 0 starts from the beginning */
  positionMs: number;
  /** the title's length as the player last reported it; 0 while unknown */
  durationMs: number;
  played: boolean;
  playCount: number;
  /** ISO 8601; null when never played */
  lastPlayedAt: string | null;
  /** taken off Continue watching (until it is played again) */
  hidden: boolean;
}

// ---- watch history (per profile) ----

/** A title on the home screen's Continue watching or Next up row. */
export interface WatchEntryDto {
  item: ItemDto;
  /** where it resumes (Continue watching); 0 for Next up */
  positionMs: number;
  /** its length as the player last reported it, else the catalogue's */
  durationMs: number;
  /** ISO 8601: Continue watching, when it last played; Next up, when the series' last episode was watched */
  lastPlayedAt: string;
}

/** GET /api/continue-watching and GET /api/next-up */
export interface WatchListDto {
  items: WatchEntryDto[];
}

export type HistoryEventKindDto = 'start' | 'progress' | 'pause' | 'stop' | 'complete' | 'mark_played' | 'mark_unplayed' | 'hide';

/** One event of the profile's watch history. */
export interface HistoryEventDto {
  id: number;
  /** ISO 8601 */
  at: string;
  kind: HistoryEventKindDto;
  itemId: number;
  /** "Show — S01E02 · Title" for an episode; null once the title is gone from the library */
  title: string | null;
  positionMs: number | null;
  durationMs: number | null;
  sessionId: number | null;
}

/** GET /api/history: newest first; `next` asks for the page after (`?before=`), null on the last page. */
export interface HistoryPageDto {
  events: HistoryEventDto[];
  next: number | null;
}

/** How a title is recognised in an exported history, here or on another server. */
export interface HistoryTitleDto {
  kind: ItemKind;
  title: string;
  year: number | null;
  /** episodes: the series' title, season and number */
  series: string | null;
  season: number | null;
  episode: number | null;
}

/** GET /api/history/export, POST /api/history/import: a profile's whole history. */
export interface HistoryDocumentDto {
  format: 'seed-watch-history';
  version: 1;
  profile: { name: string };
  /** ISO 8601 */
  exportedAt: string;
  /** by the item ids the events name */
  titles: Record<string, HistoryTitleDto>;
  /** oldest first */
  events: {
    at: string;
    kind: HistoryEventKindDto;
    itemId: number;
    positionMs: number | null;
    durationMs: number | null;
    sessionId: number | null;
  }[];
}

/** POST /api/history/import */
export interface HistoryImportDto {
  /** events new to this profile */
  added: number;
  /** events it had already: importing the same file twice adds nothing */
  duplicates: number;
  /** events of titles this server does not have */
  unmatched: number;
}

/** A household profile (#6). */
export interface ProfileDto {
  id: number;
  name: string;
  /** one of the UI's built-in avatars */
  avatar: 'sprout' | 'fox' | 'owl' | 'bear' | 'cat' | 'rocket' | 'star' | 'wave';
  role: 'admin' | 'adult' | 'kid';
  /** ISO 639-1; null: the title's default track */
  audioLanguage: string | null;
  /** ISO 639-1; null: subtitles off */
  subtitleLanguage: string | null;
  /** kids: the highest ratings shown (null for admin and adult profiles) */
  movieCeiling: 'G' | 'PG' | 'PG-13' | 'R' | 'NC-17' | null;
  tvCeiling: 'TV-Y' | 'TV-Y7' | 'TV-G' | 'TV-PG' | 'TV-14' | 'TV-MA' | null;
  /** kids: titles without a rating are shown */
  allowUnrated: boolean;
  /** null: every library */
  libraryIds: number[] | null;
  hasPin: boolean;
  createdAt: string;
}

/** POST /api/profiles; PATCH takes any of these but `pin`. */
export interface ProfileRequest {
  name: string;
  avatar?: ProfileDto['avatar'];
  role?: ProfileDto['role'];
  audioLanguage?: string | null;
  subtitleLanguage?: string | null;
  movieCeiling?: ProfileDto['movieCeiling'];
  tvCeiling?: ProfileDto['tvCeiling'];
  allowUnrated?: boolean;
  libraryIds?: number[] | null;
  /** 4 digits */
  pin?: string | null;
}

/** GET /api/auth/profiles: the "Who's watching?" picker (no sign-in needed to ask). */
export interface ProfilePickerDto {
  /** false while the household has one profile and no PIN: every device plays as that profile */
  signInNeeded: boolean;
  profiles: { id: number; name: string; avatar: ProfileDto['avatar']; role: ProfileDto['role']; hasPin: boolean }[];
}

export interface SignInRequest {
  profileId: number;
  pin?: string;
  /** browser: a cookie is set (the default); app: the token is answered, to send as Authorization: Bearer */
  kind?: 'browser' | 'app';
  /** "Living room TV"; a browser's user agent in words when left out */
  deviceName?: string;
}

export interface SignInResponse {
  profile: ProfileDto;
  device: DeviceDto;
  /** app sign-ins only: the bearer token (kept nowhere else) */
  token?: string;
}

/** GET /api/auth/me */
export interface MeDto {
  profile: ProfileDto;
  signInNeeded: boolean;
  /** this device's session; null when none (sign-in not needed, or an API key) */
  device: DeviceDto | null;
}

export interface DeviceDto {
  id: number;
  profileId: number;
  kind: 'browser' | 'app';
  deviceName: string;
  address: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface ApiKeyDto {
  id: number;
  profileId: number;
  name: string;
  /** its first characters, to recognise it */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** POST /api/keys: the key itself is answered once. */
export interface CreatedApiKeyDto extends ApiKeyDto {
  key: string;
}

/** POST /api/pair: a TV asks for a code to show. `kind` as at sign-in: browser (cookie, the default) or app (bearer token). */
export interface PairRequestDto {
  kind?: 'browser' | 'app';
  /** "Living room TV"; the browser's user agent in words when left out */
  deviceName?: string;
}

/** POST /api/pair: the code to show, and the secret only this screen holds to collect the result. */
export interface PairCodeDto {
  /** 6 characters from 23456789ABCDEFGHJKMNPQRSTVWXYZ */
  code: string;
  pairId: string;
  expiresAt: string;
}

/** GET /api/pair/{code}?pairId=…: the TV's poll. Approved is answered to every poll until the code expires; refused once, then the code is gone. */
export type PairStateDto =
  | { status: 'waiting'; expiresAt: string }
  /** a browser gets its session cookie with this answer; an app the token */
  | { status: 'approved'; profile: ProfileDto; device: DeviceDto; token?: string }
  | { status: 'refused' };

/** POST /api/pair/{code}/approve (admin) */
export interface PairApproveRequest {
  profileId: number;
}

export interface PairApprovedDto {
  profile: ProfileDto;
  device: DeviceDto;
}

/** GET /api/pair/{code}/device (admin): who asked for a code, shown before approving it. */
export interface PairAskerDto {
  kind: 'browser' | 'app';
  /** the name the device gave, or its user agent in words */
  deviceName: string;
  /** its user agent in words: "Chrome on a TV" */
  agent: string;
  /** as the server saw it (an IPv4 address without ::ffff:); null when unknown */
  address: string | null;
  askedAt: string;
  /** seconds since it asked, on the server's clock */
  ageSeconds: number;
}

/** PUT /api/settings/network (admin): the fields given replace the stored ones. */
export interface UpdateNetworkSettingsRequest {
  /** the name Seed is announced and shown by; null goes back to "<hostname> Seed" */
  name?: string | null;
  /** announce on the LAN (mDNS) and answer "who is Seed?" (UDP) */
  announce?: boolean;
  /** the interfaces announced on and whose URLs are shown; null: all */
  interfaces?: string[] | null;
  /** serve clients outside loopback and the private ranges */
  remoteAccess?: boolean;
}

export interface NetworkInterfaceDto {
  name: string;
  addresses: string[];
}

/** GET/PUT /api/settings/network (admin) */
export interface NetworkSettingsDto {
  name: string;
  announce: boolean;
  interfaces: string[] | null;
  remoteAccess: boolean;
  /** the server's stable id (the TXT key and the UDP answer's `id`) */
  id: string;
  defaultName: string;
  /** this machine's interfaces other than loopback, to choose from */
  availableInterfaces: NetworkInterfaceDto[];
  discovery: {
    announcing: boolean;
    /** the interfaces announced on now */
    interfaces: string[];
    /** why nothing is announced; null while announcing */
    reason: string | null;
    /** the UDP port answering "who is Seed?"; null while it does not */
    udpPort: number | null;
  };
}

export interface LanUrlDto {
  url: string;
  interface: string;
  family: 'IPv4' | 'IPv6';
  /** this URL as a QR code (image/svg+xml) */
  qrUrl: string;
}

/** GET /api/server/lan: where other devices of the household open Seed. */
export interface ServerLanDto {
  id: string;
  name: string;
  urls: LanUrlDto[];
  /** why no URL is listed; null when some are */
  reason: string | null;
}

/** A recommended title on a home shelf: the grid's card. */
export type ShelfTitleDto = TitleCardDto;

/** One shelf of the home screen, titled with its reason. */
export interface ShelfDto {
  /** stable per reason: 'top-picks', 'because:movie:12', 'trending', 'new', 'rediscover', 'genre:Comedy', 'popular' */
  id: string;
  kind: 'because' | 'topPicks' | 'trending' | 'new' | 'rediscover' | 'genre' | 'popular';
  /** "Because you watched Amélie", "Top picks for Mia", "Trending at home", … */
  title: string;
  /** the reason in a sentence, for a tooltip or a screen reader */
  reason: string;
  titles: ShelfTitleDto[];
}

/** GET /api/home/shelves: the profile's shelves below Continue watching and Next up. */
export interface HomeShelvesDto {
  /** the profile has no history yet: the UI offers to pick a few titles it likes (GET/POST /api/recommend/taste) */
  coldStart: boolean;
  /** names this showing: a click on one of its cards is reported with it (POST /api/recommend/click); null when no experiment runs */
  impressionId: number | null;
  shelves: ShelfDto[];
}

/** GET /api/recommend/taste: titles to pick from (popular here, of varied genres and years). */
export interface TasteChoicesDto {
  titles: ShelfTitleDto[];
}

/** A title's thumb for the profile: 1 up, -1 down, 0 none. */
export interface ThumbDto {
  type: 'movie' | 'series';
  id: number;
  value: -1 | 0 | 1;
}
