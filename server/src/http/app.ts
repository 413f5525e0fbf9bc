import type { BandwidthService } from '../playback/bandwidth.service.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { catalogRoutes } from '../catalog/catalog.routes.js';
import { searchRoutes } from '../search/search.routes.js';
import type { SearchService } from '../search/search.service.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import type { SegmentCache } from '../streaming/segment-cache.js';
import type { Viewer } from '../profiles/viewer.js';
import { canSeeItem } from '../catalog/catalog.dto.js';
import type { CreditsStore } from '../catalog/credits.store.js';
import type { MediaFileStore } from '../catalog/media-file.store.js';
import { parseInfoOf } from '../library/parse-info.js';
import { libraryRoutes } from '../library/library.routes.js';
import type { LibraryService } from '../library/library.service.js';
import type { Logger } from '../log.js';
import type { HlsService } from '../streaming/hls.service.js';
import { streamingRoutes } from '../streaming/streaming.routes.js';
import { apiNotFound, errorHandler } from './error-handler.js';
import { systemRoutes } from './system.routes.js';
import { jobsRoutes } from '../jobs/jobs.routes.js';
import type { JobStore } from '../jobs/job.store.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { settingsRoutes } from '../settings/settings.routes.js';
import type { TranscodeSettingsService } from '../settings/transcode-settings.js';
import { storageRoutes } from '../streaming/storage.routes.js';
import type { StorageService } from '../streaming/storage.service.js';
import type { Registry } from 'prom-client';
import { playbackRoutes } from '../playback/playback.routes.js';
import type { PlaybackService } from '../playback/playback.service.js';
import { metricsRoutes } from './metrics.routes.js';
import { toItemDto } from '../catalog/catalog.dto.js';
import { historyImportBody, historyRoutes } from '../history/history.routes.js';
import type { HistoryService } from '../history/history.service.js';
import { adminOnly, authenticate } from '../profiles/auth.js';
import { profilesRoutes } from '../profiles/profiles.routes.js';
import { pairingRoutes } from '../profiles/pairing.routes.js';
import type { PairingService } from '../profiles/pairing.js';
import type { ProfilesService } from '../profiles/profiles.service.js';
import { lanOnly } from '../discovery/lan-access.js';
import { lanRoutes } from '../discovery/lan.routes.js';
import type { LanService } from '../discovery/lan.service.js';
import { experimentsRoutes } from '../recommend/experiments/experiments.routes.js';
import { homeRoutes } from '../recommend/home.routes.js';
import type { HomeService } from '../recommend/home.service.js';
import type { ExperimentsService } from '../recommend/experiments/experiments.service.js';

