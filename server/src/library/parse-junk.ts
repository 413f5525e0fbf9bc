/** Release-name junk: what scene and p2p names append to a title (resolution, source, codecs, audio, flags, 3D). */

export type Format3D = 'hsbs' | 'sbs' | 'htab' | 'tab' | 'mvc';

/** Characters that separate words in file names. */
export const SEPARATORS = String.raw`\s._\-\[\](){}`;

// Each alternative must match a whole word between separators. Bare words that are also common title words
// (web, cam, hd, ts, dc, se, nf) are left out on purpose: "Charlotte's Web" must keep its web.
const JUNK_WORDS = [
  // resolutions
  String.raw`\d{3,4}[pi]`, '[48]k', 'uhd', 'fhd', 'ultrahd',
  // sources and streaming services
  'blu-?ray', 'bd-?rip', 'br-?rip', 'bd-?remux', 'remux', 'web-?dl', 'web-?rip', 'hd-?tv', 'hd-?rip', 'dvd-?rip',
  'dvd-?scr', 'dvd[59r]?', 'pdtv', 'sdtv', 'tv-?rip', 'hdcam', 'telesync', 'telecine', 'screener', 'vhs-?rip',
  'amzn', 'dsnp', 'hmax', 'atvp', 'pcok',
  // video codecs and dynamic range
  String.raw`[xh]\.?26[45]`, 'hevc', 'avc', 'xvid', 'divx', 'av1', 'vp9', 'mpeg-?2', String.raw`\d{1,2}-?bit`,
  String.raw`hdr(?:10)?\+?`, 'dv', 'dovi', 'hlg',
  // audio
  'dts(?:-?(?:hd|ma|x|es|hra?))*', 'e?-?ac-?3', String.raw`aac(?:\d\.\d)?`, String.raw`dd\+?p?(?:\d\.\d)?`,
  'atmos', 'true-?hd', 'flac', 'opus', 'lpcm', String.raw`[57]\.1`,
  // release flags
  'proper', 'repack', 'rerip', 'extended', 'unrated', 'limited', 'internal', 'remastered', 'uncut', 'dubbed',
  'subbed', 'multi(?:subs?)?', 'retail', 'read-?nfo', 'nfo-?fix', 'imax',
  // 3D
  '3d', 'h?sbs', 'fsbs', 'h?tab', 'ftab', 'mvc', 'hou', 'half-?(?:sbs|ou|tab)',
];

const JUNK = new RegExp(`(?<=^|[${SEPARATORS}])(?:${JUNK_WORDS.join('|')})(?=$|[${SEPARATORS}])`, 'giu');
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Index of the first junk word (by default only one with some title before it), or -1. */
export function firstJunkIndex(name: string, atStart = false): number {
  for (const match of name.matchAll(JUNK)) {
    if (atStart || HAS_WORD.test(name.slice(0, match.index))) return match.index;
  }
  return -1;
}

/** True when every word of `text` is junk (e.g. "1080p.BluRay.x264"). */
export function isAllJunk(text: string): boolean {
  const rest = text.replace(JUNK, ' ');
  return !HAS_WORD.test(rest);
}

/** Kodi/Jellyfin 3D tags: `3D.HSBS`, `.hsbs.`, `3D.TAB`, `MVC`, also `half-ou`/`hou` (= half top-and-bottom). */
export function format3D(name: string): Format3D | null {
  const words = name.toLowerCase().split(/[\s._()[\]{}-]+/);
  const has3D = words.includes('3d');
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (word === 'half' && next === 'sbs') return 'hsbs';
    if (word === 'half' && (next === 'ou' || next === 'tab')) return 'htab';
    if (word === 'full' && next === 'sbs') return 'sbs';
    if (word === 'hsbs' || word === 'halfsbs') return 'hsbs';
    if (word === 'sbs' || word === 'fsbs' || word === 'sbs3d') return 'sbs';
    if (word === 'htab' || word === 'hou' || word === 'halfou') return 'htab';
    if (word === 'ftab' || (has3D && (word === 'tab' || word === 'ou' || word === 'fou'))) return 'tab';
    if (word === 'mvc') return 'mvc';
  }
  return null;
}
