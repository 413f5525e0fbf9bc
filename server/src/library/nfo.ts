import { basename, dirname, extname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { seasonOfFolder } from './local-artwork.js';

/** Kodi .nfo sidecars (https://kodi.wiki/view/NFO_files), as written by Kodi, Jellyfin, Emby, tinyMediaManager. */
export interface NfoActor { name: string; role: string | null; order: number | null; thumb: string | null }

export interface NfoRating {
  /** "imdb", "themoviedb", …; null for a bare <rating> */
  source: string | null;
  value: number;
  max: number;
  votes: number | null;
  isDefault: boolean;
}

/** Ids by lower-case type ("imdb", "tmdb", "tvdb", …), stored as found. */
export type UniqueIds = Readonly<Record<string, string>>;

export interface NfoInfo {
  title: string | null;
  originalTitle: string | null;
  sortTitle: string | null;
  /** episodes: the series' title */
  showTitle: string | null;
  /** prose: HTML flattened, <br> kept as line breaks */
  plot: string | null;
  outline: string | null;
  tagline: string | null;
  year: number | null;
  /** YYYY-MM-DD from <premiered>, <aired> or <releasedate> */
  premiered: string | null;
  /** repeated elements, "A / B" split, de-duplicated */
  genres: readonly string[];
  studios: readonly string[];
  tags: readonly string[];
  countries: readonly string[];
  directors: readonly string[];
  /** <credits> and <writer> */
  writers: readonly string[];
  cast: readonly NfoActor[];
  ratings: readonly NfoRating[];
  /** the default rating (else the first) on a 0–10 scale */
  rating: number | null;
  /** 1–10; Kodi's 0 means unset */
  userRating: number | null;
  /** "PG-13", "TV-MA", "12": country prefixes and "Rated " removed */
  certification: string | null;
  runtimeMinutes: number | null;
  season: number | null;
  episode: number | null;
  uniqueIds: UniqueIds;
}

export type NfoData =
  | { kind: 'movie'; info: NfoInfo }
  | { kind: 'tvshow'; info: NfoInfo }
  /** one entry per <episodedetails>: a multi-episode file has several */
  | { kind: 'episode'; episodes: readonly NfoInfo[] }
  /** an nfo holding only a link (IMDb, TMDB, TheTVDB URL) */
  | { kind: 'link'; uniqueIds: UniqueIds };

export type NfoKind = 'movie' | 'episode' | 'tvshow';

type Node = Record<string, unknown>;

const ROOTS = ['movie', 'tvshow', 'episodedetails'] as const;
type Root = (typeof ROOTS)[number];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // entities are decoded afterwards, with the HTML names that hand-written files use (&eacute;);
  // off, a DOCTYPE cannot define entities either
  processEntities: false,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  // prose may hold HTML (<b>, <br/>): kept raw, flattened by prose()
  stopNodes: ['*.plot', '*.outline', '*.tagline'],
});

// Latin-1 entity names in code point order from U+00A0, plus the typographic ones plots use
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ...LATIN1.split(' ').map((name, i) => [name, String.fromCharCode(0xa0 + i)] as [string, string]),
  ...Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', hellip: '\u2026', bull: '\u2022', trade: '\u2122', euro: '\u20ac', OElig: '\u0152', oelig: '\u0153', Scaron: '\u0160', scaron: '\u0161' }),
]);

/** XML and HTML named entities and numeric references; unknown ones and a bare "&" stay as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,7});/gi, (match, body: string) => {
    if (body[0] !== '#') return ENTITIES.get(body) ?? match;
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** "Rated PG-13", "US:PG-13 / GB:12A", "Rated R for violence" → "PG-13", "PG-13", "R". */
export function normaliseCertification(raw: string | null): string | null {
  const firstPart = (raw ?? '').split(/\s+\/\s+|\s*\|\s*/).map((p) => p.trim()).find(Boolean) ?? '';
  const unprefixed = firstPart.replace(/^[a-z][a-z .]{1,20}:\s*/i, '');
  const rated = /^rated\s+(\S+)/i.exec(unprefixed);
  const value = (rated ? rated[1]! : unprefixed).trim();
  return value === '' ? null : value;
}

