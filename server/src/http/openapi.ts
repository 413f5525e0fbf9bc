import { profilePaths, profileSchemas } from '../profiles/profiles.openapi.js';
import { pairingPaths } from '../profiles/pairing.openapi.js';
import { historyPaths, historySchemas } from '../history/history.openapi.js';
import { lanPaths, lanSchemas } from '../discovery/lan.openapi.js';
import { experimentPaths, experimentSchemas } from '../recommend/experiments/experiments.openapi.js';
import { homePaths, homeSchemas } from '../recommend/home.openapi.js';
import { z } from 'zod';
import { addLibrarySchema, updateLibrarySchema } from '../library/library.routes.js';
import { HARDWARE_ENCODER_SETTINGS, HARDWARE_ENCODERS } from '../../../transcoder/src/hw-encoders.js';
import { CLIENT_AUDIO_CODECS, CLIENT_CONTAINERS, CLIENT_VIDEO_CODECS } from '../../../transcoder/src/playback-decision.js';
import { transcodeSettingsChangeSchema, X264_PRESETS } from '../settings/transcode-settings.js';
import { sessionEventsSchema, startSessionSchema } from '../playback/playback.routes.js';

// JSON Schemas of the responses; they mirror api-types.ts (a test checks real answers against them).
const error = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } };
const transcode = {
  type: 'object',
  required: ['status', 'progress', 'error'],
  properties: {
    status: { enum: ['none', 'queued', 'running', 'done', 'skipped', 'failed'] },
    progress: { type: 'number', minimum: 0, maximum: 1 },
    error: { type: ['string', 'null'] },
  },
};
const library = {
  type: 'object',
  required: ['id', 'name', 'kind', 'path', 'folders', 'itemCount', 'scanning', 'progress', 'lastScanAt'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    kind: { enum: ['movies', 'shows', 'mixed'] },
    path: { type: 'string', description: 'the first folder' },
    folders: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, online: { type: 'boolean' } } } },
    progress: { type: ['object', 'null'], properties: { phase: { enum: ['walking', 'probing', 'metadata'] }, done: { type: 'integer' }, total: { type: 'integer' } } },
    itemCount: { type: 'integer' },
    scanning: { type: 'boolean' },
    lastScanAt: { type: ['string', 'null'], format: 'date-time' },
  },
};
const item = {
  type: 'object',
  required: ['id', 'libraryId', 'kind', 'title', 'seriesId', 'seriesTitle', 'season', 'episode', 'endingEpisode', 'airDate', 'extraType', 'year', 'durationMs', 'width', 'height', 'posterUrl', 'offline', 'addedAt', 'transcode'],
  properties: {
    id: { type: 'integer' },
    libraryId: { type: 'integer' },
    kind: { enum: ['movie', 'episode', 'extra'] },
    title: { type: 'string' },
    seriesId: { type: ['integer', 'null'] },
    seriesTitle: { type: ['string', 'null'] },
    season: { type: ['integer', 'null'] },
    episode: { type: ['integer', 'null'] },
    endingEpisode: { type: ['integer', 'null'] },
    airDate: { type: ['string', 'null'], format: 'date' },
    extraType: { type: ['string', 'null'] },
    offline: { type: 'boolean' },
    year: { type: ['integer', 'null'] },
    durationMs: { type: 'integer' },
    width: { type: ['integer', 'null'] },
    height: { type: ['integer', 'null'] },
    posterUrl: { type: ['string', 'null'] },
    addedAt: { type: 'string', format: 'date-time' },
    transcode: { $ref: '#/components/schemas/TranscodeState' },
  },
};
const playback = {
  type: 'object',
  required: ['method', 'url', 'ready', 'reason', 'transcode', 'start', 'languages', 'audioTracks', 'subtitles', 'forcedSubtitles'],
  properties: {
    method: { enum: ['direct', 'remux', 'hls'] },
    url: { type: ['string', 'null'], description: 'the file (direct) or the HLS playlist; null when it cannot play' },
    ready: { type: 'boolean' },
    reason: { type: 'string' },
    transcode: { $ref: '#/components/schemas/TranscodeState' },
    start: {
      type: ['object', 'null'],
      description:
        'HLS: the rung to start on (listed first in the master), by the server\'s rule over the bandwidth measured for this device: the highest rung at most 80 % of it within maxHeight, one down when its buffer held under 10 s last time, one up over 30 s; null when never measured',
      required: ['height', 'bandwidthBps', 'reason'],
      properties: { height: { type: 'integer' }, bandwidthBps: { type: 'integer' }, reason: { type: 'string' } },
    },
    languages: {
      type: 'object',
      description: "the profile's preferred languages (ISO 639-1): the player picks those tracks",
      required: ['audio', 'subtitles'],
      properties: { audio: { type: ['string', 'null'] }, subtitles: { type: ['string', 'null'] } },
    },
    audioTracks: {
      type: 'array',
      description: 'direct and remux only: the file\'s audio tracks when it has several, the one playing first; only HLS carries the others (ask again with prefer=hls)',
      items: { type: 'object', required: ['language', 'name'], properties: { language: { type: ['string', 'null'] }, name: { type: 'string' } } },
    },
    subtitles: {
      type: 'array',
      description: 'direct and remux only: the text subtitles as WebVTT, with the token',
      items: { type: 'object', required: ['url', 'language', 'name', 'forced'], properties: { url: { type: 'string' }, language: { type: ['string', 'null'] }, name: { type: 'string' }, forced: { type: 'boolean' } } },
    },
    forcedSubtitles: {
      type: 'array',
      description: 'the names of the forced subtitles (signs, foreign lines) as the menus show them: a profile without a subtitle language gets the one in the language it hears',
      items: { type: 'string' },
    },
  },
};

