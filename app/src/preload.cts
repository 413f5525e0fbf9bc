// Sandboxed preloads run as CommonJS and may only require('electron') (and a few Node built-ins),
// never a relative module, so the channel names are repeated here; `satisfies` below makes the
// compiler check them against DESKTOP_CHANNELS.
import { contextBridge, ipcRenderer } from 'electron';
import type { DESKTOP_CHANNELS, DesktopApi } from './desktop-api.js';

const channels = {
  serverOrigin: 'desktop:server-origin',
  pickFolder: 'desktop:pick-folder',
} as const satisfies typeof DESKTOP_CHANNELS;

// Each intent takes no arguments from the page, so none are forwarded: the page cannot smuggle
// payloads through, and ipcRenderer itself is never exposed.
const desktop: DesktopApi = {
  serverOrigin: () => ipcRenderer.invoke(channels.serverOrigin),
  pickFolder: () => ipcRenderer.invoke(channels.pickFolder),
};

contextBridge.exposeInMainWorld('desktop', desktop);
