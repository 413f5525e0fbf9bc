import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createShell, DEFAULT_SHELL_TIMING, type ShellUi, type ShellWindow, type TrayActions } from '../../app/src/shell.js';
import { fakeFork, recordingLog } from './fakes.js';

class FakeWindow implements ShellWindow {
  readonly loads: string[] = [];
  focused = 0;
  closed = false;
  private closeListeners: (() => void)[] = [];

  constructor(url: string) {
    this.loads.push(url);
  }

  focus(): void {
    this.focused += 1;
  }

  load(url: string): void {
    this.loads.push(url);
  }

  onClosed(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The user closes the window. */
  close(): void {
    this.closed = true;
    for (const listener of this.closeListeners) listener();
  }
}

function fakeUi() {
  const windows: FakeWindow[] = [];
  const errors: { title: string; message: string }[] = [];
  let tray: TrayActions | null = null;
  let dismissError: () => void = () => {};
  const ui: ShellUi = {
    openWindow(url) {
      const window = new FakeWindow(url);
      windows.push(window);
      return window;
    },
    createTray(actions) {
      tray = actions;
    },
    showError(title, message) {
      errors.push({ title, message });
      return new Promise<void>((resolve) => (dismissError = resolve));
    },
  };
  return {
    ui,
    windows,
    errors,
    tray: () => tray!,
    dismissError: () => dismissError(),
  };
}

function setup() {
  const fork = fakeFork();
  const ui = fakeUi();
  const log = recordingLog();
  const quit = vi.fn();
  const shell = createShell(
    {
      ...DEFAULT_SHELL_TIMING,
      server: { modulePath: '/app/dist/server/src/cli.js', args: ['serve', '--data', '/data'], env: { PATH: '/usr/bin' } },
      logFile: '/data/logs/desktop.log',
    },
    { forkServer: fork, ui: ui.ui, quit, log, now: () => Date.now() },
  );
  return { fork, ui, log, quit, shell };
}

/** What Electron does on app.quit(): ask beforeQuit, and quit only if nobody prevented it. */
function appQuit(shell: ReturnType<typeof setup>['shell'], quitted: { value: boolean }) {
  if (shell.beforeQuit() === 'proceed') quitted.value = true;
}

describe('shell', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  test('starts the server, waits for it to listen, then opens the window on its URL', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    expect(fork.children).toHaveLength(1);
    expect(fork.last()).toMatchObject({ modulePath: '/app/dist/server/src/cli.js', args: ['serve', '--data', '/data'] });
    expect(ui.tray()).not.toBeNull(); // the tray exists before the server is up, so a slow start can be quit
    expect(ui.windows).toHaveLength(0);
    expect(shell.serverOrigin()).toBeNull();

    vi.advanceTimersByTime(5_000);
    fork.last().listening('http://127.0.0.1:8420');

    expect(ui.windows).toHaveLength(1);
    expect(ui.windows[0]!.loads).toEqual(['http://127.0.0.1:8420/']);
    expect(shell.serverOrigin()).toBe('http://127.0.0.1:8420');
  });

  test('ignores messages that are not a loopback listening URL', () => {
    const { fork, ui, shell, log } = setup();
    shell.start();
    fork.last().emit('message', { type: 'seed:listening', url: 'https://evil.com/' });
    fork.last().emit('message', 'hello');
    expect(ui.windows).toHaveLength(0);
    expect(shell.serverOrigin()).toBeNull();
    expect(log.entries.filter((e) => e.msg === 'unknown message from the server ignored')).toHaveLength(2);
  });

