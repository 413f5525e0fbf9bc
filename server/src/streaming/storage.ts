// The transcodes' disk quota, as pure decisions: what each title's files take, which whole rungs go
// when the folder is over quota, and the master playlist without them. storage.service.ts does the I/O.

export interface RungUsage {
  /** the rung's folder in the ladder ("0" is the lowest) */
  folder: string;
  /** "720p", read from the master playlist; the folder name when the master does not list it */
  name: string;
  bytes: number;
}

export interface TitleUsage {
  itemId: number;
  /** the finished ladder's rungs, lowest first; empty while the title plays just in time */
  rungs: RungUsage[];
  /** the ladder's master playlist and its audio and subtitle renditions: they go with its last rung */
  sharedBytes: number;
  /** head-start and just-in-time segments (transcodes/.live/<id>): never evicted */
  liveBytes: number;
  /** false: a ladder folder nothing serves (its title changed or was removed), the first to go */
  hasRendition: boolean;
  /** when its stream was last served, or else when its ladder was made (ms) */
  lastUsedAt: number;
}

/**
 * `rungs`: some rungs of a ladder go, the others stay listed in its master playlist.
 * `ladder`: the whole finished ladder goes; the title plays just in time again, from its head start.
 */
export type Eviction =
  | { kind: 'rungs'; itemId: number; folders: string[]; bytes: number }
  | { kind: 'ladder'; itemId: number; bytes: number };

export interface EvictionPlan {
  evictions: Eviction[];
  freedBytes: number;
  /** what is still over the quota afterwards: head starts and titles in use are never evicted; 0 when under */
  overBytes: number;
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

export const ladderBytes = (t: Pick<TitleUsage, 'rungs' | 'sharedBytes'>): number => sum(t.rungs.map((r) => r.bytes)) + t.sharedBytes;
export const titleBytes = (t: Pick<TitleUsage, 'rungs' | 'sharedBytes' | 'liveBytes'>): number => ladderBytes(t) + t.liveBytes;

/**
 * What to evict to bring `usedBytes` (all of the transcodes folder) within `quotaBytes`: whole
 * rungs by least predicted use. Without watch history, the title served least recently goes first
 * (a ladder nothing serves before any), and its highest rung first: the biggest, and the one a
 * player reaches last. A title's last rung goes too rather than sparing it, because keeping the
 * lowest rung of every title could by itself exceed the quota; the title then plays just in time
 * from its head start (`.live`, never evicted, and made again when a ladder took its place).
 * Titles in `protectedIds` (being transcoded, played just in time, or next up) are left alone.
 */
export function planEviction(
  titles: readonly TitleUsage[],
  quotaBytes: number,
  opts: { usedBytes?: number; protectedIds?: ReadonlySet<number> } = {},
): EvictionPlan {
  const used = opts.usedBytes ?? sum(titles.map(titleBytes));
  const over = used - Math.max(0, quotaBytes);
  if (over <= 0) return { evictions: [], freedBytes: 0, overBytes: 0 };
  const candidates = titles
    .filter((t) => t.rungs.length > 0 && !opts.protectedIds?.has(t.itemId))
    .sort((a, b) => Number(a.hasRendition) - Number(b.hasRendition) || a.lastUsedAt - b.lastUsedAt || a.itemId - b.itemId);
  const evictions: Eviction[] = [];
  let freed = 0;
  for (const title of candidates) {
    if (freed >= over) break;
    // nothing serves an orphan's ladder: it goes whole
    if (!title.hasRendition) {
      const bytes = ladderBytes(title);
      evictions.push({ kind: 'ladder', itemId: title.itemId, bytes });
      freed += bytes;
      continue;
    }
    const folders: string[] = [];
    let bytes = 0;
    for (let i = title.rungs.length - 1; i >= 0 && freed + bytes < over; i--) {
      folders.push(title.rungs[i]!.folder);
      bytes += title.rungs[i]!.bytes;
    }
    if (folders.length === title.rungs.length) {
      // with its last rung goes the master playlist, and its audio and subtitles
      bytes += title.sharedBytes;
      evictions.push({ kind: 'ladder', itemId: title.itemId, bytes });
    } else evictions.push({ kind: 'rungs', itemId: title.itemId, folders, bytes });
    freed += bytes;
  }
  return { evictions, freedBytes: freed, overBytes: Math.max(0, over - freed) };
}

export interface MasterVariant {
  /** the first path segment of the variant's URI: the rung's folder */
  folder: string;
  /** "720p": the shorter side of RESOLUTION; the folder name when there is none */
  name: string;
}

const STREAM_INF = '#EXT-X-STREAM-INF:';

/** Each EXT-X-STREAM-INF tag with the URI line after it (RFC 8216 §4.3.4.2), as line indexes. */
function variantLines(lines: readonly string[]): { tag: number; uri: number }[] {
  const out: { tag: number; uri: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim().startsWith(STREAM_INF)) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || lines[j]!.trim().startsWith('#'))) j++;
    if (j < lines.length) out.push({ tag: i, uri: j });
    i = j;
  }
  return out;
}

const folderOf = (uri: string) => uri.trim().split('/')[0]!;

/** The variants of a master playlist, in its order. */
export function masterVariants(text: string): MasterVariant[] {
  const lines = text.split('\n');
  return variantLines(lines).map(({ tag, uri }) => {
    const folder = folderOf(lines[uri]!);
    const size = /RESOLUTION=(\d+)x(\d+)/.exec(lines[tag]!);
    return { folder, name: size ? `${Math.min(Number(size[1]), Number(size[2]))}p` : folder };
  });
}

/** The master playlist without the variants whose URI lies in `folders`; every other line (EXT-X-MEDIA too) is kept. */
export function masterWithout(text: string, folders: ReadonlySet<string>): string {
  const lines = text.split('\n');
  const dropped = new Set<number>();
  for (const { tag, uri } of variantLines(lines)) {
    if (folders.has(folderOf(lines[uri]!))) for (let i = tag; i <= uri; i++) dropped.add(i);
  }
  return lines.filter((_, i) => !dropped.has(i)).join('\n');
}
