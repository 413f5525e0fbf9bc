// The Electron entry: the only module that imports 'electron' at runtime. It reads the
// environment, builds the real implementations of the shell's small interfaces and maps app
// events onto the shell. Behaviour lives in shell.ts, child-process.ts, window.ts and ipc.ts.
import { renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  session,
  shell as electronShell,
  Tray,
  utilityProcess,
  type OpenDialogOptions,
  type WebContents,
} from 'electron';
import { pino } from 'pino';
import { pickedFolder, registerDesktopIpc } from './ipc.js';
import { isPermissionAllowed } from './navigation.js';
import { serverDataDir, serverLaunch } from './server-launch.js';
import { createShell, DEFAULT_SHELL_TIMING, type ShellUi, type ShellWindow } from './shell.js';
import { guardNavigation, windowOptions } from './window.js';

const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
// build/tray.png is packed into the app (electron-builder.yml `files`), so one path works in dev and packaged.
const TRAY_ICON = join(app.getAppPath(), 'build', 'tray.png');

/** The tray app runs for weeks and logs the server's output: start a new file past `maxBytes`. */
function keepOneOldLog(file: string, maxBytes: number): void {
  try {
    if (statSync(file).size > maxBytes) renameSync(file, file.replace(/\.log$/, '.1.log'));
  } catch {
    // no log yet
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another Seed is running; it gets 'second-instance' and shows its window.
  app.quit();
} else {
  run();
}

function run(): void {
  const dataDir = serverDataDir(app.getPath('userData'));
  const logFile = join(dataDir, 'logs', 'desktop.log');
  keepOneOldLog(logFile, 10 * 1024 * 1024);
  const fileStream = pino.destination({ dest: logFile, mkdir: true, sync: false });
  const log = pino(
    {},
    app.isPackaged ? fileStream : pino.multistream([{ stream: fileStream }, { stream: process.stdout }]),
  );
  let tray: Tray | null = null; // module-lifetime reference: a collected Tray disappears

  const ui: ShellUi = {
    openWindow(url) {
      const win = new BrowserWindow(windowOptions(PRELOAD));
      guardNavigation(win.webContents, {
        serverOrigin: () => seed.serverOrigin(),
        openExternal: (external) => void electronShell.openExternal(external),
        log,
      });
      win.once('ready-to-show', () => win.show());
      win.webContents.on('render-process-gone', (_event, details) => log.error({ ...details }, 'renderer gone'));
      const load = (target: string): void => {
        win.loadURL(target).catch((err: unknown) => log.error({ err, url: target }, 'window failed to load'));
      };
      load(url);
      const handle: ShellWindow = {
        focus() {
          if (win.isDestroyed()) return;
          if (win.isMinimized()) win.restore();
          win.show();
          win.focus();
        },
        load,
        onClosed: (listener) => void win.on('closed', listener),
      };
      return handle;
    },
    createTray(actions) {
      const image = nativeImage.createFromPath(TRAY_ICON);
      // macOS menu bar icons are 16 pt; the 32 px icon stays sharp on Retina
      tray = new Tray(process.platform === 'darwin' ? image.resize({ width: 16, height: 16 }) : image);
      tray.setToolTip('Seed');
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: 'Open Seed', click: actions.open },
          { label: 'Phones and TVs…', click: actions.phones },
          { type: 'separator' },
          { label: 'Quit', click: actions.quit },
        ]),
      );
      tray.on('click', actions.open); // Windows: a left click opens; Linux and macOS show the menu
    },
    async showError(title, message) {
      await dialog.showMessageBox({ type: 'error', title, message: title, detail: message, buttons: ['Quit'] });
    },
  };

  const seed = createShell(
    {
      ...DEFAULT_SHELL_TIMING,
      server: serverLaunch({
        appPath: app.getAppPath(),
        userDataPath: app.getPath('userData'),
        parentEnv: process.env,
        isPackaged: app.isPackaged,
      }),
      logFile,
    },
    {
      forkServer: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
      ui,
      quit: () => app.quit(),
      log,
      now: Date.now,
    },
  );

  registerDesktopIpc<WebContents>(ipcMain, {
    serverOrigin: seed.serverOrigin,
    async pickFolder(sender) {
      const options: OpenDialogOptions = { title: 'Choose a library folder', properties: ['openDirectory'] };
      const parent = BrowserWindow.fromWebContents(sender);
      return pickedFolder(parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options));
    },
    log,
  });

  app.on('second-instance', () => seed.showWindow());
  app.on('activate', () => seed.showWindow()); // macOS dock click
  // Without a listener Electron quits when the last window closes; Seed keeps serving from the tray.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => {
    if (seed.beforeQuit() === 'wait') event.preventDefault();
  });
  app.on('will-quit', () => {
    try {
      fileStream.flushSync();
    } catch {
      // the file never opened (e.g. a read-only data folder); there is nothing to flush
    }
  });
  app.on('child-process-gone', (_event, details) => log.warn({ ...details }, 'child process gone'));

  void app.whenReady().then(() => {
    app.setAppUserModelId('home.seed.app'); // Windows: taskbar grouping and notifications
    const permissions = (permission: string, url: string): boolean =>
      isPermissionAllowed(permission, url, seed.serverOrigin());
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(permissions(permission, details.requestingUrl)),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
      permissions(permission, requestingOrigin),
    );
    log.info({ version: app.getVersion(), dataDir }, 'starting');
    seed.start();
  });
}