const credit = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, role: { enum: ['actor', 'director', 'writer'] }, character: { type: ['string', 'null'] } } };
const itemDetail = {
  allOf: [
    { $ref: '#/components/schemas/Item' },
    {
      type: 'object',
      properties: {
        originalTitle: { type: ['string', 'null'] },
        plot: { type: ['string', 'null'] },
        tagline: { type: ['string', 'null'] },
        mpaa: { type: ['string', 'null'] },
        rating: { type: ['number', 'null'] },
        studio: { type: ['string', 'null'] },
        fanartUrl: { type: ['string', 'null'] },
        previewsUrl: { type: ['string', 'null'], description: 'WebVTT thumbnails track for seek previews' },
        genres: { type: 'array', items: { type: 'string' } },
        people: { type: 'array', items: credit },
        versions: { type: 'array', items: { type: 'object', properties: { label: { type: ['string', 'null'] }, parts: { type: 'array', items: { type: 'object' } } } } },
        extras: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
        parse: { type: ['object', 'null'], description: 'how the file name was read, as `seed parse` prints it' },
      },
    },
  ],
};
const seriesSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: { type: 'string' },
    year: { type: ['integer', 'null'] },
    plot: { type: ['string', 'null'] },
    posterUrl: { type: ['string', 'null'] },
    fanartUrl: { type: ['string', 'null'] },
    genres: { type: 'array', items: { type: 'string' } },
    people: { type: 'array', items: credit },
    seasons: { type: 'array', items: { type: 'object', properties: { number: { type: ['integer', 'null'] }, title: { type: 'string' }, posterUrl: { type: ['string', 'null'] }, episodes: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } } },
    extras: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
    offline: { type: 'boolean' },
  },
};
// search (#6): a hit is a title, or a person or genre with their titles
const searchTitle = {
  type: 'object',
  required: ['type', 'id', 'title', 'year', 'posterUrl', 'seriesId', 'seriesTitle', 'season', 'episode', 'plays'],
  properties: {
    type: { enum: ['movie', 'series', 'episode'], description: 'movie and episode: #/item/{id}; series: #/series/{id}' },
    id: { type: 'integer' },
    title: { type: 'string' },
    year: { type: ['integer', 'null'] },
    posterUrl: { type: ['string', 'null'] },
    seriesId: { type: ['integer', 'null'] },
    seriesTitle: { type: ['string', 'null'] },
    season: { type: ['integer', 'null'] },
    episode: { type: ['integer', 'null'] },
    plays: { type: 'integer', minimum: 0, description: "the household's plays (a series: of all its episodes)" },
  },
};
const searchSchemas = {
  SearchTitle: searchTitle,
  SearchHit: {
    type: 'object',
    required: ['type', 'id', 'name', 'match', 'title', 'titles'],
    properties: {
      type: { enum: ['movie', 'series', 'episode', 'person', 'genre'] },
      id: { type: 'integer', description: "the title's id (item id of a movie or episode, series id), the person's or the genre's" },
      name: { type: 'string' },
      match: {
        type: 'object',
        required: ['field', 'text', 'highlights'],
        properties: {
          field: { enum: ['title', 'originalTitle', 'episodeTitle', 'series', 'person', 'genre'] },
          text: { type: 'string' },
          highlights: { type: 'array', description: '[start, end) of text (UTF-16) the query matched', items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 } },
        },
      },
      title: { oneOf: [{ $ref: '#/components/schemas/SearchTitle' }, { type: 'null' }], description: 'a title hit: the title; null for a person or genre' },
      titles: { type: 'array', items: { $ref: '#/components/schemas/SearchTitle' }, description: 'a person or genre: their titles the viewer may see, most played first (at most 10)' },
    },
  },
  SearchResult: { type: 'object', required: ['query', 'hits'], properties: { query: { type: 'string' }, hits: { type: 'array', items: { $ref: '#/components/schemas/SearchHit' } } } },
};
const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { enum: ['hls', 'headstart', 'remux', 'previews'] },
    itemId: { type: 'integer' },
    title: { type: 'string' },
    status: { enum: ['queued', 'running', 'done', 'skipped', 'failed', 'cancelled'] },
    priority: { type: 'integer' },
    progress: { type: 'number' },
    etaSeconds: { type: ['integer', 'null'] },
    attempts: { type: 'integer' },
    error: { type: ['string', 'null'] },
    errorTail: { type: ['string', 'null'] },
    retryAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};
