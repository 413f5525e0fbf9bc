// The disk quota's pure decisions: which whole rungs go, in which order, and the master playlist without them.
import { describe, expect, test } from 'vitest';
import { ladderBytes, masterVariants, masterWithout, planEviction, titleBytes, type TitleUsage } from '../../../server/src/streaming/storage.js';
import { masterPlaylist } from '../../../transcoder/src/master-playlist.js';

const MB = 1_000_000;

/** A finished ladder with rungs of the given sizes in MB (lowest first), a 1 MB head start and 0.1 MB of playlists. */
const title = (itemId: number, lastUsedAt: number, rungMb: number[], extra: Partial<TitleUsage> = {}): TitleUsage => ({
  itemId,
  rungs: rungMb.map((mb, i) => ({ folder: String(i), name: `${[240, 360, 720, 1080][i]}p`, bytes: mb * MB })),
  sharedBytes: 0.1 * MB,
  liveBytes: 1 * MB,
  hasRendition: true,
  lastUsedAt,
  ...extra,
});

const used = (titles: TitleUsage[]) => titles.reduce((sum, t) => sum + titleBytes(t), 0);
/** [itemId, 'ladder'] or [itemId, folders...] */
const steps = (plan: ReturnType<typeof planEviction>) => plan.evictions.map((e) => (e.kind === 'ladder' ? [e.itemId, 'ladder'] : [e.itemId, ...e.folders]));

describe('planEviction', () => {
  const old = title(1, 1_000, [100, 200, 400]);
  const recent = title(2, 5_000, [100, 200, 400]);
  const middle = title(3, 3_000, [100, 200, 400]);
  const all = [recent, old, middle];

  test('under or at the quota nothing goes', () => {
    expect(planEviction(all, used(all))).toEqual({ evictions: [], freedBytes: 0, overBytes: 0 });
    expect(planEviction(all, used(all) + 1).evictions).toEqual([]);
  });

  test.each([
    ['1 byte over: the least recently served title loses its highest rung', 1, [[1, '2']]],
    ['its top rung exactly', 400 * MB, [[1, '2']]],
    ['more than its top rung: its next rung too, in the same step', 400 * MB + 1, [[1, '2', '1']]],
    // 700.1 MB is all of title 1's ladder: its last rung goes with its playlists
    ['all of its ladder: the title goes back to just in time', 700.1 * MB, [[1, 'ladder']]],
    ['more: the next least recently served title starts losing its rungs, highest first', 700.1 * MB + 1, [[1, 'ladder'], [3, '2']]],
    ['everything evictable', 10_000 * MB, [[1, 'ladder'], [3, 'ladder'], [2, 'ladder']]],
  ])('%s', (_name, overBy, expected) => {
    const plan = planEviction(all, used(all) - overBy);
    expect(steps(plan)).toEqual(expected);
    expect(plan.freedBytes).toBeGreaterThanOrEqual(Math.min(overBy, all.reduce((s, t) => s + ladderBytes(t), 0)));
  });

  test('freed bytes count the rungs and, for a whole ladder, its playlists, audio and subtitles', () => {
    const plan = planEviction(all, used(all) - 700.1 * MB - 1);
    expect(plan.evictions).toEqual([
      { kind: 'ladder', itemId: 1, bytes: 700.1 * MB },
      { kind: 'rungs', itemId: 3, folders: ['2'], bytes: 400 * MB },
    ]);
    expect(plan.freedBytes).toBe(1100.1 * MB);
    expect(plan.overBytes).toBe(0);
  });

  test('head starts are never evicted: when only they are left, the plan says how far over it stays', () => {
    const titles = [title(1, 1_000, [100]), title(2, 2_000, [], { sharedBytes: 0, liveBytes: 50 * MB })];
    const plan = planEviction(titles, 10 * MB);
    expect(steps(plan)).toEqual([[1, 'ladder']]);
    // left: title 1's head start (1 MB) and title 2's 50 MB of just-in-time segments
    expect(plan.overBytes).toBe(51 * MB - 10 * MB);
  });

  test('a title losing all its rungs becomes just in time; one keeping some keeps its lowest', () => {
    const plan = planEviction([title(1, 1, [100, 200]), title(2, 2, [100, 200])], 0, { usedBytes: 500.2 * MB });
    expect(plan.evictions.map((e) => e.kind)).toEqual(['ladder', 'ladder']);
    const partial = planEviction([title(1, 1, [100, 200, 400])], 0, { usedBytes: 500 * MB });
    expect(partial.evictions).toEqual([{ kind: 'rungs', itemId: 1, folders: ['2', '1'], bytes: 600 * MB }]);
  });

  test('protected titles (in progress, next up) are skipped, whatever their age', () => {
    const plan = planEviction(all, used(all) - 1, { protectedIds: new Set([1]) });
    expect(steps(plan)).toEqual([[3, '2']]);
    expect(steps(planEviction(all, 0, { protectedIds: new Set([1, 2, 3]) }))).toEqual([]);
  });

  test('a ladder nothing serves (its title changed or went) goes first and whole, however recent', () => {
    const orphan = title(9, 9_999, [100, 200], { hasRendition: false });
    expect(steps(planEviction([...all, orphan], used([...all, orphan]) - 1))).toEqual([[9, 'ladder']]);
  });

  test('ties on the time go to the lower item id; titles without a ladder are not candidates', () => {
    const plan = planEviction([title(5, 1, [10]), title(4, 1, [10]), title(6, 0, [], { liveBytes: 500 * MB })], 0, { usedBytes: 20.2 * MB });
    expect(steps(plan)).toEqual([[4, 'ladder'], [5, 'ladder']]);
  });

  test('usedBytes given (with scratch files) counts instead of the titles alone', () => {
    expect(steps(planEviction([old], titleBytes(old), { usedBytes: titleBytes(old) + 1 }))).toEqual([[1, '2']]);
  });
});

