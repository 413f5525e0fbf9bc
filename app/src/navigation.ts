/**
 * Where the window may go. The UI is served by the local server, so the window's only trusted
 * origin is the server's; everything else is denied (or, for a web link the user clicked, handed
 * to the system browser). Compare parsed origins, never string prefixes:
 * `http://127.0.0.1:8420.evil.com` and `http://127.0.0.1:8420@evil.com` start with the
 * server's origin but are other hosts.
 */

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const isHttp = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:';

/** True when `url` is an http(s) URL on exactly `serverOrigin` (scheme, host and port). */
export function isServerUrl(url: string, serverOrigin: string | null): boolean {
  if (serverOrigin === null) return false;
  const parsed = parse(url);
  // The protocol check matters: `blob:http://127.0.0.1:8420/…` reports the server's origin too.
  return parsed !== null && isHttp(parsed) && parsed.origin === serverOrigin;
}

/**
 * A link that leaves the app (e.g. a film's page on a metadata site) may open in the system
 * browser, but only for plain http(s): `file:`, `smb:` or custom schemes would let a page reach
 * local files or launch other programs through the OS.
 */
export function isExternalWebLink(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && isHttp(parsed) && parsed.username === '' && parsed.password === '';
}

/** What happens to a `window.open` / `target=_blank` request: never a new Electron window. */
export type OpenDecision = { kind: 'deny' } | { kind: 'external'; url: string };

export function decideWindowOpen(url: string, serverOrigin: string | null): OpenDecision {
  // A link to our own server in a new tab has nowhere sensible to go in a single-window app.
  if (isServerUrl(url, serverOrigin)) return { kind: 'deny' };
  return isExternalWebLink(url) ? { kind: 'external', url } : { kind: 'deny' };
}

/** Permissions the UI needs: fullscreen for the player, copying the LAN address for phones. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, serverOrigin: string | null): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isServerUrl(requestingUrl, serverOrigin);
}
