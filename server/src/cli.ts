import { existsSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { delimiter, join } from 'node:path';
import { Command, Option } from 'commander';
import { createProbe, createRunFfmpeg, hardwareEncoderLines, inspectFfmpeg, toolVersion, type Rung, type X264Preset } from '../../transcoder/src/index.js';
import { CONFIG_FILE, ConfigError, configFromEnv, DEFAULT_PORT, readConfigFile, resolveConfig, type Config, type ConfigInput } from './config/config.js';
import { defaultDataDir } from './config/data-dir.js';
import { openDatabase, SchemaTooNewError } from './db/open.js';
import { addProfileCommands } from './profiles/profiles.command.js';
import { addRecsCommands } from './recommend/recs.command.js';
import { createTranscodeSettings } from './settings/transcode-settings.js';
import { AppError } from './errors.js';
import { parseLine } from './library/parse-command.js';
import { parsePath } from './library/parse-path.js';
import type { LibraryKind } from './library/library.types.js';
import { checkLibraryFolder } from './library/library.service.js';
import { createLogger } from './log.js';
import { createSeed, locateTools, startSeed, StartupError, defaultConcurrency } from './main.js';
import { packageVersion } from './paths.js';
import { runTranscode } from './transcode-command.js';

// The CLI writes its own lines to stdout/stderr: it is an entry file, the one place for that.
const out = (line = '') => process.stdout.write(`${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(1);
};

interface CommonFlags {
  data?: string;
  port?: string;
  host?: string;
  library?: string[];
  discovery?: boolean;
  logLevel?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Flags the user actually typed, as config keys; commander's defaults must not override the file. */
function flagLayer(cmd: Command, flags: CommonFlags): ConfigInput {
  const given = (name: string) => cmd.getOptionValueSource(name) === 'cli';
  const layer: ConfigInput = {};
  if (given('port')) layer.port = flags.port;
  if (given('host')) layer.host = flags.host;
  if (given('library')) layer.libraries = flags.library;
  if (given('discovery')) layer.discovery = flags.discovery;
  if (given('logLevel')) layer.logLevel = flags.logLevel;
  return layer;
}

function loadConfig(cmd: Command, flags: CommonFlags): Config {
  const dataDir = flags.data ?? process.env.SEED_DATA ?? defaultDataDir();
  return resolveConfig(dataDir, { file: readConfigFile(dataDir), env: configFromEnv(process.env, delimiter), flags: flagLayer(cmd, flags) });
}

type ParentMessage = { type?: unknown };
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: ParentMessage }) => void): void;
}

/**
 * The desktop app runs the server as a child (Electron's utility process, or a Node fork):
 * it learns the URL from `seed:listening` and asks for a graceful stop with `seed:shutdown`.
 */
function connectToParent(url: string, stop: (why: string) => void): void {
  const message = { type: 'seed:listening', url };
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    parentPort.on('message', (event) => {
      if (event?.data?.type === 'seed:shutdown') stop('seed:shutdown');
    });
    parentPort.postMessage(message);
  } else if (process.send) {
    process.on('message', (m: ParentMessage) => {
      if (m?.type === 'seed:shutdown') stop('seed:shutdown');
    });
    process.send(message);
  }
}

async function serve(this: Command, flags: CommonFlags): Promise<void> {
  const config = loadConfig(this, flags);
  // before the logger, which creates <data>/logs: nothing is written when a library folder is wrong
  for (const path of config.libraries) await checkLibraryFolder(path, 'library');
  const log = createLogger({ level: config.logLevel, dataDir: config.dataDir });
  const running = await startSeed(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  out(`Seed is running at ${running.url}`);
  if (!running.hasLibraries()) {
    out(`No library yet: open ${running.url} to add your video folder, or restart with --library DIR.`);
  }
  connectToParent(running.url, stop);
}

async function scan(this: Command, dir: string, flags: CommonFlags): Promise<void> {
  const config = loadConfig(this, flags);
  await checkLibraryFolder(dir, 'DIR');
  const log = createLogger({ level: flags.logLevel ?? 'warn', dataDir: config.dataDir });
  const seed = createSeed(config, log);
  try {
    const library = await seed.libraries.ensure(dir, { scanNow: false });
    const summary = await seed.libraries.scan(library.id);
    out(`Scanned ${library.folders.map((f) => f.path).join(', ')} (library ${library.id}, ${library.name}) in ${summary.ms} ms`);
    out(`  ${summary.found} video files: ${summary.added} added, ${summary.updated} updated, ${summary.moved} moved, ${summary.removed} removed, ${summary.skipped.length} skipped`);
    for (const folder of summary.offlineFolders) out(`  offline: ${folder} cannot be reached; its titles are kept`);
    for (const s of summary.skipped) out(`  skipped ${s.path}: ${s.reason}`);
    const pad = (n: number | null) => String(n ?? 0).padStart(2, '0');
    for (const item of seed.catalog.listPlayable().filter((i) => i.libraryId === library.id)) {
      const series = item.seriesId !== null ? seed.catalog.getSeries(item.seriesId) : null;
      const label = item.kind === 'episode' ? `${series?.title} S${pad(item.season)}E${pad(item.episode)} ${item.title}` : `${item.title}${item.year ? ` (${item.year})` : ''}`;
      const files = seed.files.ofItem(item.id);
      const first = files[0];
      out(`  ${item.kind.padEnd(7)} ${label}  [${Math.round(item.durationMs / 1000)} s, ${first?.width}x${first?.height}${files.length > 1 ? `, ${files.length} files` : ''}]`);
    }
  } finally {
    await seed.shutdown();
  }
}

async function doctor(this: Command, flags: CommonFlags): Promise<void> {
  const config = loadConfig(this, flags);
  out(`Seed ${packageVersion()} on Node.js ${process.version} (${process.platform}-${process.arch})`);
  out(`data folder:  ${config.dataDir}  (config file: ${CONFIG_FILE} there)`);
  out(`listen:       ${config.host}:${config.port}${config.port === DEFAULT_PORT ? ' (default port)' : ''}`);
  out(`libraries:    ${config.libraries.length > 0 ? config.libraries.join(', ') : '(none configured; added ones live in the database)'}`);
  out(`discovery:    ${config.discovery ? 'on' : 'off'}`);
  out(`transcodes:   ${config.transcodeConcurrency || defaultConcurrency()} at once, ${config.segmentSeconds} s segments`);
  let problems = 0;
  try {
    const tools = locateTools(config);
    for (const [name, tool] of [['ffmpeg', tools.ffmpeg], ['ffprobe', tools.ffprobe]] as const) out(`${name.padEnd(13)} ${tool.path} (${tool.source}), version ${await toolVersion(tool.path)}`);
    if (tools.fastProbe) out(`scan probe:   ${tools.fastProbe.path}, version ${await toolVersion(tools.fastProbe.path)} (static: starts faster; tried first when scanning, ffprobe above answers what it cannot read)`);
    const report = await inspectFfmpeg(tools.ffmpeg.path);
    out(`H.264 encoders: ${report.h264Encoders.join(', ') || 'none'}${report.h264Encoders.includes('libx264') ? '' : '  <- libx264 is needed'}`);
    out(`hardware acceleration: ${report.hwaccels.join(', ') || 'none'}`);
    for (const line of hardwareEncoderLines(report.hardwareEncoders)) out(line);
    if (!report.h264Encoders.includes('libx264')) problems++;
  } catch (err) {
    problems++;
    out(`ffmpeg:       PROBLEM: ${(err as Error).message}`);
  }
  out(problems === 0 ? 'All good.' : `${problems} problem(s) found.`);
  if (problems > 0) process.exitCode = 1;
}

interface TranscodeFlags extends CommonFlags {
  out: string;
  rungs?: string;
  segmentSeconds?: string;
  force?: boolean;
}

/** The transcoding settings of an existing data folder (read while the server may run: WAL); none when there is none. */
function transcodeSettingsIn(dataDir: string): { ladder?: Rung[]; preset?: X264Preset } {
  const file = join(dataDir, 'seed.db');
  if (!existsSync(file)) return {};
  const db = openDatabase(file);
  try {
    const settings = createTranscodeSettings(db, createLogger({ level: 'silent', dataDir: null }));
    return { ladder: settings.ladder(), preset: settings.preset() };
  } finally {
    db.close();
  }
}

async function transcode(this: Command, source: string, flags: TranscodeFlags): Promise<void> {
  const config = loadConfig(this, flags);
  const tools = locateTools(config);
  const controller = new AbortController();
  // Ctrl-C stops ffmpeg and removes the partial output; a second one leaves at once
  const interrupt = () => (controller.signal.aborted ? process.exit(130) : controller.abort(new Error('interrupted')));
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    process.exitCode = await runTranscode(
      {
        source,
        outDir: flags.out,
        rungs: flags.rungs?.split(','),
        segmentSeconds: flags.segmentSeconds === undefined ? config.segmentSeconds : Number(flags.segmentSeconds),
        force: flags.force === true,
        // the admin's ladder and preset, read from the data folder when the server has one
        ...transcodeSettingsIn(config.dataDir),
      },
      {
        // the reference ffprobe, as QC uses: never the fast scan probe
        probe: createProbe(tools.ffprobe.path),
        ffprobePath: tools.ffprobe.path,
        runFfmpeg: createRunFfmpeg(tools.ffmpeg.path),
        stdout: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
        stderr: { write: (text) => process.stderr.write(text) },
        now: Date.now,
        signal: controller.signal,
      },
    );
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

export function buildCli(): Command {
  const program = new Command('seed')
    .description('Seed: Netflix in a box for one household')
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  const dataOption = () => new Option('--data <dir>', 'data folder (default: the platform data folder, or SEED_DATA)');
  const logOption = () => new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent');

  program
    .command('serve', { isDefault: false })
    .description('run the server')
    .addOption(dataOption())
    .option('--port <port>', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--host <host>', 'address to listen on (default 0.0.0.0: every interface)')
    .option('--library <dir>', 'a folder of videos to serve (repeatable)', collect)
    .option('--no-discovery', 'do not announce the server on the local network')
    .addOption(logOption())
    .action(serve);

  program.command('scan').description('scan a folder into the library once and print what was found').argument('<dir>', 'folder of videos').addOption(dataOption()).addOption(logOption()).action(scan);

  program
    .command('parse')
    .description('show how file names are recognised: one JSON object per path')
    .argument('<paths...>', 'file paths (they need not exist)')
    .addOption(new Option('--kind <kind>', 'library kind').choices(['movies', 'shows', 'mixed']).default('mixed'))
    .option('--root <dir>', 'the library folder the paths are in')
    .action((paths: string[], flags: { kind: LibraryKind; root?: string }) => {
      for (const path of paths) out(parseLine(parsePath(path, { kind: flags.kind, root: flags.root })));
    });

  program
    .command('transcode')
    .description('encode one file into the HLS ladder the server would make, with its quality check; exits non-zero with the reason when it fails')
    .argument('<source>', 'the video file')
    .requiredOption('--out <dir>', 'folder for master.m3u8 and one folder per rung (made if missing; must be empty unless --force)')
    .option('--rungs <names>', 'only these rungs, comma-separated (240p,720p); default: every rung up to the source size')
    .option('--segment-seconds <n>', 'segment length (default: the segmentSeconds setting, 4)')
    .option('--force', 'replace what the --out folder holds, once the new rendition is complete')
    .addOption(dataOption())
    .action(transcode);

  program.command('doctor').description('print what Seed found: ffmpeg, encoders, hardware acceleration, paths').addOption(dataOption()).option('--port <port>', 'port to report').action(doctor);
  addProfileCommands(program, dataOption, { dataDir: (cmd) => cmd.opts<{ data?: string }>().data ?? process.env.SEED_DATA ?? defaultDataDir(), out });
  addRecsCommands(program, {
    out,
    // bad input to the evaluation exits 2, so scripts can tell it from a failed run
    fail: (message) => {
      process.stderr.write(`seed recs: ${message}\n`);
      process.exit(2);
    },
  });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError || err instanceof SchemaTooNewError || err instanceof AppError) fail(err.message);
    throw err;
  }
}

// Run directly (`tsx server/src/cli.ts`, or Electron's utility process forking dist/server/src/cli.js)
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main(process.argv);