/** "8.5", "8,5" (decimal comma), "1,234,567" (thousands) → number; anything else → null. */
function parseDecimal(raw: string | null): number | null {
  if (raw === null) return null;
  const s = raw.trim();
  const normal = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  const n = /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** "2010-07-16", "2010-7-6", "2010/07/16 00:00:00" → "2010-07-16"; anything else → null. */
function parseDate(raw: string | null): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(raw?.trim() ?? '');
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1870) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "142", "142 min", "2h 22m", "2:22:00" → minutes; 0 or unreadable → null. */
function parseRuntimeMinutes(raw: string | null): number | null {
  const s = raw?.trim() ?? '';
  const hm = /^(\d+)\s*h(?:ours?|rs?)?\s*(?:(\d+)\s*m)?/i.exec(s) ?? /^(\d+):(\d{2})(?::\d{2})?$/.exec(s);
  const minutes = hm ? Number(hm[1]) * 60 + Number(hm[2] ?? 0) : Number.parseInt(s, 10);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : null;
}

/**
 * Repeated elements, each possibly joined ("Action / Adventure"): split, trimmed, de-duplicated.
 * 'loose' (genres) also splits "Action/Adventure"; 'strict' needs spaces round "/" ("AC/DC" stays).
 */
function splitList(values: readonly string[], mode: 'loose' | 'strict'): string[] {
  const separator = mode === 'loose' ? /\s*[/|;]\s*/ : /\s+\/\s+|\s*[|;]\s*/;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of values.flatMap((v) => v.split(separator))) {
    const item = part.trim();
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

/** IMDb, TMDB and TheTVDB ids in free text: a link-only nfo, or the link Kodi allows after the XML. */
function idsInText(text: string): Record<string, string> {
  const ids: Record<string, string> = {};
  const imdb = /\b(tt\d{7,9})\b/.exec(text);
  const tmdb = /themoviedb\.org\/(?:movie|tv)\/(\d+)/i.exec(text);
  const tvdb = /thetvdb\.com\/\S*?(?:[?&](?:id|seriesid)=|\/series\/)(\d+)/i.exec(text);
  if (imdb) ids.imdb = imdb[1]!;
  if (tmdb) ids.tmdb = tmdb[1]!;
  if (tvdb) ids.tvdb = tvdb[1]!;
  return ids;
}

const asNode = (value: unknown): Node => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {});
const children = (node: Node, tag: string): unknown[] => (Array.isArray(node[tag]) ? (node[tag] as unknown[]) : []);

function text(value: unknown): string | null {
  const raw = typeof value === 'string' ? value : typeof asNode(value)['#text'] === 'string' ? (asNode(value)['#text'] as string) : '';
  const decoded = decodeEntities(raw).trim();
  return decoded === '' ? null : decoded;
}

const first = (node: Node, ...tags: string[]): string | null => {
  for (const tag of tags) for (const child of children(node, tag)) { const t = text(child); if (t) return t; }
  return null;
};
const all = (node: Node, ...tags: string[]): string[] => tags.flatMap((tag) => children(node, tag).map(text)).filter((t): t is string => t !== null);
const attr = (value: unknown, name: string): string | null => {
  const a = asNode(value)[`@${name}`];
  return typeof a === 'string' && a.trim() !== '' ? a.trim() : null;
};

/** CDATA unwrapped, <br> as line breaks, other tags dropped, entities decoded. */
function prose(node: Node, tag: string): string | null {
  for (const child of children(node, tag)) {
    if (typeof child !== 'string') continue;
    const flat = child
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?[a-z][^>]*>/gi, '');
    const cleaned = decodeEntities(flat).split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).join('\n').trim();
    if (cleaned) return cleaned;
  }
  return null;
}

