// The desktop shell's intents (window.desktop, exposed by the Electron preload). Absent in a plain browser.

export interface DesktopBridge {
  /** opens the system folder picker; null when the user cancels */
  pickFolder?: () => Promise<string | null>;
}

export function desktopBridge(): DesktopBridge | null {
  const bridge: unknown = (window as { desktop?: unknown }).desktop;
  return typeof bridge === 'object' && bridge !== null ? (bridge as DesktopBridge) : null;
}
