import { z } from 'zod';
import { DESKTOP_CHANNELS, type DesktopChannel } from './desktop-api.js';
import { isServerUrl } from './navigation.js';

/** The part of Electron's `event.senderFrame` the origin check reads. */
export interface SenderFrame {
  url: string;
  /** The parent frame; null for a top-level frame. */
  parent: unknown;
}

/**
 * Only the top-level page of the local server may use `window.desktop`: not an iframe (say, a
 * trailer embedded from elsewhere), not a page the window was somehow navigated to, and not a
 * frame that is already gone (`senderFrame` is null after navigation).
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, serverOrigin: string | null): boolean {
  return frame != null && frame.parent === null && isServerUrl(frame.url, serverOrigin);
}

/** Payload schema per channel: every intent today takes no arguments. */
const PAYLOADS = {
  [DESKTOP_CHANNELS.serverOrigin]: z.tuple([]),
  [DESKTOP_CHANNELS.pickFolder]: z.tuple([]),
} as const satisfies Record<DesktopChannel, z.ZodType>;

export type DesktopRequest = { channel: 'desktop:server-origin' } | { channel: 'desktop:pick-folder' };

export function parseDesktopRequest(channel: string, args: readonly unknown[]): DesktopRequest | { error: string } {
  if (!Object.hasOwn(PAYLOADS, channel)) return { error: `unknown channel ${channel}` };
  const known = channel as DesktopChannel;
  if (!PAYLOADS[known].safeParse(args).success) return { error: `${known} takes no arguments` };
  return { channel: known };
}

/** Electron's `dialog.showOpenDialog` result → the chosen folder or null. */
export function pickedFolder(result: { canceled: boolean; filePaths: readonly string[] }): string | null {
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export interface InvokeEvent<Sender> {
  senderFrame: SenderFrame | null;
  sender: Sender;
}

/** The slice of `ipcMain` used here. */
export interface IpcMainLike<Sender> {
  handle(channel: string, listener: (event: InvokeEvent<Sender>, ...args: unknown[]) => unknown): void;
}

export interface DesktopIpcDeps<Sender> {
  serverOrigin: () => string | null;
  /** Shows the folder dialog attached to the sender's window. */
  pickFolder: (sender: Sender) => Promise<string | null>;
  log: { warn(fields: object, msg: string): void };
}

export function registerDesktopIpc<Sender>(ipc: IpcMainLike<Sender>, deps: DesktopIpcDeps<Sender>): void {
  for (const channel of Object.values(DESKTOP_CHANNELS)) {
    ipc.handle(channel, async (event, ...args) => {
      const origin = deps.serverOrigin();
      if (!isTrustedSender(event.senderFrame, origin)) {
        deps.log.warn({ channel, url: event.senderFrame?.url ?? null }, 'ipc from an untrusted sender refused');
        throw new Error(`${channel} refused`);
      }
      const request = parseDesktopRequest(channel, args);
      if ('error' in request) {
        deps.log.warn({ channel }, request.error);
        throw new Error(request.error);
      }
      switch (request.channel) {
        case 'desktop:server-origin':
          return origin;
        case 'desktop:pick-folder':
          return deps.pickFolder(event.sender);
      }
    });
  }
}