const wholeNumber = (value: string | null, min: number): number | null => {
  const n = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= min ? n : null;
};

function ratingsOf(node: Node): NfoRating[] {
  const out: NfoRating[] = [];
  for (const group of children(node, 'ratings')) {
    for (const r of children(asNode(group), 'rating')) {
      const value = parseDecimal(first(asNode(r), 'value') ?? text(r));
      if (value === null) continue;
      const max = parseDecimal(attr(r, 'max')) || 10;
      out.push({ source: attr(r, 'name'), value, max, votes: parseDecimal(first(asNode(r), 'votes')), isDefault: attr(r, 'default') === 'true' });
    }
  }
  const bare = parseDecimal(first(node, 'rating'));
  if (bare !== null) out.push({ source: null, value: bare, max: 10, votes: parseDecimal(first(node, 'votes')), isDefault: out.length === 0 });
  return out;
}

function castOf(node: Node): NfoActor[] {
  return children(node, 'actor')
    .map(asNode)
    // Emby lists directors and writers as <actor> too, with a <type>
    .filter((a) => !/^(director|writer|producer|composer)$/i.test(first(a, 'type') ?? ''))
    .map((a, index) => ({ name: first(a, 'name'), role: first(a, 'role'), order: wholeNumber(first(a, 'order', 'sortorder'), 0), thumb: first(a, 'thumb'), index }))
    .filter((a): a is typeof a & { name: string } => a.name !== null)
    .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
    .map(({ index: _index, ...actor }) => Object.freeze(actor));
}

function uniqueIdsOf(node: Node): Record<string, string> {
  const ids: Record<string, string> = {};
  const put = (type: string, id: string | null) => { if (id && !(type in ids)) ids[type] = id; };
  for (const u of children(node, 'uniqueid')) {
    const type = attr(u, 'type')?.toLowerCase() ?? (/^tt\d+$/.test(text(u) ?? '') ? 'imdb' : null);
    if (type) put(type, text(u));
  }
  put('imdb', first(node, 'imdbid', 'imdb_id'));
  put('tmdb', first(node, 'tmdbid', 'tmdb_id'));
  put('tvdb', first(node, 'tvdbid', 'tvdb_id'));
  // older files: <id> is the IMDb id for movies
  const id = first(node, 'id');
  if (id && /^tt\d+$/.test(id)) put('imdb', id);
  return ids;
}

function infoOf(root: Root, node: Node, idsFromText: Record<string, string>): NfoInfo {
  const ratings = ratingsOf(node);
  const main = ratings.find((r) => r.isDefault) ?? ratings[0];
  const premiered = parseDate(first(node, 'premiered', 'aired', 'releasedate'));
  const year = wholeNumber(first(node, 'year'), 1) ?? (premiered ? Number(premiered.slice(0, 4)) : null);
  const userRating = parseDecimal(first(node, 'userrating'));
  const isEpisode = root === 'episodedetails';
  const freeze = <T>(items: T[]) => Object.freeze(items) as readonly T[];
  return Object.freeze({
    title: first(node, 'title') ?? (root === 'tvshow' ? first(node, 'showtitle') : null),
    originalTitle: first(node, 'originaltitle'),
    sortTitle: first(node, 'sorttitle'),
    showTitle: isEpisode ? first(node, 'showtitle') : null,
    plot: prose(node, 'plot'),
    outline: prose(node, 'outline'),
    tagline: prose(node, 'tagline'),
    year: year !== null && year >= 1870 && year <= 2200 ? year : null,
    premiered,
    genres: freeze(splitList(all(node, 'genre'), 'loose')),
    studios: freeze(splitList(all(node, 'studio'), 'strict')),
    tags: freeze(splitList(all(node, 'tag'), 'strict')),
    countries: freeze(splitList(all(node, 'country'), 'strict')),
    directors: freeze(splitList(all(node, 'director'), 'strict')),
    writers: freeze(splitList(all(node, 'credits', 'writer'), 'strict')),
    cast: freeze(castOf(node)),
    ratings: freeze(ratings.map((r) => Object.freeze(r))),
    rating: main ? Math.round((main.value / (main.max > 0 ? main.max : 10)) * 1000) / 100 : null,
    userRating: userRating !== null && userRating > 0 ? userRating : null,
    certification: normaliseCertification(first(node, 'mpaa', 'certification', 'contentrating')),
    runtimeMinutes: parseRuntimeMinutes(first(node, 'runtime')),
    season: isEpisode ? wholeNumber(first(node, 'season'), 0) : null,
    episode: isEpisode ? wholeNumber(first(node, 'episode'), 0) : null,
    uniqueIds: Object.freeze({ ...idsFromText, ...uniqueIdsOf(node) }),
  });
}

