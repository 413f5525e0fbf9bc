/** Language tags in subtitle names: `en`, `eng`, `English`, `pt-BR`, `chs` → ISO 639-1 (with region/script kept). */

// every ISO 639-1 code, so a two-letter tag that is already a code is recognised as one
const ISO_639_1: ReadonlySet<string> = new Set(
  ('aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el ' +
    'en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ' +
    'ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na ' +
    'nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so ' +
    'sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu').split(' '),
);

// ISO 639-2 (bibliographic and terminology) codes and a few release-group habits (pob, chs, cht).
// Left out: codes that are everyday English words at the end of a name (may, per, ice, cat, arm, mac, ben, mar, …).
const THREE_LETTER: Readonly<Record<string, string>> = {
  eng: 'en', ger: 'de', deu: 'de', fre: 'fr', fra: 'fr', spa: 'es', ita: 'it', jpn: 'ja', por: 'pt', pob: 'pt-BR',
  chi: 'zh', zho: 'zh', chs: 'zh-Hans', cht: 'zh-Hant', rus: 'ru', kor: 'ko', dut: 'nl', nld: 'nl', swe: 'sv',
  nor: 'no', nob: 'nb', nno: 'nn', dan: 'da', fin: 'fi', pol: 'pl', cze: 'cs', ces: 'cs', slo: 'sk', slk: 'sk',
  hun: 'hu', rum: 'ro', ron: 'ro', gre: 'el', ell: 'el', tur: 'tr', ara: 'ar', heb: 'he', hin: 'hi', tha: 'th',
  vie: 'vi', ind: 'id', msa: 'ms', ukr: 'uk', bul: 'bg', hrv: 'hr', srp: 'sr', slv: 'sl', est: 'et', lav: 'lv',
  lit: 'lt', isl: 'is', fas: 'fa', baq: 'eu', eus: 'eu', glg: 'gl', tel: 'te', urd: 'ur', tgl: 'tl', fil: 'tl',
  alb: 'sq', sqi: 'sq', mkd: 'mk', kat: 'ka', hye: 'hy', wel: 'cy', cym: 'cy', gle: 'ga', afr: 'af', swa: 'sw',
  ltz: 'lb', mlt: 'mt', epo: 'eo', kaz: 'kk', uzb: 'uz', aze: 'az', bel: 'be', mon: 'mn', nep: 'ne', sin: 'si',
  khm: 'km', lao: 'lo', mya: 'my', amh: 'am', som: 'so', yor: 'yo', zul: 'zu', xho: 'xh', hau: 'ha', ibo: 'ig',
};

const NAMES: Readonly<Record<string, string>> = {
  english: 'en', german: 'de', deutsch: 'de', french: 'fr', français: 'fr', francais: 'fr', spanish: 'es',
  español: 'es', espanol: 'es', castellano: 'es', latino: 'es-419', italian: 'it', italiano: 'it', japanese: 'ja',
  日本語: 'ja', portuguese: 'pt', português: 'pt', portugues: 'pt', brazilian: 'pt-BR', chinese: 'zh', 中文: 'zh',
  简体: 'zh-Hans', 繁體: 'zh-Hant', 繁体: 'zh-Hant', russian: 'ru', русский: 'ru', korean: 'ko', 한국어: 'ko',
  dutch: 'nl', nederlands: 'nl', flemish: 'nl', swedish: 'sv', svenska: 'sv', norwegian: 'no', norsk: 'no',
  danish: 'da', dansk: 'da', finnish: 'fi', suomi: 'fi', polish: 'pl', polski: 'pl', czech: 'cs', čeština: 'cs',
  slovak: 'sk', hungarian: 'hu', magyar: 'hu', romanian: 'ro', română: 'ro', greek: 'el', turkish: 'tr',
  türkçe: 'tr', arabic: 'ar', hebrew: 'he', hindi: 'hi', thai: 'th', vietnamese: 'vi', indonesian: 'id',
  malay: 'ms', ukrainian: 'uk', bulgarian: 'bg', croatian: 'hr', hrvatski: 'hr', serbian: 'sr', slovenian: 'sl',
  estonian: 'et', latvian: 'lv', lithuanian: 'lt', icelandic: 'is', persian: 'fa', farsi: 'fa', catalan: 'ca',
  català: 'ca', basque: 'eu', galician: 'gl', tamil: 'ta', telugu: 'te', bengali: 'bn', urdu: 'ur',
  tagalog: 'tl', filipino: 'tl',
};

const CODE = /^([a-z]{2,3})(?:[-_]([a-z]{4}|[a-z]{2}|\d{3}))?$/iu;

/**
 * The ISO 639-1 code for a tag, keeping a region or script (`pt-BR`, `zh-Hant`), or null when it is not a
 * language. Codes must be all lower or all upper case: `Dr.No.srt` and `Stephen.King's.It.srt` end in titles.
 */
export function languageOf(tag: string): string | null {
  const text = tag.normalize('NFC');
  const name = NAMES[text.toLowerCase()];
  if (name) return name;
  const match = CODE.exec(text);
  if (!match) return null;
  const code = match[1]!;
  if (code !== code.toLowerCase() && code !== code.toUpperCase()) return null;
  const lower = code.toLowerCase();
  const language = ISO_639_1.has(lower) ? lower : THREE_LETTER[lower];
  if (!language) return null;
  const region = match[2];
  if (!region || language.includes('-')) return language;
  if (region.length === 4) return `${language}-${region[0]!.toUpperCase()}${region.slice(1).toLowerCase()}`;
  return `${language}-${region.toUpperCase()}`;
}
