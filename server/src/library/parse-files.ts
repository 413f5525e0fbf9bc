/** What a file is by its extension and the folders it sits in, before any name is read. */

export type FileClass = 'video' | 'subtitle' | 'stub' | 'other';
export type DiscFolder = 'dvd' | 'bluray';

// Jellyfin's NamingOptions and Kodi's video extensions, minus the rare ones nobody names by hand.
// .iso/.img are disc images: recognised so they are grouped and named, though ffmpeg cannot play them directly.
const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mkv', '.mk3d', '.mp4', '.m4v', '.avi', '.mov', '.qt', '.wmv', '.asf', '.webm', '.ts', '.tp', '.m2t', '.m2ts',
  '.mts', '.mpg', '.mpeg', '.mpe', '.m2v', '.vob', '.flv', '.f4v', '.ogv', '.ogm', '.3gp', '.3g2', '.divx', '.xvid',
  '.rm', '.rmvb', '.dv', '.mxf', '.wtv', '.dvr-ms', '.iso', '.img',
]);

const SUBTITLE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.srt', '.ass', '.ssa', '.vtt', '.sub', '.idx', '.sup', '.smi', '.sami', '.mks',
]);

/** `ext` is lower-case with its dot, as `extname` returns it. */
export function classifyExtension(ext: string): FileClass {
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (SUBTITLE_EXTENSIONS.has(ext)) return 'subtitle';
  if (ext === '.disc') return 'stub';
  return 'other';
}

// Folders that NAS systems, file managers and recycle bins create inside shared folders.
const SYSTEM_FOLDERS: ReadonlySet<string> = new Set([
  '@eadir', '@recycle', '#recycle', '#snapshot', '@recently-snapshot', '@tmp', '@sharebin', '$recycle.bin',
  'recycler', 'system volume information', 'lost+found', 'extrafanart', 'extrathumbs', 'metadata', 'certificate',
  'audio_ts',
]);

/** A path component no scanner should descend into or list: hidden (incl. `._x` AppleDouble, `.@__thumb`) or NAS/OS clutter. */
export function isIgnoredComponent(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FOLDERS.has(name.toLowerCase());
}

/** Where a DVD (`VIDEO_TS`) or Blu-ray (`BDMV`) structure starts among the folders, if anywhere. */
export function findDiscFolder(dirs: readonly string[]): { index: number; kind: DiscFolder } | null {
  for (let i = dirs.length - 1; i >= 0; i--) {
    const name = dirs[i]!.toUpperCase();
    if (name === 'VIDEO_TS') return { index: i, kind: 'dvd' };
    if (name === 'BDMV') return { index: i, kind: 'bluray' };
  }
  return null;
}

// Jellyfin's stub tokens: `Movie (2010).dvd.disc` says the disc sits on a shelf as a DVD.
const STUB_TOKENS: Readonly<Record<string, string>> = {
  dvd: 'dvd', hddvd: 'hddvd', bluray: 'bluray', brrip: 'bluray', bd25: 'bluray', bd50: 'bluray',
  vhs: 'vhs', hdtv: 'tv', pdtv: 'tv', dsr: 'tv',
};

/** The stub type of a `.disc` file's name (without `.disc`) and the name without its type token; `disc` when none is given. */
export function stubType(stem: string): { type: string; name: string } {
  const last = /[.\s_-](blu-ray|[a-z0-9]+)$/i.exec(stem);
  const token = last?.[1]?.toLowerCase().replace('-', '');
  if (last && token && STUB_TOKENS[token]) return { type: STUB_TOKENS[token], name: stem.slice(0, last.index) };
  for (const word of stem.toLowerCase().split(/[\s._()[\]-]+/)) {
    if (STUB_TOKENS[word]) return { type: STUB_TOKENS[word], name: stem };
  }
  return { type: 'disc', name: stem };
}
