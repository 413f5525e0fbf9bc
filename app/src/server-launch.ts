import { join } from 'node:path';

/**
 * How the shell starts the server and understands what it says. All pure: the paths and env come
 * in as arguments from main.ts.
 */

/** Relative to the app root (`app.getAppPath()`), which in a packaged app is `resources/app.asar`. */
export const SERVER_ENTRY = ['dist', 'server', 'src', 'cli.js'] as const;

export interface ServerLaunchInput {
  appPath: string;
  /** `app.getPath('userData')`; the server's data folder lives inside it. */
  userDataPath: string;
  parentEnv: Readonly<Record<string, string | undefined>>;
  isPackaged: boolean;
}

export interface ServerLaunch {
  modulePath: string;
  args: string[];
  env: Record<string, string>;
}

export function serverLaunch(input: ServerLaunchInput): ServerLaunch {
  return {
    modulePath: join(input.appPath, ...SERVER_ENTRY),
    args: serverArgs({ dataDir: serverDataDir(input.userDataPath), discovery: true }),
    env: serverEnv(input.parentEnv, { isPackaged: input.isPackaged }),
  };
}

export const serverDataDir = (userDataPath: string): string => join(userDataPath, 'data');

export function serverArgs(options: { dataDir: string; discovery: boolean }): string[] {
  return ['serve', '--data', options.dataDir, ...(options.discovery ? [] : ['--no-discovery'])];
}

/**
 * Variables the server (and the ffmpeg it spawns) may need from the user's environment. The rest
 * (ELECTRON_*, NODE_OPTIONS, tokens in the user's shell) stays out of the child.
 */
const PASSED_ENV = new Set([
  'PATH', // finds the system's ffmpeg/ffprobe (DESIGN.md: system before bundled)
  'HOME', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA',
  'TMPDIR', 'TMP', 'TEMP',
  'LANG', 'LC_ALL', 'TZ',
  'SYSTEMROOT', // Windows sockets fail to initialise without it
  // hardware decoding/encoding drivers for ffmpeg (VAAPI on Linux)
  'LIBVA_DRIVER_NAME', 'LIBVA_DRIVERS_PATH',
]);

export function serverEnv(
  parentEnv: Readonly<Record<string, string | undefined>>,
  options: { isPackaged: boolean },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined) continue;
    // Windows variable names are case-insensitive (`Path`, `SystemRoot`); keep the original key.
    const upper = name.toUpperCase();
    if (PASSED_ENV.has(upper) || upper.startsWith('SEED_')) env[name] = value;
  }
  if (options.isPackaged) env.NODE_ENV = 'production';
  return env;
}

/** Sent by the server once its HTTP listener is up (the server's `process.parentPort`). */
export interface ServerListening {
  type: 'seed:listening';
  url: string;
  origin: string;
}

/** Sent to the server to ask for a graceful shutdown (close HTTP, finish the SQLite write, exit 0). */
export const SHUTDOWN_MESSAGE = { type: 'seed:shutdown' } as const;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Validates a message from the server child. The window gets `window.desktop`, so it may only
 * ever load the local server: a listening URL must be http(s) on a loopback host.
 */
export function parseServerMessage(message: unknown): ServerListening | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, url } = message as { type?: unknown; url?: unknown };
  if (type !== 'seed:listening' || typeof url !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!LOOPBACK_HOSTS.has(parsed.hostname) || parsed.username !== '' || parsed.password !== '') return null;
  return { type, url: parsed.href, origin: parsed.origin };
}