  test('a server that never reports listening leads to an error, a stop and a quit', async () => {
    const { fork, ui, shell, quit } = setup();
    shell.start();
    vi.advanceTimersByTime(DEFAULT_SHELL_TIMING.listenTimeoutMs - 1);
    expect(ui.errors).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ui.errors).toEqual([
      {
        title: "Seed's server did not start",
        message: 'It did not report ready within 60 seconds.\n\nThe log is in /data/logs/desktop.log.',
      },
    ]);
    expect(fork.last().posted).toEqual([{ type: 'seed:shutdown' }]);
    expect(quit).not.toHaveBeenCalled(); // the user reads the dialog first
    ui.dismissError();
    await vi.advanceTimersByTimeAsync(0);
    expect(quit).toHaveBeenCalledTimes(1);
    fork.last().listening(); // too late: no window
    expect(ui.windows).toHaveLength(0);
  });

  test('the listen timeout restarts with every restart of the server', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    vi.advanceTimersByTime(50_000);
    fork.last().exit(1);
    vi.advanceTimersByTime(1_000); // restarted
    expect(fork.children).toHaveLength(2);
    vi.advanceTimersByTime(DEFAULT_SHELL_TIMING.listenTimeoutMs - 1);
    expect(ui.errors).toEqual([]);
    fork.last().listening();
    vi.advanceTimersByTime(10 * 60_000);
    expect(ui.errors).toEqual([]);
    expect(ui.windows).toHaveLength(1);
  });

  test('a crashed server is restarted with backoff and the window stays', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    fork.last().listening();
    fork.last().exit(1);
    vi.advanceTimersByTime(999);
    expect(fork.children).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fork.children).toHaveLength(2);
    fork.last().exit(1);
    vi.advanceTimersByTime(1_999);
    expect(fork.children).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(fork.children).toHaveLength(3);
    fork.last().listening();
    expect(ui.windows).toHaveLength(1);
    expect(ui.windows[0]!.loads).toEqual(['http://127.0.0.1:8420/']); // same URL: nothing to reload
    expect(ui.errors).toEqual([]);
  });

  test('a server that comes back on another port moves the window there', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    fork.last().listening('http://127.0.0.1:8420');
    fork.last().exit(1);
    vi.advanceTimersByTime(1_000);
    fork.last().listening('http://127.0.0.1:8421');
    expect(ui.windows).toHaveLength(1);
    expect(ui.windows[0]!.loads).toEqual(['http://127.0.0.1:8420/', 'http://127.0.0.1:8421/']);
    expect(shell.serverOrigin()).toBe('http://127.0.0.1:8421');
  });

  test('too many crashes show an error with the server’s last words, then quit', async () => {
    const { fork, ui, shell, quit } = setup();
    shell.start();
    for (const delayMs of [1_000, 2_000, 4_000, 8_000, 16_000]) {
      fork.last().exit(1);
      vi.advanceTimersByTime(delayMs);
    }
    fork.last().stderr.emit('data', 'Error: SQLITE_CORRUPT: database disk image is malformed\n');
    fork.last().exit(1);
    expect(fork.children).toHaveLength(6);
    expect(ui.errors).toEqual([
      {
        title: "Seed's server keeps stopping",
        message:
          'It stopped 6 times within a minute (last exit code 1), so Seed stopped restarting it.\n\n' +
          'Last output:\nError: SQLITE_CORRUPT: database disk image is malformed\n\n' +
          'The log is in /data/logs/desktop.log.',
      },
    ]);
    ui.dismissError();
    await vi.advanceTimersByTimeAsync(0);
    expect(quit).toHaveBeenCalledTimes(1);
    // app.quit() → before-quit: nothing left to stop
    expect(shell.beforeQuit()).toBe('wait');
    await vi.advanceTimersByTimeAsync(0);
    expect(quit).toHaveBeenCalledTimes(2);
    expect(shell.beforeQuit()).toBe('proceed');
    vi.advanceTimersByTime(10 * 60_000);
    expect(fork.children).toHaveLength(6);
  });

  test('a second launch focuses the existing window', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    fork.last().listening();
    shell.showWindow();
    expect(ui.windows).toHaveLength(1);
    expect(ui.windows[0]!.focused).toBe(1);
  });

  test('a second launch before the server listens opens the window once it does', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    shell.showWindow();
    expect(ui.windows).toHaveLength(0);
    fork.last().listening();
    expect(ui.windows).toHaveLength(1);
  });

  test('closing the window keeps the server running; the tray opens a new window', () => {
    const { fork, ui, shell, quit } = setup();
    shell.start();
    fork.last().listening();
    ui.windows[0]!.close();
    vi.advanceTimersByTime(10 * 60_000);
    expect(quit).not.toHaveBeenCalled();
    expect(fork.last().posted).toEqual([]);
    expect(fork.last().killed).toBe(0);

    ui.tray().open();
    expect(ui.windows).toHaveLength(2);
    expect(ui.windows[1]!.loads).toEqual(['http://127.0.0.1:8420/']);
    ui.tray().open();
    expect(ui.windows).toHaveLength(2);
    expect(ui.windows[1]!.focused).toBe(1);
  });

  test("the tray's Phones and TVs opens the window on the LAN addresses page, also before the server listens", () => {
    const { fork, ui, shell } = setup();
    shell.start();
    ui.tray().phones(); // the server is still starting: the window opens there once it listens
    expect(ui.windows).toHaveLength(0);
    fork.last().listening();
    expect(ui.windows.map((w) => w.loads)).toEqual([['http://127.0.0.1:8420/#/admin/network']]);
    ui.windows[0]!.close();
    ui.tray().open();
    expect(ui.windows[1]!.loads).toEqual(['http://127.0.0.1:8420/']);
    ui.tray().phones(); // a window is open: it goes to the page and comes to the front
    expect(ui.windows).toHaveLength(2);
    expect(ui.windows[1]!.loads).toEqual(['http://127.0.0.1:8420/', 'http://127.0.0.1:8420/#/admin/network']);
    expect(ui.windows[1]!.focused).toBe(1);
  });

  test('a restart does not reopen a window the user closed', () => {
    const { fork, ui, shell } = setup();
    shell.start();
    fork.last().listening();
    ui.windows[0]!.close();
    fork.last().exit(1);
    vi.advanceTimersByTime(1_000);
    fork.last().listening();
    expect(ui.windows).toHaveLength(1);
  });

  test('quit asks the server to shut down and kills it after the grace period', async () => {
    const { fork, ui, shell, quit } = setup();
    shell.start();
    fork.last().listening();
    const server = fork.last();
    server.onKill = () => server.exit(143);

    ui.tray().quit();
    expect(quit).toHaveBeenCalledTimes(1);
    const quitted = { value: false };
    appQuit(shell, quitted); // Electron's before-quit
    expect(quitted.value).toBe(false);
    expect(server.posted).toEqual([{ type: 'seed:shutdown' }]);
    appQuit(shell, quitted); // quitting again while stopping still waits
    expect(quitted.value).toBe(false);
    expect(server.posted).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(DEFAULT_SHELL_TIMING.stopGraceMs - 1);
    expect(server.killed).toBe(0);
    expect(quit).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.killed).toBe(1);
    expect(quit).toHaveBeenCalledTimes(2); // the shell quits again once the server is gone
    appQuit(shell, quitted);
    expect(quitted.value).toBe(true);
    vi.advanceTimersByTime(10 * 60_000);
    expect(fork.children).toHaveLength(1); // the exit during quit was not a crash
  });

  test('quit is quick when the server shuts down on request', async () => {
    const { fork, shell, quit } = setup();
    shell.start();
    fork.last().listening();
    expect(shell.beforeQuit()).toBe('wait');
    fork.last().exit(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(fork.last().killed).toBe(0);
    expect(shell.beforeQuit()).toBe('proceed');
  });

  test('quit while the server is starting cancels the listen timeout', async () => {
    const { fork, ui, shell, quit } = setup();
    shell.start();
    expect(shell.beforeQuit()).toBe('wait');
    fork.last().exit(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(ui.errors).toEqual([]);
    expect(quit).toHaveBeenCalledTimes(1);
  });
});