export interface AppDeps {
  version: string;
  name: string;
  libraries: LibraryService;
  catalog: CatalogStore;
  files: MediaFileStore;
  credits: CreditsStore;
  /** search as you type (GET /api/search); without it search is not served */
  search?: SearchService;
  hls: HlsService;
  jobs: JobStore;
  runner: JobRunner;
  /** the admin's transcoding settings; without it /api/settings is not served */
  settings?: TranscodeSettingsService;
  /** the transcodes' disk space; without it /api/storage is not served. `touch`: a title's stream was served */
  storage?: Pick<StorageService, 'report' | 'touch' | 'quotaChanged'>;
  /** playback sessions, their QoE and resume points; without it /api/sessions, /api/qoe and resume are not served */
  playback?: PlaybackService;
  /** times segments per device; where its next session starts on the ladder */
  bandwidth?: BandwidthService;
  /** each profile's watch history: Continue watching, Next up, resume points, played marks, export and import */
  history?: HistoryService;
  /** segments sent from memory (bench/playback/load.ts); without it each is read from its file */
  segments?: SegmentCache;
  /** household profiles and sign-in; without it every request acts for the first admin (tests of other parts) */
  profiles?: ProfilesService;
  /** a TV shows a code, an admin approves it from a phone (needs profiles) */
  pairing?: PairingService;
  /** the LAN: network settings, URLs for phones, and only household clients served unless remote access is on */
  lan?: LanService;
  /** ranking experiments (admin) and shelf clicks; without it /api/experiments and /api/recommend/click are not served */
  experiments?: ExperimentsService;
  /** the home screen's shelves, taste picks and thumbs; without it /api/home and /api/recommend are not served */
  home?: HomeService;
  /** served at /metrics (Prometheus text format) when given */
  metrics?: Registry;
  concurrency: number;
  artworkDir: string;
  transcodesDir: string;
  /** the built web UI (dist/renderer); null serves the API alone */
  webRoot: string | null;
  log: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  // a title the viewer may not see cannot be played, nor a session of it started (an unknown one is the routes' 404)
  const canPlay = (viewer: Viewer, itemId: number) => {
    const item = deps.catalog.get(itemId);
    return item === null || canSeeItem(viewer, item, null, deps.catalog);
  };
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  // before anything else, the web UI included: a client outside the household gets only a 403
  if (deps.lan) app.use(lanOnly(deps.lan));
  // who is asking comes first: nobody's body is read before it is known (a 401 before a 413)
  if (deps.profiles) app.use('/api', authenticate(deps.profiles));
  // a whole watch history is far larger than the API's 64 kB: its import reads its own body (the next parser then finds it read)
  if (deps.history) app.use('/api/history/import', historyImportBody);
  app.use('/api', express.json({ limit: '64kb' }));
  app.use(
    '/api',
    systemRoutes({ version: deps.version, name: () => deps.lan?.customName() ?? deps.name, needsSetup: () => deps.libraries.list().length === 0 }),
    libraryRoutes(deps.libraries),
    catalogRoutes({
      catalog: deps.catalog,
      files: deps.files,
      credits: deps.credits,
      transcodeState: deps.hls.stateOf,
      parseInfo: (item, file) => parseInfoOf(file.path, deps.libraries.get(item.libraryId)),
      artworkRoots: () => [deps.artworkDir, ...deps.libraries.list().flatMap((l) => l.folders.map((f) => f.path))],
    }),
    ...(deps.search ? [searchRoutes(deps.search)] : []),
    streamingRoutes({
      hls: deps.hls,
      transcodesDir: deps.transcodesDir,
      libraryRoots: () => deps.libraries.list().flatMap((l) => l.folders.map((f) => f.path)),
      touch: (itemId) => deps.storage?.touch(itemId),
      bandwidth: deps.bandwidth,
      segments: deps.segments,
      canPlay,
    }),
    jobsRoutes({ jobs: deps.jobs, runner: deps.runner, concurrency: deps.concurrency, now: Date.now }),
    ...(deps.settings ? [settingsRoutes(deps.settings, { onChange: () => deps.storage?.quotaChanged() })] : []),
    ...(deps.storage ? [storageRoutes(deps.storage)] : []),
    ...(deps.playback ? [playbackRoutes(deps.playback, { canPlay })] : []),
    ...(deps.history
      ? [
          historyRoutes({
            history: deps.history,
            itemDto: (id) => {
              const item = deps.catalog.get(id);
              return item && toItemDto(item, { catalog: deps.catalog, files: deps.files, transcodeState: deps.hls.stateOf });
            },
          }),
        ]
      : []),
    ...(deps.profiles ? [profilesRoutes(deps.profiles)] : []),
    ...(deps.lan ? [lanRoutes(deps.lan)] : []),
    ...(deps.profiles && deps.pairing ? [pairingRoutes(deps.pairing)] : []),
    ...(deps.experiments ? [experimentsRoutes(deps.experiments)] : []),
    ...(deps.home ? [homeRoutes(deps.home)] : []),
  );
  app.use('/api', apiNotFound);
  if (deps.metrics) {
    // matched as Express matches routes (any case, a trailing slash)
    if (deps.profiles) app.use('/metrics', adminOnly(deps.profiles));
    app.use(metricsRoutes(deps.metrics));
  }
  if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
    const index = join(deps.webRoot, 'index.html');
    // the install path itself may hold dot folders (~/.local/…); the UI bundle has no dotfiles of its own
    app.use(express.static(deps.webRoot, { index: false, maxAge: '1h', dotfiles: 'allow' }));
    // client-side routes all load the app shell
    app.get('/{*path}', (_req, res) => res.set('Cache-Control', 'no-cache').sendFile(index, { dotfiles: 'allow' }));
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The web UI is not built. Run `npm run build` (npm start does it for you).');
    });
  }
  app.use(errorHandler(deps.log));
  return app;
}