describe('master playlist', () => {
  const rung = (height: number, width: number) => ({ name: `${height}p`, height, width, videoKbps: 1000 });
  const master = masterPlaylist(
    [
      { rung: rung(240, 426), uri: '0/index.m3u8', peakBps: 500_000, averageBps: 400_000, codecs: 'avc1.64001e,mp4a.40.2' },
      { rung: rung(720, 1280), uri: '1/index.m3u8', peakBps: 3_000_000, averageBps: 2_500_000, codecs: 'avc1.64001f,mp4a.40.2' },
      { rung: rung(1080, 1920), uri: '2/index.m3u8', peakBps: 6_000_000, averageBps: 5_000_000, codecs: 'avc1.640028,mp4a.40.2' },
    ],
    25,
    { audio: [{ name: 'English', language: 'en', uri: null }, { name: 'Français', language: 'fr', uri: 'a1/index.m3u8' }], subtitles: [{ name: 'English', language: 'en', uri: 's0/index.m3u8', isForced: false }] },
  );

  test('variants: the folder and the rung name (the shorter side), in order', () => {
    expect(masterVariants(master)).toEqual([
      { folder: '0', name: '240p' },
      { folder: '1', name: '720p' },
      { folder: '2', name: '1080p' },
    ]);
    // portrait video: the name is its shorter side too
    expect(masterVariants('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=1080x1920\n0/index.m3u8\n')).toEqual([{ folder: '0', name: '1080p' }]);
  });

  test('without a rung: its tag and URI go, every other line stays (EXT-X-MEDIA too)', () => {
    const without = masterWithout(master, new Set(['2']));
    expect(masterVariants(without).map((v) => v.folder)).toEqual(['0', '1']);
    const lines = master.split('\n');
    const gone = lines.findIndex((l) => l === '2/index.m3u8');
    expect(without.split('\n')).toEqual(lines.filter((_, i) => i !== gone && i !== gone - 1));
    expect(without).toContain('#EXT-X-MEDIA:TYPE=AUDIO');
    expect(without).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES');
    expect(without.endsWith('\n')).toBe(true);
  });

  test('without several rungs, or none', () => {
    expect(masterVariants(masterWithout(master, new Set(['2', '1'])))).toEqual([{ folder: '0', name: '240p' }]);
    expect(masterWithout(master, new Set())).toBe(master);
    expect(masterWithout(master, new Set(['a1']))).toBe(master); // a rendition's URI is in an attribute, not a variant
  });
});
