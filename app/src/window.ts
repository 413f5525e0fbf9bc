import type { BrowserWindowConstructorOptions } from 'electron';
import type { Log } from './log.js';
import { decideWindowOpen, isServerUrl } from './navigation.js';

/** Options of the one UI window (STYLE.md §8). */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 480,
    minHeight: 360,
    title: 'Seed',
    backgroundColor: '#0f1512', // the UI's background, so a resize never flashes white
    autoHideMenuBar: true,
    show: false, // shown on 'ready-to-show' to avoid a white flash
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  };
}

export interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/** The slice of `webContents` the guards attach to. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
}

/**
 * Keeps the window on the server's origin: new windows are never created (web links go to the
 * system browser), and navigations or redirects elsewhere are cancelled. The origin is read on
 * every event because a restarted server may listen on another port.
 */
export function guardNavigation(
  contents: GuardedContents,
  deps: { serverOrigin: () => string | null; openExternal: (url: string) => void; log: Log },
): void {
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, deps.serverOrigin());
    switch (decision.kind) {
      case 'external':
        deps.openExternal(decision.url);
        break;
      case 'deny':
        deps.log.warn({ url }, 'window.open denied');
        break;
    }
    return { action: 'deny' };
  });
  const stayOnServer = (event: NavigationEvent): void => {
    if (isServerUrl(event.url, deps.serverOrigin())) return;
    event.preventDefault();
    deps.log.warn({ url: event.url }, 'navigation away from the server blocked');
  };
  contents.on('will-navigate', stayOnServer);
  contents.on('will-redirect', stayOnServer);
}