/** The XML of the first known root element, with whatever precedes it and follows its last closing tag cut off. */
function rootXml(text: string): { root: Root; xml: string; rest: string } | null {
  const found = ROOTS.map((root) => ({ root, at: text.search(new RegExp(`<${root}[\\s>/]`, 'i')) }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (!found) return null;
  const close = `</${found.root}>`;
  const end = text.toLowerCase().lastIndexOf(close);
  const stop = end > found.at ? end + close.length : text.length;
  return { root: found.root, xml: text.slice(found.at, stop), rest: text.slice(0, found.at) + text.slice(stop) };
}

/**
 * Pure: an .nfo's text → its metadata, or null when it holds nothing usable. Tolerates a BOM, the
 * XML declaration, CDATA, HTML entities, a link after the XML and junk after the root. Never throws.
 */
export function parseNfo(xmlText: string): NfoData | null {
  try {
    const clean = xmlText.replace(/^\uFEFF/, '');
    const found = rootXml(clean);
    if (!found) {
      const ids = idsInText(clean);
      return Object.keys(ids).length > 0 ? Object.freeze({ kind: 'link', uniqueIds: Object.freeze(ids) }) : null;
    }
    const doc = asNode(parser.parse(found.xml));
    // root tags are matched case-insensitively, like the search above
    const key = Object.keys(doc).find((k) => k.toLowerCase() === found.root);
    const nodes = key ? children(doc, key).map(asNode) : [];
    if (nodes.length === 0) return null;
    const idsFromText = idsInText(found.rest);
    switch (found.root) {
      case 'movie':
        return Object.freeze({ kind: 'movie', info: infoOf('movie', nodes[0]!, idsFromText) });
      case 'tvshow':
        return Object.freeze({ kind: 'tvshow', info: infoOf('tvshow', nodes[0]!, idsFromText) });
      case 'episodedetails':
        return Object.freeze({ kind: 'episode', episodes: Object.freeze(nodes.map((n) => infoOf('episodedetails', n, idsFromText))) });
    }
  } catch {
    return null;
  }
}

const DISC_FOLDER = /^(video_ts|bdmv)$/i;

/**
 * Candidate .nfo paths for a video, most specific first. Names are Kodi's canonical ones; match them
 * case-insensitively against the folder listing. 'tvshow' gives the show's nfo for one of its episodes.
 */
export function nfoFilesFor(videoPath: string, kind: NfoKind): string[] {
  const dir = dirname(videoPath);
  const stem = basename(videoPath, extname(videoPath));
  switch (kind) {
    case 'movie': {
      if (DISC_FOLDER.test(basename(dir))) {
        const discNfo = /^video_ts$/i.test(basename(dir)) ? 'VIDEO_TS.nfo' : 'index.nfo';
        return [join(dir, discNfo), join(dirname(dir), 'movie.nfo'), join(dirname(dir), `${basename(dirname(dir))}.nfo`)];
      }
      return [join(dir, `${stem}.nfo`), join(dir, 'movie.nfo')];
    }
    case 'episode':
      return [join(dir, `${stem}.nfo`)];
    case 'tvshow':
      return [join(seasonOfFolder(basename(dir)) === null ? dir : dirname(dir), 'tvshow.nfo')];
  }
}
