/**
 * `window.desktop`: the only bridge between the web UI and the Electron shell. The renderer may
 * `import type { DesktopApi }` and declare it itself:
 *
 *   declare global { interface Window { desktop?: DesktopApi } }   // undefined in a plain browser
 *
 * Every intent is an `ipcRenderer.invoke` on one `desktop:*` channel; the main process checks
 * the sender's origin and the payload (ipc.ts) before it acts.
 */
export interface DesktopApi {
  /** The origin of the local server this window was loaded from, e.g. `http://127.0.0.1:8420`. */
  serverOrigin(): Promise<string>;
  /** Opens the native folder picker; resolves to the chosen absolute path, or null if cancelled. */
  pickFolder(): Promise<string | null>;
}

export const DESKTOP_CHANNELS = {
  serverOrigin: 'desktop:server-origin',
  pickFolder: 'desktop:pick-folder',
} as const satisfies Record<keyof DesktopApi, `desktop:${string}`>;

export type DesktopChannel = (typeof DESKTOP_CHANNELS)[keyof DesktopApi];
