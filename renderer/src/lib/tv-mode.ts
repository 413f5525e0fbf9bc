// The 10-foot mode of the UI (large type, a thick focus ring, everything reachable with arrows, Enter
// and Back): which browsers are TVs, and the viewer's own choice, which wins over the guess. Pure.

/**
 * User agents of TV browsers: Samsung (Tizen, SMART-TV), LG (Web0S/webOS, NetCast), Fire TV (AFT…),
 * Sony BRAVIA, Chromecast (CrKey), Android TV and Google TV boxes, HbbTV sets, Roku, Apple TV,
 * Panasonic (Viera), Opera TV, Philips (NETTV). "TV" alone counts only inside an Android UA, where
 * set-top boxes put it ("SHIELD Android TV", "MiTV-…").
 */
const TV_PATTERNS: readonly RegExp[] = [
  /SMART-?TV/i,
  /\bTizen\b/i,
  /\bWeb0S\b|\bwebOS\b/i,
  /NetCast/i,
  /\bAFT[A-Z0-9]{1,6}\b/, // Fire TV models: AFTMM, AFTS, AFTKA…; upper case only, so "aft" in a word never counts
  /\bBRAVIA\b/i,
  /\bCrKey\b/,
  /\bGoogleTV\b|\bGoogle TV\b/i,
  /\bHbbTV\b/i,
  /\bRoku\b/i,
  /\bAppleTV|\bApple TV\b|\btvOS\b/i, // "AppleTV11,1/11.1"
  /\bViera\b/i,
  /\bOpera TV\b/,
  /\bNETTV\b/,
  /\bAndroid\b[^)]*\bTV\b/,
];

export function isTvUserAgent(userAgent: string): boolean {
  return TV_PATTERNS.some((pattern) => pattern.test(userAgent));
}

/** The viewer's choice on this device: on, off, or none (the user agent decides). */
export type TvModeChoice = 'on' | 'off' | null;

export const TV_MODE_KEY = 'seed.tvMode';

export const parseTvModeChoice = (stored: string | null): TvModeChoice => (stored === 'on' || stored === 'off' ? stored : null);

export const isTvMode = (choice: TvModeChoice, userAgent: string): boolean => (choice === null ? isTvUserAgent(userAgent) : choice === 'on');
