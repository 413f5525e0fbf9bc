/** Language tags as players want them (HLS LANGUAGE is RFC 5646), and English names for their menus. */

// [ISO 639-1, ISO 639-2/T, ISO 639-2/B or null, English name]: the languages films are usually dubbed or subtitled in
const LANGUAGES = [
  ['en', 'eng', null, 'English'], ['fr', 'fra', 'fre', 'French'], ['de', 'deu', 'ger', 'German'],
  ['es', 'spa', null, 'Spanish'], ['it', 'ita', null, 'Italian'], ['pt', 'por', null, 'Portuguese'],
  ['nl', 'nld', 'dut', 'Dutch'], ['sv', 'swe', null, 'Swedish'], ['no', 'nor', null, 'Norwegian'],
  ['nb', 'nob', null, 'Norwegian Bokmål'], ['da', 'dan', null, 'Danish'], ['fi', 'fin', null, 'Finnish'],
  ['is', 'isl', 'ice', 'Icelandic'], ['pl', 'pol', null, 'Polish'], ['cs', 'ces', 'cze', 'Czech'],
  ['sk', 'slk', 'slo', 'Slovak'], ['hu', 'hun', null, 'Hungarian'], ['ro', 'ron', 'rum', 'Romanian'],
  ['bg', 'bul', null, 'Bulgarian'], ['hr', 'hrv', null, 'Croatian'], ['sr', 'srp', null, 'Serbian'],
  ['sl', 'slv', null, 'Slovenian'], ['el', 'ell', 'gre', 'Greek'], ['tr', 'tur', null, 'Turkish'],
  ['ru', 'rus', null, 'Russian'], ['uk', 'ukr', null, 'Ukrainian'], ['et', 'est', null, 'Estonian'],
  ['lv', 'lav', null, 'Latvian'], ['lt', 'lit', null, 'Lithuanian'], ['ar', 'ara', null, 'Arabic'],
  ['he', 'heb', null, 'Hebrew'], ['fa', 'fas', 'per', 'Persian'], ['hi', 'hin', null, 'Hindi'],
  ['ta', 'tam', null, 'Tamil'], ['te', 'tel', null, 'Telugu'], ['th', 'tha', null, 'Thai'],
  ['vi', 'vie', null, 'Vietnamese'], ['id', 'ind', null, 'Indonesian'], ['ms', 'msa', 'may', 'Malay'],
  ['zh', 'zho', 'chi', 'Chinese'], ['ja', 'jpn', null, 'Japanese'], ['ko', 'kor', null, 'Korean'],
  ['ca', 'cat', null, 'Catalan'], ['eu', 'eus', 'baq', 'Basque'], ['gl', 'glg', null, 'Galician'],
] as const;

const BY_CODE: ReadonlyMap<string, { tag: string; name: string }> = new Map(
  LANGUAGES.flatMap(([one, two, bibliographic, name]): [string, { tag: string; name: string }][] =>
    [one, two, ...(bibliographic ? [bibliographic] : [])].map((code) => [code, { tag: one, name }]),
  ),
);

/** Codes that say "no language" (ISO 639-2 und, mis, mul, zxx) */
const NO_LANGUAGE: ReadonlySet<string> = new Set(['und', 'mis', 'mul', 'zxx']);

/**
 * The shortest tag for a language code as a stream or file name carries it: "eng" → "en", "pt-BR" stays,
 * an unknown "tlh" stays; "und", "" and null → null. Region and script keep their usual case.
 */
export function languageTag(code: string | null | undefined): string | null {
  const text = code?.trim().replace(/_/g, '-');
  if (!text) return null;
  const [base = '', ...rest] = text.split('-');
  const lower = base.toLowerCase();
  if (NO_LANGUAGE.has(lower) || !/^[a-z]{2,3}$/.test(lower)) return null;
  const subtags = rest.map((s) => (s.length === 2 ? s.toUpperCase() : s.length === 4 ? `${s[0]!.toUpperCase()}${s.slice(1).toLowerCase()}` : s));
  return [BY_CODE.get(lower)?.tag ?? lower, ...subtags].join('-');
}

/** The language without its region or script ("eng", "en-GB" → "en"); null when the code names none. */
export const baseLanguage = (code: string | null | undefined): string | null => languageTag(code)?.split('-')[0] ?? null;

/** The English name of a language code ("eng", "en", "en-GB" → "English"); null when not in the table. */
export function languageName(code: string | null | undefined): string | null {
  const base = baseLanguage(code);
  return base ? (BY_CODE.get(base)?.name ?? null) : null;
}

/** Makes names unique in order, as HLS wants within a group: "English", "English (2)", … */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name} (${n})`;
    taken.add(unique);
    return unique;
  });
}
