// Who is watching, until there are profiles: this browser (a random id it keeps) and its user agent in words.

const STORAGE_KEY = 'seed.clientId';

// first match wins: Edge, Opera and Samsung's browser also call themselves Chrome and Safari
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bElectron\//, 'Seed app'],
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

// Android, Tizen and webOS also say Linux; iPads may say Mac OS X but are caught by their touch name
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\bWindows\b/, 'Windows'],
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bTizen\b/, 'Tizen'],
  [/\b(Web0S|webOS)\b/, 'webOS'],
  [/\b(Mac OS X|Macintosh)\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const first = (table: readonly (readonly [RegExp, string])[], ua: string) => table.find(([pattern]) => pattern.test(ua))?.[1] ?? null;

/** "Chrome on Linux", "Safari on iOS"; "Browser on Windows" or "Chrome" when one half is unknown. */
export function describeUserAgent(userAgent: string): string {
  const browser = first(BROWSERS, userAgent);
  const system = first(SYSTEMS, userAgent);
  if (browser && system) return `${browser} on ${system}`;
  if (system) return `Browser on ${system}`;
  return browser ?? 'Unknown browser';
}

/** 16 hex digits. crypto.getRandomValues works on plain http too (randomUUID needs a secure context, which a LAN address is not). */
export function randomClientId(fill: (bytes: Uint8Array<ArrayBuffer>) => void = (bytes) => void crypto.getRandomValues(bytes)): string {
  const bytes = new Uint8Array(new ArrayBuffer(8));
  fill(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ClientStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

let unstored: string | null = null;

/** This browser's id, made once and kept in `storage`; a browser that keeps nothing (private mode) gets one per page load. */
export function clientId(storage: ClientStorage | null, makeId: () => string = randomClientId): string {
  try {
    const kept = storage?.getItem(STORAGE_KEY);
    if (kept && /^[0-9a-z-]{1,64}$/i.test(kept)) return kept;
    const made = makeId();
    storage?.setItem(STORAGE_KEY, made);
    if (storage) return made;
  } catch {
    // storage refused (private mode, quota): an id for this page load
  }
  return (unstored ??= makeId());
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** This browser's id, kept in its local storage. */
export const thisBrowsersId = (): string => clientId(localStorageOrNull());
