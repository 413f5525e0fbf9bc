// The profile's preferred audio and subtitle languages (ISO 639-1, "fr") matched against the tracks
// a title has, which name theirs as the source did: ISO 639-1 ("fr"), 639-2 ("fre", "fra"), or a
// tag with a region ("fr-CA").

/** ISO 639-2 (bibliographic and terminology) codes of the common ISO 639-1 ones. */
const THREE_LETTER: Readonly<Record<string, readonly string[]>> = {
  en: ['eng'], fr: ['fre', 'fra'], de: ['ger', 'deu'], es: ['spa'], it: ['ita'], pt: ['por'], nl: ['dut', 'nld'], sv: ['swe'],
  da: ['dan'], no: ['nor', 'nob', 'nno'], fi: ['fin'], pl: ['pol'], cs: ['cze', 'ces'], hu: ['hun'], el: ['gre', 'ell'], tr: ['tur'],
  ru: ['rus'], uk: ['ukr'], ar: ['ara'], he: ['heb'], hi: ['hin'], ja: ['jpn'], ko: ['kor'], zh: ['chi', 'zho'], th: ['tha'],
  vi: ['vie'], id: ['ind'], ro: ['rum', 'ron'], bg: ['bul'], hr: ['hrv'], sr: ['srp'], sk: ['slo', 'slk'], sl: ['slv'], ca: ['cat'],
};

/** Whether a track's language tag is the preferred ISO 639-1 language. */
export function sameLanguage(trackLanguage: string | null | undefined, preferred: string): boolean {
  const tag = (trackLanguage ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (tag === '') return false;
  const want = preferred.toLowerCase();
  return tag === want || (THREE_LETTER[want] ?? []).includes(tag);
}

/** The index of the first track in the preferred language; null when there is none (or no preference). */
export function preferredTrack(tracks: readonly { language?: string | null }[], preferred: string | null): number | null {
  if (preferred === null) return null;
  const index = tracks.findIndex((t) => sameLanguage(t.language, preferred));
  return index < 0 ? null : index;
}