const queueSchema = {
  type: 'object',
  properties: { paused: { type: 'boolean' }, pausedReason: { type: ['string', 'null'] }, concurrency: { type: 'integer' }, counts: { type: 'object' }, jobs: { type: 'array', items: { $ref: '#/components/schemas/Job' } } },
};
const settingsValues = {
  type: 'object',
  required: ['ladder', 'preset', 'quotaGb', 'hardwareEncoder'],
  properties: {
    ladder: { type: 'array', description: 'lowest first', items: { type: 'object', required: ['height', 'videoKbps'], properties: { height: { type: 'integer' }, videoKbps: { type: 'integer' } } } },
    preset: { enum: [...X264_PRESETS] },
    quotaGb: { type: ['number', 'null'], description: 'disk quota of the transcodes in GB; null: automatic, a share of the free space' },
    hardwareEncoder: { enum: [...HARDWARE_ENCODER_SETTINGS], description: 'off: libx264; auto: the first hardware encoder that works here; or one by name, used while it works' },
  },
};
const transcodeSettings = {
  allOf: [
    settingsValues,
    {
      type: 'object',
      required: ['defaults', 'presets', 'hardwareEncoders', 'autoQuotaShare'],
      properties: {
        defaults: settingsValues,
        presets: { type: 'array', items: { enum: [...X264_PRESETS] } },
        hardwareEncoders: { type: 'array', items: { enum: [...HARDWARE_ENCODERS] } },
        autoQuotaShare: { type: 'number', minimum: 0, maximum: 1 },
      },
    },
  ],
};
const hardwareSupport = {
  type: 'object',
  required: ['encoders', 'automatic'],
  properties: {
    encoders: {
      type: 'array',
      description: 'every hardware encoder, in the order auto tries them',
      items: {
        type: 'object',
        required: ['encoder', 'works', 'reason'],
        properties: { encoder: { enum: [...HARDWARE_ENCODERS] }, works: { type: 'boolean' }, reason: { type: ['string', 'null'], description: 'why it does not work; null when it works' } },
      },
    },
    automatic: { enum: [...HARDWARE_ENCODERS, null], description: 'what auto encodes with here; null: libx264' },
  },
};
const storageSchema = {
  type: 'object',
  required: ['usedBytes', 'quotaBytes', 'freeBytes', 'measuring', 'titles'],
  properties: {
    usedBytes: { type: 'integer', minimum: 0 },
    quotaBytes: { type: ['integer', 'null'], description: 'null when the free disk space cannot be read' },
    freeBytes: { type: ['integer', 'null'] },
    measuring: { type: 'boolean', description: 'the first measurement since start-up is still running' },
    titles: {
      type: 'array',
      description: 'the 50 biggest, biggest first',
      items: {
        type: 'object',
        required: ['itemId', 'title', 'bytes', 'rungs', 'liveBytes', 'lastServedAt'],
        properties: {
          itemId: { type: 'integer' },
          title: { type: 'string' },
          bytes: { type: 'integer', minimum: 0 },
          rungs: { type: 'array', description: 'lowest first', items: { type: 'object', required: ['name', 'bytes'], properties: { name: { type: 'string' }, bytes: { type: 'integer', minimum: 0 } } } },
          liveBytes: { type: 'integer', minimum: 0, description: 'head-start and just-in-time segments' },
          lastServedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
};
const nullableInt = { type: ['integer', 'null'] };
const sessionSchema = {
  type: 'object',
  required: ['id', 'itemId', 'title', 'clientId', 'clientName', 'profileName', 'method', 'height', 'bitrateBps', 'positionMs', 'durationMs', 'startupMs', 'stallCount', 'stallMs', 'switchCount', 'watchedMs', 'averageBitrateBps', 'errorCount', 'lastError', 'active', 'startedAt', 'lastSeenAt', 'endedAt', 'bufferMs', 'reportedBps', 'measuredBps'],
  properties: {
    id: { type: 'integer' },
    itemId: { ...nullableInt, description: 'null once the title is gone from the library' },
    title: { type: 'string' },
    clientId: { type: 'string', description: 'a random id the browser keeps' },
    clientName: { type: 'string', description: 'its user agent in words: "Chrome on Linux"' },
    profileName: { type: ['string', 'null'], description: 'who is watching' },
    method: { enum: ['direct', 'remux', 'hls'] },
    height: { ...nullableInt, description: 'the rung playing now (px)' },
    bitrateBps: nullableInt,
    positionMs: { type: 'integer' },
    durationMs: { type: 'integer' },
    startupMs: { ...nullableInt, description: 'Play pressed to the first frame' },
    stallCount: { type: 'integer' },
    stallMs: { type: 'integer' },
    switchCount: { type: 'integer' },
    watchedMs: { type: 'integer' },
    averageBitrateBps: nullableInt,
    errorCount: { type: 'integer' },
    lastError: { type: ['string', 'null'] },
    active: { type: 'boolean', description: 'reported in the last minute and not ended' },
    startedAt: { type: 'string', format: 'date-time' },
    lastSeenAt: { type: 'string', format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    bufferMs: { ...nullableInt, description: 'what the player\'s buffer held ahead at its last report' },
    reportedBps: { ...nullableInt, description: 'the bandwidth the player measured itself, at its last report' },
    measuredBps: { ...nullableInt, description: 'the segment throughput the server measured while it played' },
  },
};
const qoeSchema = {
  type: 'object',
  required: ['hours', 'bucketSeconds', 'buckets'],
  properties: {
    hours: { type: 'integer' },
    bucketSeconds: { type: 'integer' },
    buckets: {
      type: 'array',
      description: 'oldest first, the current hour last',
      items: {
        type: 'object',
        required: ['startAt', 'starts', 'startupP50Ms', 'startupP95Ms', 'watchedSeconds', 'stallSeconds', 'stallCount', 'rebufferingRatio', 'rungs'],
        properties: {
          startAt: { type: 'string', format: 'date-time' },
          starts: { type: 'integer', description: 'sessions started in the hour whose first frame showed' },
          startupP50Ms: nullableInt,
          startupP95Ms: nullableInt,
          watchedSeconds: { type: 'number' },
          stallSeconds: { type: 'number' },
          stallCount: { type: 'integer' },
          rebufferingRatio: { type: ['number', 'null'], description: 'stalled seconds / watched seconds' },
          rungs: { type: 'array', description: 'highest first', items: { type: 'object', required: ['height', 'seconds'], properties: { height: nullableInt, seconds: { type: 'number' } } } },
        },
      },
    },
  },
};
const image = { description: 'image', content: { 'image/jpeg': {}, 'image/png': {}, 'image/webp': {} } };

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), json(ref('Error'), { 400: 'Bad input; the message names the field', 404: 'Not found', 409: 'Conflict', 415: 'Unsupported media', 503: 'Offline: the folder cannot be reached' }[c] ?? 'Error')]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const list = (names: readonly string[]) => ({ type: 'string', description: `comma-separated, of ${names.join(', ')}` });
/** what a player says it plays; a field left out keeps a current desktop browser's value (H.264, AAC, MP4, no HDR) */
const capabilityParams = [
  { name: 'video', in: 'query', required: false, schema: list(CLIENT_VIDEO_CODECS), description: 'video codecs it decodes (default h264)' },
  { name: 'audio', in: 'query', required: false, schema: list(CLIENT_AUDIO_CODECS), description: 'audio codecs it decodes (default aac)' },
  { name: 'containers', in: 'query', required: false, schema: list(CLIENT_CONTAINERS), description: 'containers it plays as a file (default mp4)' },
  { name: 'maxHeight', in: 'query', required: false, schema: { type: 'integer', minimum: 144, maximum: 8640 }, description: 'the short side of the largest picture it decodes (default: no limit)' },
  { name: 'hdr', in: 'query', required: false, schema: { enum: ['true', 'false'] }, description: 'shows HDR as it is (default false: tone mapped)' },
  { name: 'clientId', in: 'query', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }, description: "binds the URL's token to this client (sent back as X-Seed-Client)" },
];
/** every stream URL: the token from /playback's url, CORS for players on other origins */
const tokenParam = { name: 'token', in: 'query', required: true, schema: { type: 'string' }, description: 'the signed token of the URL /playback answered with (6 hours)' };
const tokenErrors = {
  401: json(ref('Error'), 'No token, an invalid one or an expired one (token_missing, token_invalid, token_expired): ask /playback again'),
  403: json(ref('Error'), 'A token for another title or client (token_other_title, token_other_client)'),
};
const preflight = { summary: 'CORS preflight', parameters: [idParam], responses: { 204: { description: 'Access-Control-Allow-Origin: *, methods GET, HEAD, OPTIONS' } } };

/** The OpenAPI 3.1 document served at /api/openapi.json. */
export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Seed', version, description: 'Seed media server API. Every error answers {code, message}.' },
    servers: [{ url: '/' }],
    paths: {
      '/api/health': { get: { summary: 'Liveness', responses: { 200: json({ type: 'object', required: ['status', 'version'], properties: { status: { const: 'ok' }, version: { type: 'string' } } }) } } },
      '/api/server': {
        get: {
          summary: 'Server name, version and whether the first-run setup is needed',
          responses: { 200: json({ type: 'object', required: ['name', 'version', 'needsSetup'], properties: { name: { type: 'string' }, version: { type: 'string' }, needsSetup: { type: 'boolean' } } }) },
        },
      },
      '/api/libraries': {
        get: { summary: 'List libraries', responses: { 200: json({ type: 'object', required: ['libraries'], properties: { libraries: { type: 'array', items: ref('Library') } } }) } },
        post: {
          summary: 'Add a library folder; its first scan starts in the background',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(addLibrarySchema, { target: 'draft-2020-12', io: 'input' }) } } },
          responses: { 201: json(ref('Library'), 'Created'), ...errors(400, 409) },
        },
      },
      '/api/libraries/{id}': {
        get: { summary: 'One library', parameters: [idParam], responses: { 200: json(ref('Library')), ...errors(400, 404) } },
        patch: {
          summary: 'Rename, change the kind or the folders (a changed folder list rescans)',
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(updateLibrarySchema, { target: 'draft-2020-12', io: 'input' }) } } },
          responses: { 200: json(ref('Library')), ...errors(400, 404, 409) },
        },
        delete: { summary: 'Remove the library from the catalogue (the video files are not touched)', parameters: [idParam], responses: { 204: { description: 'Removed' }, ...errors(400, 404) } },
      },
      '/api/libraries/{id}/scan': { post: { summary: 'Scan now', parameters: [idParam], responses: { 202: json(ref('Library'), 'Scan started'), ...errors(400, 404) } } },
      '/api/libraries/{id}/skipped': {
        get: {
          summary: 'Files the scan could not use, with the reason',
          parameters: [idParam],
          responses: {
            200: json({ type: 'object', properties: { files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, reason: { type: 'string' }, seenAt: { type: 'string' } } } } } }),
            ...errors(400, 404),
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Search as you type: titles, original titles, series, episode titles, people and genres; typos, accents and word beginnings forgiven; best first (relevance, then the household\'s plays); only what the viewer may see; at most 8 people and 4 genres per answer',
          parameters: [
            { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'the text typed; operators and quotes are searched as text; none: no hits' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
          ],
          responses: { 200: json(ref('SearchResult')), ...errors(400) },
        },
      },
      '/api/titles': { get: { summary: 'The home grid: movies and series', responses: { 200: json({ type: 'object', required: ['titles'], properties: { titles: { type: 'array', items: { $ref: '#/components/schemas/TitleCard' } } } }) } } },
      '/api/series/{id}': { get: { summary: 'A series with its seasons, episodes and extras', parameters: [idParam], responses: { 200: json(seriesSchema), ...errors(400, 404) } } },
      '/api/series/{id}/artwork/{kind}': {
        get: { summary: 'Series poster or fanart', parameters: [idParam, { name: 'kind', in: 'path', required: true, schema: { enum: ['poster', 'fanart'] } }], responses: { 200: image, ...errors(400, 404) } },
      },
      '/api/series/{id}/seasons/{season}/poster': {
        get: { summary: 'Season poster', parameters: [idParam, { name: 'season', in: 'path', required: true, schema: { type: 'string', description: 'season number, or none' } }], responses: { 200: image, ...errors(400, 404) } },
      },
      '/api/items': { get: { summary: 'Every title (movies and episodes)', responses: { 200: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Item') } } }) } } },
      '/api/items/{id}': { get: { summary: 'One title with its versions, parts, subtitles, extras, people and genres', parameters: [idParam], responses: { 200: json(itemDetail), ...errors(400, 404) } } },
      '/api/items/{id}/previews/{file}': {
        get: {
          summary: 'Seek previews: thumbnails.vtt (WebVTT, cues point into the sheets with #xywh) and sprite-N.jpg',
          parameters: [idParam, { name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^(thumbnails\\.vtt|sprite-\\d{1,4}\\.jpg)$' } }],
          responses: { 200: { description: 'WebVTT or JPEG', content: { 'text/vtt': {}, 'image/jpeg': {} } }, ...errors(400, 404) },
        },
      },
      '/api/items/{id}/artwork/{kind}': {
        get: { summary: 'Poster (local artwork or a generated frame) or fanart', parameters: [idParam, { name: 'kind', in: 'path', required: true, schema: { enum: ['poster', 'fanart'] } }], responses: { 200: image, ...errors(400, 404) } },
      },
      '/api/items/{id}/playback': {
        get: {
          summary: 'How to play a title; queues its transcode first in line when it is not ready',
          parameters: [
            idParam,
            { name: 'retry', in: 'query', required: false, schema: { enum: ['true', 'false'] }, description: 'queue a failed transcode again' },
            { name: 'prefer', in: 'query', required: false, schema: { enum: ['auto', 'hls'] }, description: 'hls: the adaptive ladder even when the file plays as it is' },
            ...capabilityParams,
          ],
          responses: { 200: json(ref('Playback')), ...errors(400, 404, 415, 503) },
        },
      },
      '/api/items/{id}/file': {
        get: { summary: 'The file itself, for direct play (HTTP ranges)', parameters: [idParam, tokenParam], responses: { 200: { description: 'the video file' }, 206: { description: 'a range of it' }, ...tokenErrors, ...errors(400, 404) } },
        options: preflight,
      },
      '/api/items/{id}/remux/{file}': {
        get: {
          summary: 'The remuxed stream (H.264 copied into HLS): index.m3u8 or seg-NNNNN.ts',
          parameters: [idParam, { name: 'file', in: 'path', required: true, schema: { type: 'string' } }, tokenParam],
          responses: { 200: { description: 'playlist (every URI carries the token) or MPEG-TS segment' }, ...tokenErrors, ...errors(400, 404) },
        },
        options: preflight,
      },
      '/api/items/{id}/hls/master.m3u8': {
        get: {
          summary: 'HLS master playlist; every URI in it carries the token',
          parameters: [idParam, tokenParam, { name: 'start', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'list the variant of this height first (players that play HLS themselves start on the first)' }],
          responses: { 200: { description: 'playlist', content: { 'application/vnd.apple.mpegurl': {} } }, ...tokenErrors, ...errors(400, 404) },
        },
        options: preflight,
      },
      '/api/items/{id}/subtitles/{file}': {
        get: {
          summary: 'A text subtitle of a title played as it is (direct or remux) as WebVTT, made from the source or its sidecar when first asked for (PlaybackDto.subtitles)',
          parameters: [idParam, { name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{1,2}\\.vtt$' }, description: 'N.vtt: the title\'s N-th text subtitle, from 0' }, tokenParam],
          responses: { 200: { description: 'WebVTT', content: { 'text/vtt': {} } }, ...tokenErrors, ...errors(400, 404), 422: json(ref('Error'), 'A subtitle that cannot be read (the message says why)') },
        },
        options: preflight,
      },
      '/api/items/{id}/hls/{rung}/{file}': {
        get: {
          summary: 'HLS media playlist (index.m3u8), segment (seg-NNNNN.ts) or WebVTT file (sub.vtt) of one rung, audio track or subtitle; made as it is asked for while the ladder is not made yet',
          parameters: [
            idParam,
            { name: 'rung', in: 'path', required: true, schema: { type: 'string', pattern: '^[as]?[0-9]{1,2}$' }, description: 'a rung (0 = lowest), an alternative audio track (a1, a2, …) or a subtitle (s0, s1, …), as the master names them' },
            { name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^(index\\.m3u8|seg-\\d{5}\\.ts|sub\\.vtt)$' } },
            tokenParam,
          ],
          responses: {
            200: { description: 'playlist (every URI carries the token), MPEG-TS segment or WebVTT' },
            ...tokenErrors,
            ...errors(400, 404),
            422: json(ref('Error'), 'A subtitle that cannot be read (the message says why); the master leaves it out from then on'),
          },
        },
        options: preflight,
      },
      '/api/jobs': { get: { summary: 'The transcoding queue: jobs with progress, ETA, attempts and ffmpeg error tails', responses: { 200: json(ref('Queue')) } } },
      '/api/jobs/pause': { post: { summary: 'Pause all: running jobs finish, no new one starts', responses: { 200: json(ref('Queue')) } } },
      '/api/jobs/resume': { post: { summary: 'Resume the queue', responses: { 200: json(ref('Queue')) } } },
      '/api/jobs/{id}/retry': { post: { summary: 'Queue a finished, failed or cancelled job again', parameters: [idParam], responses: { 200: json(ref('Job')), ...errors(400, 404, 409) } } },
      '/api/jobs/{id}/cancel': { post: { summary: 'Cancel a queued or running job (its ffmpeg is stopped)', parameters: [idParam], responses: { 200: json(ref('Job')), ...errors(400, 404, 409) } } },
      '/api/settings/transcoding': {
        get: { summary: 'Transcoding settings (ladder, x264 preset, disk quota) with their defaults and the presets offered', responses: { 200: json(ref('TranscodeSettings')) } },
        put: {
          summary: 'Change some of the transcoding settings; the ladder is saved sorted by height',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(transcodeSettingsChangeSchema, { target: 'draft-2020-12', io: 'input' }) } } },
          responses: { 200: json(ref('TranscodeSettings')), ...errors(400) },
        },
        delete: { summary: 'Back to the default transcoding settings', responses: { 200: json(ref('TranscodeSettings')) } },
      },
      '/api/settings/hardware': {
        get: { summary: 'Which hardware encoders work here: a test encode of each, run at the first call and remembered', responses: { 200: json(ref('HardwareSupport')) } },
      },
      '/api/storage': { get: { summary: 'Disk space of the transcodes: used, quota, free, and the biggest titles per rung', responses: { 200: json(ref('Storage')) } } },
      '/api/sessions': {
        get: {
          summary: 'Playback sessions for the admin: the active ones, or the latest 100',
          parameters: [{ name: 'active', in: 'query', required: false, schema: { enum: ['true', 'false'] }, description: 'true: only sessions that reported in the last minute and did not end' }],
          responses: { 200: json({ type: 'object', required: ['sessions'], properties: { sessions: { type: 'array', items: ref('Session') } } }), ...errors(400) },
        },
        post: {
          summary: 'A player starts playing a title',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(startSessionSchema, { target: 'draft-2020-12', io: 'input' }) } } },
          responses: { 201: json({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }, 'Started'), ...errors(400, 404) },
        },
      },
      '/api/sessions/{id}': { get: { summary: 'One playback session', parameters: [idParam], responses: { 200: json(ref('Session')), ...errors(400, 404) } } },
      '/api/sessions/{id}/events': {
        post: {
          summary: 'What the player saw, in order (startup, stalls, rung switches, progress, errors, end); an empty batch says it is still there',
          parameters: [idParam],
          requestBody: {
            required: true,
            description: 'application/json, or the same JSON as text/plain (navigator.sendBeacon)',
            content: { 'application/json': { schema: z.toJSONSchema(sessionEventsSchema, { target: 'draft-2020-12', io: 'input' }) }, 'text/plain': {} },
          },
          responses: { 204: { description: 'Recorded' }, ...errors(400, 404) },
        },
      },
      '/api/qoe': {
        get: {
          summary: 'Quality of experience in hourly buckets: video start time p50/p95, rebuffering ratio, seconds per rung',
          parameters: [{ name: 'hours', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 168, default: 24 } }],
          responses: { 200: json(ref('Qoe')), ...errors(400) },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics: video start time, stalls, watched seconds per rung, active sessions, the process', responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': {} } } } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
      ...profilePaths,
      ...pairingPaths,
      ...historyPaths,
      ...lanPaths,
      ...experimentPaths,
      ...homePaths,
    },
    components: { schemas: { Job: jobSchema, Queue: queueSchema, Error: error, Library: library, Item: item, Playback: playback, TranscodeState: transcode, TranscodeSettings: transcodeSettings, HardwareSupport: hardwareSupport, Storage: storageSchema, Session: sessionSchema, Qoe: qoeSchema, ...profileSchemas, ...historySchemas, ...searchSchemas, ...lanSchemas, ...experimentSchemas, ...homeSchemas } },
  };
}
