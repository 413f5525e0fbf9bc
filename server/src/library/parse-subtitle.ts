/** External subtitle names: `Movie (2010).en.sdh.forced.srt` → video stem, language and flags (Jellyfin's ExternalPathParser). */
import { languageOf } from './parse-language.js';

export interface SubtitleName {
  videoBase: string | null; // the video's file name without extension; null when the name is only a language (`Subs/English.srt`)
  language: string | null;
  forced: boolean;
  default: boolean;
  hearingImpaired: boolean;
}

const FORCED = new Set(['forced', 'foreign']);
const HEARING_IMPAIRED = new Set(['sdh', 'cc', 'hi']);
// a tag that is not a known language but is followed by flags is still taken as one (`name.klingon.forced.srt`)
const TAG_LIKE = /^\p{L}{2,}(?:[-_][\p{L}\p{N}]{2,4})?$/u;

/**
 * Reads dot-separated flags and one language from the end of a subtitle's name (without its extension).
 * `hi` is Hindi when it is the only language-like tag and hearing-impaired after another language (`en.hi`),
 * as Jellyfin reads it. `Subs/2_English.srt` (numbered, as some releases ship them) is English.
 */
export function readSubtitleName(base: string): SubtitleName {
  const tokens = base.split('.');
  const out: SubtitleName = { videoBase: null, language: null, forced: false, default: false, hearingImpaired: false };
  let i = tokens.length - 1;
  for (; i >= 0; i--) {
    const token = i === 0 ? tokens[i]!.replace(/^\d+_/, '') : tokens[i]!;
    const lower = token.toLowerCase();
    const before = i > 0 ? tokens[i - 1]! : null;
    if (FORCED.has(lower)) out.forced = true;
    else if (lower === 'default') out.default = true;
    else if (lower === 'hi' && (out.language !== null || (before !== null && languageOf(before) !== null))) out.hearingImpaired = true;
    else if (lower !== 'hi' && HEARING_IMPAIRED.has(lower)) out.hearingImpaired = true;
    else if (out.language === null && languageOf(token) !== null) out.language = languageOf(token);
    else if (out.language === null && hasFlag(out) && i > 0 && TAG_LIKE.test(token)) out.language = token;
    else break;
  }
  out.videoBase = i >= 0 ? tokens.slice(0, i + 1).join('.') : null;
  return out;
}

const hasFlag = (name: SubtitleName) => name.forced || name.default || name.hearingImpaired;
