import { mkdirSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import {
  createProbe,
  createRunFfmpeg,
  inspectHardwareEncoders,
  locateFastProbe,
  locateTool,
  type LocatedTool,
} from '../../transcoder/src/index.js';
import { createCatalogStore } from './catalog/catalog.store.js';
import { createCreditsStore } from './catalog/credits.store.js';
import { createSearchService } from './search/search.service.js';
import { createSearchStore } from './search/search.store.js';
import { createMediaFileStore } from './catalog/media-file.store.js';
import { createEnricher } from './library/enrich.js';
import { createLibraryWatcher, type LibraryWatcher } from './library/watcher.js';
import { previewsHandler } from './library/previews.js';
import { PRIORITY } from './jobs/job.types.js';
import type { Config } from './config/config.js';
import { openDatabase, type Db } from './db/open.js';
import { createApp } from './http/app.js';
import { createBandwidthService } from './playback/bandwidth.service.js';
import { createProfilesService } from './profiles/profiles.service.js';
import { createPairingService } from './profiles/pairing.js';
import { createSegmentCache, defaultSegmentCacheBytes } from './streaming/segment-cache.js';
import { createProfilesStore } from './profiles/profiles.store.js';
import { createBandwidthStore } from './playback/bandwidth.store.js';
import { createJobRunner, type JobHandler } from './jobs/job-runner.js';
import { createJobStore } from './jobs/job.store.js';
import { checkLibraryFolder, createLibraryService } from './library/library.service.js';
import { createLibraryStore } from './library/library.store.js';
import type { Logger } from './log.js';
import { defaultWebRoot, packageVersion } from './paths.js';
import { createHlsService } from './streaming/hls.service.js';
import { streamSecret } from './streaming/stream-secret.js';
import { createStreamTokens } from './streaming/stream-token.js';
import { createSettingsStore } from './settings/settings.store.js';
import { createLiveService } from './streaming/live.service.js';
import { createRenditionStore } from './streaming/rendition.store.js';
import { createServedStore } from './streaming/served.store.js';
import { createStorageService } from './streaming/storage.service.js';
import { createTranscodeSettings } from './settings/transcode-settings.js';
import { createPlaybackMetrics } from './playback/playback.metrics.js';
import { createPlaybackService } from './playback/playback.service.js';
import { createPlaybackStore } from './playback/playback.store.js';
import { createHistoryService } from './history/history.service.js';
import { createHistoryStore } from './history/history.store.js';
import { createExperimentsService } from './recommend/experiments/experiments.service.js';
import { createHomeService } from './recommend/home.service.js';
import { workerRefit } from './recommend/refit.js';
import { createRecsStore } from './recommend/recs.store.js';
import { titleCardsOf } from './catalog/catalog.dto.js';
import { createExperimentsStore } from './recommend/experiments/experiments.store.js';
import { createLanService } from './discovery/lan.service.js';
import { createNetworkSettings } from './discovery/network-settings.js';

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RunningSeed {
  url: string;
  port: number;
  db: Db;
  hasLibraries(): boolean;
  /** Stops HTTP, scans and ffmpeg children, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface Tools {
  ffmpeg: LocatedTool;
  ffprobe: LocatedTool;
  /** a faster ffprobe tried first when scanning (null when ffprobePath is configured or none runs) */
  fastProbe: LocatedTool | null;
}

/** Finds ffmpeg and ffprobe as DESIGN.md says, or explains what to do. */
export function locateTools(config: Pick<Config, 'ffmpegPath' | 'ffprobePath'>): Tools {
  const ffmpeg = locateTool('ffmpeg', config.ffmpegPath);
  const ffprobe = locateTool('ffprobe', config.ffprobePath);
  const missing = [!ffmpeg && ['ffmpeg', config.ffmpegPath, 'ffmpegPath'], !ffprobe && ['ffprobe', config.ffprobePath, 'ffprobePath']].filter(Boolean) as [string, string | null, string][];
  if (missing.length > 0) {
    throw new StartupError(
      missing
        .map(([name, configured, key]) =>
          configured ? `${name} at "${configured}" (setting ${key}) does not run` : `${name} not found: install it (apt-get install ffmpeg) or set ${key}`,
        )
        .join('; '),
    );
  }
  const fast = config.ffprobePath ? null : locateFastProbe();
  return { ffmpeg: ffmpeg!, ffprobe: ffprobe!, fastProbe: fast && fast.path !== ffprobe!.path ? fast : null };
}

export const defaultConcurrency = (cores = cpus().length) => Math.max(1, Math.floor(cores / 2));

/** Everything the server is made of, wired; no sockets yet. Used by `seed serve` and `seed scan`. */
export function createSeed(config: Config, log: Logger, opts: { tools?: Tools; now?: () => number; stabilityMs?: number } = {}) {
  const now = opts.now ?? Date.now;
  const tools = opts.tools ?? locateTools(config);
  const transcodesDir = join(config.dataDir, 'transcodes');
  const artworkDir = join(config.dataDir, 'artwork');
  for (const dir of [config.dataDir, transcodesDir, artworkDir]) mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(config.dataDir, 'seed.db'));
  const catalog = createCatalogStore(db);
  const files = createMediaFileStore(db);
  const credits = createCreditsStore(db);
  // the typo vocabulary is rebuilt at most every 10 s while a scan changes the catalogue
  const searchStore = createSearchStore(db);
  const search = createSearchService({ store: searchStore, now, vocabularyMaxAgeMs: 10_000 });
  const libraryStore = createLibraryStore(db);
  const jobs = createJobStore(db);
  const renditions = createRenditionStore(db);
  const settings = createTranscodeSettings(db, log.child({ mod: 'settings' }), { detectHardware: () => inspectHardwareEncoders(tools.ffmpeg.path) });
  const runFfmpeg = createRunFfmpeg(tools.ffmpeg.path);
  const probe = createProbe(tools.ffprobe.path, { fastPath: tools.fastProbe?.path });

  let poke = () => {};
  const live = createLiveService({ liveDir: join(transcodesDir, '.live'), runFfmpeg, segmentSeconds: config.segmentSeconds, preset: () => settings.preset(), videoEncoder: () => settings.videoEncoder(), log: log.child({ mod: 'live' }), now });
  const hls = createHlsService({ catalog, files, jobs, renditions, runFfmpeg, probe: createProbe(tools.ffprobe.path) /* QC reads .ts segments: never the fast scan probe */, ffprobePath: tools.ffprobe.path, transcodesDir, segmentSeconds: config.segmentSeconds, poke: () => poke(), now, live, ladder: () => settings.ladder(), preset: () => settings.preset(), videoEncoder: () => settings.videoEncoder(), tokens: createStreamTokens({ secret: () => streamSecret(createSettingsStore(db)), now }), log: log.child({ mod: 'hls' }) });
  const concurrency = config.transcodeConcurrency || defaultConcurrency();
  const measured = (handler: JobHandler): JobHandler => async (job, ctx) => {
    try {
      return await handler(job, ctx);
    } finally {
      storage.afterJob(job.itemId);
    }
  };
  const runner = createJobRunner({
    jobs,
    // the transcodes' size is measured again after every job that writes them
    handlers: { hls: measured(hls.handler), headstart: measured(hls.headStartHandler), remux: measured(hls.remuxHandler), previews: previewsHandler({ catalog, files, runFfmpeg, artworkDir }) },
    concurrency,
    log: log.child({ mod: 'jobs' }),
    now,
    disk: { path: transcodesDir },
  });
  poke = runner.poke;
  const storage = createStorageService({
    transcodesDir,
    renditions,
    served: createServedStore(db),
    catalog,
    quotaBytes: (disk) => settings.quotaBytes(disk),
    // in progress: a job making the title's files, or a just-in-time run of it
    inProgress: () => [...jobs.list().filter((j) => j.status === 'running').map((j) => j.itemId), ...live.sessions().map((s) => s.itemId)],
    queueHeadStart: (itemId) => hls.queueHeadStart(itemId), // its ladder is gone: the first seconds are made again
    log: log.child({ mod: 'storage' }),
    now,
  });

  const libraryLog = log.child({ mod: 'library' });
  const enrich = createEnricher({
    catalog,
    files,
    credits,
    runFfmpeg,
    artworkDir,
    onItemChanged: (itemId) => {
      hls.queueLadder(itemId);
      jobs.enqueue('previews', itemId, PRIORITY.batch, now(), true);
    },
    concurrency: Math.max(2, cpus().length),
    now,
    log: libraryLog,
  });
  const libraries = createLibraryService({
    libraries: libraryStore,
    catalog,
    files,
    probe,
    afterScan: async (summary, signal) => {
      await enrich(summary, signal);
      // the home screen's rankers learn the new titles now, not when someone next opens it
      home.catalogChanged();
    },
    // ffprobe runs are short and partly wait on loading their libraries: twice the cores keeps them busy (bench/scan)
    probeConcurrency: Math.max(2, cpus().length * 2),
    stabilityMs: opts.stabilityMs ?? 2000,
    onFoldersChanged: () => watcher?.sync(libraryStore.allFolders()),
    now,
    log: libraryLog,
  });

  // the gauge of active sessions asks the service at each scrape
  const metrics = createPlaybackMetrics({ activeSessions: () => playback.activeCounts() });
  const experiments = createExperimentsService({ store: createExperimentsStore(db), now });
  // a play start, minutes watched and a finish count as outcomes of the shelves' experiments (an
  // episode's for its series' card too: shelves show series, keyed by the id negated) and bring the next refit sooner
  const history = createHistoryService({
    store: createHistoryStore(db),
    now,
    onOutcome: ({ profileId, itemId, kind, value }) => {
      home.changed();
      experiments.recordOutcome(profileId, { itemId, kind, value });
      const seriesId = catalog.get(itemId)?.seriesId ?? null;
      if (seriesId !== null) experiments.recordOutcome(profileId, { itemId: -seriesId, kind, value });
    },
  });
  const playback = createPlaybackService({ store: createPlaybackStore(db), now, metrics, history });
  const bandwidth = createBandwidthService({ store: createBandwidthStore(db), now });
  const profiles = createProfilesService({ store: createProfilesStore(db), now });
  // announced on the LAN only once startSeed() listens, and never when config.discovery is off
  const lanLog = log.child({ mod: 'lan' });
  const lan = createLanService({
    settings: createNetworkSettings(createSettingsStore(db), { hostname: hostname(), log: lanLog }),
    version: packageVersion(),
    signInNeeded: () => profiles.signInNeeded(),
    networkInterfaces,
    hostname: hostname(),
    discovery: config.discovery,
    log: lanLog,
  });
  const pairing = createPairingService({ profiles, now });
  // the rankers are fitted in a worker thread over their own connection (startSeed() starts the first fit)
  const refitter = workerRefit(join(config.dataDir, 'seed.db'));
  const home = createHomeService({
    store: createRecsStore(db),
    refit: refitter.refit,
    watching: (viewer) => [
      ...history.continueWatching(viewer, 20).map((e) => ({ itemId: e.itemId, seriesId: catalog.get(e.itemId)?.seriesId ?? null })),
      ...history.nextUp(viewer, 20).map((e) => ({ itemId: e.itemId, seriesId: e.seriesId })),
    ],
    cards: (viewer, titles) => titleCardsOf({ catalog, files }, viewer, titles),
    profileName: (id) => profiles.get(id).name,
    catalogGeneration: () => searchStore.generation(),
    experiments,
    now,
    log: log.child({ mod: 'recommend' }),
  });
  const segments = createSegmentCache({ maxBytes: defaultSegmentCacheBytes() });

  let watcher: LibraryWatcher | null = null;
  let rescanTimer: NodeJS.Timeout | null = null;

  return {
    db,
    tools,
    catalog,
    jobs,
    hls,
    runner,
    concurrency,
    settings,
    storage,
    libraries,
    files,
    credits,
    search,
    playback,
    history,
    experiments,
    home,
    bandwidth,
    profiles,
    lan,
    pairing,
    segments,
    metrics,
    transcodesDir,
    artworkDir,
    /** Live watching and the periodic safety rescan (not for one-off `seed scan`). */
    startWatching(): void {
      if (config.watch) {
        watcher = createLibraryWatcher({ onChange: (id) => void libraries.scan(id).catch(() => undefined), debounceMs: 300, log: libraryLog });
        watcher.sync(libraryStore.allFolders());
      }
      if (config.rescanIntervalMinutes > 0) rescanTimer = setInterval(() => libraries.scanAll(), config.rescanIntervalMinutes * 60_000).unref();
    },
    /** Call after libraries or their folders changed. */
    syncWatcher: () => watcher?.sync(libraryStore.allFolders()),
    /** Interrupted transcodes go back in the queue; their scratch folders are removed. */
    async recover(): Promise<void> {
      // the scratch first: after a full disk stopped Seed, it is what frees the space the database needs to write
      await rm(join(transcodesDir, '.tmp'), { recursive: true, force: true });
      const requeued = jobs.recoverInterrupted();
      if (requeued > 0) log.info({ requeued }, 'interrupted transcodes queued again');
      // just-in-time segments of titles that are gone, or whose whole ladder is made, are not needed any more
      const liveDir = join(transcodesDir, '.live');
      const stale = (await readdir(liveDir).catch(() => [] as string[])).filter((name) => {
        const id = Number(name);
        return /^\d+$/.test(name) && (!catalog.get(id) || renditions.get(id) !== null);
      });
      for (const name of stale) await rm(join(liveDir, name), { recursive: true, force: true });
      if (stale.length > 0) log.info({ titles: stale.length }, 'just-in-time segments no longer needed removed');
      const forgotten = playback.forgetOld();
      if (forgotten > 0) log.info({ sessions: forgotten }, 'playback sessions older than 90 days forgotten');
    },
    async shutdown(): Promise<void> {
      if (rescanTimer) clearInterval(rescanTimer);
      await watcher?.close();
      await libraries.stop();
      await runner.stop();
      await live.stop();
      await storage.stop();
      await refitter.close();
      db.close();
    },
  };
}

