import {
  createChildProcess,
  type ChildFailure,
  type ForkChild,
  type RestartPolicy,
} from './child-process.js';
import type { Log } from './log.js';
import { parseServerMessage, SHUTDOWN_MESSAGE, type ServerLaunch, type ServerListening } from './server-launch.js';

/**
 * The app's lifecycle without Electron: start the server child, wait until it listens, open the
 * window on its URL, keep running in the tray when the window closes, stop the child on quit.
 * main.ts maps Electron events onto these methods and Electron objects onto `ShellUi`.
 */

export interface ShellWindow {
  /** Restore if minimised, show and focus. */
  focus(): void;
  load(url: string): void;
  onClosed(listener: () => void): void;
}

export interface TrayActions {
  open(): void;
  /** "Phones and TVs…": the window on the page with the server's LAN addresses and their QR codes */
  phones(): void;
  quit(): void;
}

/** The web UI's page with the LAN addresses and their QR codes (renderer: #/admin/network). */
const PHONES_PAGE = '#/admin/network';

export interface ShellUi {
  openWindow(url: string): ShellWindow;
  createTray(actions: TrayActions): void;
  /** Resolves when the user has dismissed it. */
  showError(title: string, message: string): Promise<void>;
}

export interface ShellConfig {
  server: ServerLaunch;
  restart: RestartPolicy;
  /** From each (re)start until the server reports `seed:listening`. */
  listenTimeoutMs: number;
  stopGraceMs: number;
  killWaitMs: number;
  /** Where the user can read details; named in error dialogs. */
  logFile: string;
}

export interface ShellDeps {
  forkServer: ForkChild;
  ui: ShellUi;
  /** Asks the app to quit (`app.quit()`); the shell answers through beforeQuit(). */
  quit: () => void;
  log: Log;
  now: () => number;
}

export interface Shell {
  /** Call once the app is ready: creates the tray and starts the server. */
  start(): void;
  /** Second launch, dock click or tray "Open Seed": focus the window, or open it once the server listens. */
  showWindow(): void;
  /** From `before-quit`: 'wait' means prevent this quit; the shell quits again once the server stopped. */
  beforeQuit(): 'proceed' | 'wait';
  /** The origin the window may use, or null until the server has reported it. */
  serverOrigin(): string | null;
}

export const DEFAULT_SHELL_TIMING = {
  restart: { firstDelayMs: 1_000, maxDelayMs: 16_000, maxRestarts: 5, windowMs: 60_000 },
  // first start may run migrations on a large catalog
  listenTimeoutMs: 60_000,
  stopGraceMs: 5_000,
  killWaitMs: 3_000,
} as const satisfies Omit<ShellConfig, 'server' | 'logFile'>;

type Phase = 'running' | 'failed' | 'stopping' | 'stopped';

export function createShell(config: ShellConfig, deps: ShellDeps): Shell {
  const log = deps.log.child({ mod: 'shell' });
  let phase: Phase = 'running';
  let listening: ServerListening | null = null;
  let window: ShellWindow | null = null;
  let windowWanted = true; // the first time the server listens, the window opens by itself
  let pendingPage: string | null = null; // a page asked for before the server listened
  let listenTimer: ReturnType<typeof setTimeout> | null = null;

  const server = createChildProcess(
    {
      name: 'server',
      ...config.server,
      restart: config.restart,
      shutdownMessage: SHUTDOWN_MESSAGE,
      stopGraceMs: config.stopGraceMs,
      killWaitMs: config.killWaitMs,
    },
    { fork: deps.forkServer, log: deps.log, now: deps.now },
    {
      started: () => {
        clearListenTimer();
        listenTimer = setTimeout(onListenTimeout, config.listenTimeoutMs);
      },
      message: onServerMessage,
      failed: onServerFailed,
    },
  );

  function clearListenTimer(): void {
    if (listenTimer) clearTimeout(listenTimer);
    listenTimer = null;
  }

  function onServerMessage(message: unknown): void {
    const parsed = parseServerMessage(message);
    if (!parsed) {
      log.warn({ message }, 'unknown message from the server ignored');
      return;
    }
    if (phase !== 'running') return;
    clearListenTimer();
    const moved = listening !== null && listening.url !== parsed.url;
    listening = parsed;
    log.info({ url: parsed.url }, 'server listening');
    if (window && moved) window.load(parsed.url);
    else if (!window && windowWanted) {
      openWindow(pendingPage ? new URL(pendingPage, parsed.url).href : parsed.url);
      pendingPage = null;
    }
  }

  function onListenTimeout(): void {
    listenTimer = null;
    const seconds = Math.round(config.listenTimeoutMs / 1000);
    log.error({ timeoutMs: config.listenTimeoutMs }, 'server did not report listening');
    void fail("Seed's server did not start", `It did not report ready within ${seconds} seconds.\n\nThe log is in ${config.logFile}.`);
  }

  function onServerFailed(failure: ChildFailure): void {
    const output = failure.stderrTail === '' ? '' : `\n\nLast output:\n${failure.stderrTail}`;
    void fail(
      "Seed's server keeps stopping",
      `It stopped ${failure.crashes} times within a minute (last exit code ${failure.exitCode ?? 'unknown'}), ` +
        `so Seed stopped restarting it.${output}\n\nThe log is in ${config.logFile}.`,
    );
  }

  async function fail(title: string, message: string): Promise<void> {
    if (phase !== 'running') return;
    phase = 'failed';
    clearListenTimer();
    void server.stop();
    try {
      await deps.ui.showError(title, message);
    } finally {
      deps.quit();
    }
  }

  function openWindow(url: string): void {
    windowWanted = false;
    const opened = deps.ui.openWindow(url);
    window = opened;
    // Closing the window keeps the server running in the tray, like Plex or Jellyfin.
    opened.onClosed(() => {
      if (window === opened) window = null;
    });
  }

  function showWindow(): void {
    if (window) window.focus();
    else if (listening && phase === 'running') openWindow(listening.url);
    else windowWanted = true;
  }

  /** The window on the LAN addresses page; before the server listens, the window opens there once it does. */
  function showPhones(): void {
    if (phase !== 'running') return;
    if (!listening) {
      windowWanted = true;
      pendingPage = PHONES_PAGE;
      return;
    }
    const url = new URL(PHONES_PAGE, listening.url).href;
    if (window) {
      window.load(url);
      window.focus();
    } else openWindow(url);
  }

  return {
    start() {
      deps.ui.createTray({ open: showWindow, phones: showPhones, quit: deps.quit });
      server.start();
    },
    showWindow,
    beforeQuit() {
      if (phase === 'stopped') return 'proceed';
      if (phase !== 'stopping') {
        phase = 'stopping';
        clearListenTimer();
        void server.stop().then(() => {
          phase = 'stopped';
          deps.quit();
        });
      }
      return 'wait';
    },
    serverOrigin: () => listening?.origin ?? null,
  };
}