/** The HTTP app over a wired Seed: the one place its parts are handed to the routes. */
export function createSeedApp(seed: ReturnType<typeof createSeed>, opts: { name: string; webRoot: string | null; log: Logger }) {
  return createApp({
    version: packageVersion(),
    name: opts.name,
    libraries: seed.libraries,
    catalog: seed.catalog,
    files: seed.files,
    credits: seed.credits,
    search: seed.search,
    hls: seed.hls,
    jobs: seed.jobs,
    runner: seed.runner,
    concurrency: seed.concurrency,
    settings: seed.settings,
    storage: seed.storage,
    playback: seed.playback,
    history: seed.history,
    experiments: seed.experiments,
    home: seed.home,
    bandwidth: seed.bandwidth,
    profiles: seed.profiles,
    lan: seed.lan,
    pairing: seed.pairing,
    segments: seed.segments,
    metrics: seed.metrics.registry,
    artworkDir: seed.artworkDir,
    transcodesDir: seed.transcodesDir,
    webRoot: opts.webRoot,
    log: opts.log,
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError(`port ${port} is already in use on ${host}; choose another with --port (or SEED_PORT)`));
      else if (err.code === 'EACCES') reject(new StartupError(`not allowed to listen on port ${port}; choose a port above 1023 with --port`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new StartupError(`cannot listen on host ${host}; check --host`));
      else reject(err);
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The URL to print: a wildcard host is reached through loopback on this machine. */
export function displayUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** `seed serve`: checks library folders first (nothing is written when one is wrong), then serves. */
export async function startSeed(config: Config, log: Logger, opts: { webRoot?: string | null; tools?: Tools; now?: () => number; stabilityMs?: number } = {}): Promise<RunningSeed> {
  for (const path of config.libraries) await checkLibraryFolder(path, 'library').catch((err: Error) => {
    throw new StartupError(err.message);
  });
  const tools = opts.tools ?? locateTools(config);
  const seed = createSeed(config, log, { ...opts, tools });
  let server: Server | null = null;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await seed.lan.stop(); // goodbye on the LAN before the server stops answering
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
      await seed.shutdown();
      log.info('stopped');
    })());
  try {
    await seed.recover();
    seed.storage.start(); // measures the transcodes, and evicts when over quota, in the background
    for (const path of config.libraries) await seed.libraries.ensure(path, { scanNow: false }); // scanAll() below scans them
    const app = createSeedApp(seed, {
      name: seed.lan.defaultName(),
      webRoot: opts.webRoot === undefined ? defaultWebRoot() : opts.webRoot,
      log: log.child({ mod: 'http' }),
    });
    server = createServer(app);
    const port = await listen(server, config.port, config.host);
    const url = displayUrl(config.host, port);
    log.info({ url, dataDir: config.dataDir, ffmpeg: seed.tools.ffmpeg.path }, 'listening');
    seed.libraries.scanAll();
    seed.startWatching();
    void seed.home.warm();
    seed.runner.poke();
    await seed.lan.start({ port, host: config.host });
    return { url, port, db: seed.db, hasLibraries: () => seed.libraries.list().length > 0, close };
  } catch (err) {
    await close();
    throw err;
  }
}
