// The home screen's shelves for one profile (#7): Top picks, Because you watched…, Trending at home,
// New arrivals, a genre it likes, Rediscover — below Continue watching and Next up. The rankers are
// fitted in the background (refit.worker.ts) and never while a request waits; every request scores
// from the profile's history as it is now, so a play, a finish or a thumb shows on the next load.
import type { ShelfDto, TitleCardDto } from '../http/api-types.js';
import type { Logger } from '../log.js';
import { canSee, type Viewer } from '../profiles/viewer.js';
import { DEFAULT_WEIGHTS, fuse } from './blend.js';
import { profileHistory } from './from-history.js';
import { recommend, rankersFor, seenMask, type FittedRecs } from './rankers.js';
import type { CatalogTitle, RecsStore, ThumbRow, TitleKey } from './recs.store.js';
import { RANKER_NAMES, type History, type RankerName, type Weights } from './recs.types.js';
import { topK } from './top-k.js';

/** What a refit gives: the catalogue's titles (item index = position) and every ranker fitted over them. */
export interface RecsSnapshot {
  titles: readonly CatalogTitle[];
  fitted: FittedRecs;
}

/** The running experiment a profile is in for a surface, as the experiments service answers. */
export interface ShelfAssignment {
  experimentId: number;
  variantKey: string;
  config: { weights?: Record<string, number>; ranker?: string };
}

export interface HomeExperiments {
  assign(profileId: number, surface: string): ShelfAssignment | null;
  logExposures(profileId: number, list: { experimentId: number; variantKey: string; itemId: number; shelf: string; position: number }[]): number;
}

export interface HomeOptions {
  /** a refit after a change waits at least this long after the last one */
  minRefitMs: number;
  /** and happens at least this often anyway (titles added, marks, imports) */
  maxAgeMs: number;
  /** cards per shelf */
  shelfSize: number;
  /** cards of a shelf on the first screen: no title twice among them */
  firstScreen: number;
  /** "Rediscover": finished at least this long ago */
  rediscoverAfterMs: number;
}

export const HOME_DEFAULTS: HomeOptions = { minRefitMs: 30_000, maxAgeMs: 10 * 60_000, shelfSize: 20, firstScreen: 8, rediscoverAfterMs: 180 * 86_400_000 };

/** A recommender's key for the card of a title, and back. Exposures name a series by its id negated. */
export const keyOfCard = (t: { type: 'movie' | 'series'; id: number }): TitleKey => (t.type === 'movie' ? `item:${t.id}` : `series:${t.id}`);
const cardOfKey = (key: string): { type: 'movie' | 'series'; id: number } => (key.startsWith('item:') ? { type: 'movie', id: Number(key.slice(5)) } : { type: 'series', id: Number(key.slice(7)) });
export const exposureId = (key: string): number => (key.startsWith('item:') ? Number(key.slice(5)) : -Number(key.slice(7)));

const EMPTY_HISTORY: History = { items: new Int32Array(0), at: new Float64Array(0), weight: new Float32Array(0) };
/** a title counts as liked enough to build "Because you watched" on it */
const LIKED = 0.5;
/** a shelf with fewer titles is not shown */
const MIN_SHELF = 3;
/** finished (or thumbed up), for Rediscover */
const FINISHED = 0.9;
/** what is new is lifted in Top picks: by this share of the list for a title added today, fading to none */
const NEW_LIFT = 0.3;
const NEW_FOR_MS = 30 * 86_400_000;

/**
 * The same order with what cannot play now (its folder unreachable: an unplugged disk) after the rest:
 * still offered when nothing else is, never ahead of a title that plays.
 */
function playableFirst<T>(list: readonly T[], offline: (x: T) => boolean): T[] {
  return [...list.filter((x) => !offline(x)), ...list.filter(offline)];
}

/**
 * A profile starts cold until it has watched or liked something: a thumb down says what not to show,
 * not what it likes, so it alone does not end the cold start.
 */
const isCold = (watches: readonly unknown[], thumbs: readonly { value: number }[]): boolean => watches.length === 0 && !thumbs.some((t) => t.value > 0);

export type HomeService = ReturnType<typeof createHomeService>;

export function createHomeService(deps: {
  store: Pick<RecsStore, 'watchesOf' | 'thumbsOf' | 'thumbOf' | 'setThumb' | 'likeAll'>;
  /** fits every ranker over the database as it is now (a worker thread in the server) */
  refit: () => Promise<RecsSnapshot>;
  /** what the two rows above the shelves hold (their titles are not repeated below) */
  watching: (viewer: Viewer) => { itemId: number; seriesId: number | null }[];
  cards: (viewer: Viewer, titles: readonly { type: 'movie' | 'series'; id: number }[]) => (TitleCardDto | null)[];
  profileName: (profileId: number) => string;
  /** moves with every change of the catalogue's titles, people and genres (search_state): a scan brings a refit */
  catalogGeneration?: () => number;
  experiments?: HomeExperiments;
  now: () => number;
  log: Logger;
  options?: Partial<HomeOptions>;
}) {
  const opts = { ...HOME_DEFAULTS, ...deps.options };
  let snapshot: (RecsSnapshot & { index: Map<string, number>; builtAt: number; generation: number; masks: Map<string, Uint8Array>; newestFirst: Int32Array; byGenre: Map<string, number[]>; trending: Float32Array }) | null = null;
  const generation = () => deps.catalogGeneration?.() ?? 0;
  let refitting: Promise<void> | null = null;
  let changedAt = -Infinity;
  let failures = 0;
  let lastAttemptAt = -Infinity;

  const refit = (): Promise<void> => {
    refitting ??= (async () => {
      const started = deps.now();
      const catalog = generation();
      try {
        const made = await deps.refit();
        const byGenre = new Map<string, number[]>();
        made.titles.forEach((t, i) => t.genres.forEach((g) => (byGenre.get(g) ?? byGenre.set(g, []).get(g)!).push(i)));
        const newestFirst = Int32Array.from(made.titles.keys()).sort((a, b) => made.titles[b]!.addedAt - made.titles[a]!.addedAt || b - a);
        // the household's plays as of the latest: the same for every profile until the next refit
        const trending = new Float32Array(made.titles.length);
        rankersFor(made.fitted.params).popularity.score(made.fitted.models.popularity, EMPTY_HISTORY, trending);
        snapshot = { ...made, index: new Map(made.titles.map((t, i) => [t.key, i])), builtAt: started, generation: catalog, masks: new Map(), newestFirst, byGenre, trending };
        deps.log.info({ titles: made.titles.length, ms: deps.now() - started, fitMs: made.fitted.fitMs, learned: made.fitted.learned !== null }, 'recommender refitted');
        failures = 0;
      } catch (err) {
        failures++;
        deps.log.warn({ err: err instanceof Error ? err.message : String(err), failures }, 'recommender refit failed; the last one stays');
      } finally {
        lastAttemptAt = deps.now();
        refitting = null;
      }
      // the first scan went on while this fit ran over an empty catalogue: fit again now, not on the next request
      if (failures === 0 && snapshot?.titles.length === 0 && generation() !== snapshot.generation) void refit();
    })();
    return refitting;
  };

  /**
   * A refit when one is due; never awaited by a request. Due: none yet; the last is older than
   * maxAgeMs; something changed since it and it is older than minRefitMs; or it knew no title at all
   * and the catalogue has some now (the first scan).
   */
  const refitIfDue = () => {
    if (refitting) return;
    const now = deps.now();
    // after a failure, the next try waits: minRefitMs, doubling, at most maxAgeMs
    if (failures > 0 && now - lastAttemptAt < Math.min(opts.maxAgeMs, opts.minRefitMs * 2 ** (failures - 1))) return;
    if (!snapshot) return void refit();
    const catalogMoved = generation() !== snapshot.generation;
    if (catalogMoved && snapshot.titles.length === 0) return void refit();
    const changed = catalogMoved || changedAt >= snapshot.builtAt;
    if (now - snapshot.builtAt > opts.maxAgeMs || (changed && now - snapshot.builtAt > opts.minRefitMs)) void refit();
  };

  /** 1 for each title the viewer may not see (its ceiling, its libraries); kept per snapshot. */
  const hiddenFor = (s: NonNullable<typeof snapshot>, viewer: Viewer): Uint8Array => {
    const key = `${viewer.profileId}|${JSON.stringify(viewer.ceiling)}|${viewer.libraryIds?.join(',') ?? '*'}`;
    let mask = s.masks.get(key);
    if (!mask) {
      // a series as its cards judge it (canSeeSeries): by its episodes' ratings
      const visible = (t: CatalogTitle) =>
        t.episodeCertifications ? t.episodeCertifications.some((certification) => canSee(viewer, { certification, libraryId: t.libraryId })) : canSee(viewer, t);
      mask = Uint8Array.from(s.titles, (t) => (visible(t) ? 0 : 1));
      s.masks.set(key, mask);
    }
    return mask;
  };

  /** The ranking weights of the profile's variant, over the blend's defaults; a single ranker when it names one. */
  const weightsOf = (assignment: ShelfAssignment | null): Weights => {
    const config = assignment?.config;
    if (config?.ranker && (RANKER_NAMES as readonly string[]).includes(config.ranker)) {
      return Object.fromEntries(RANKER_NAMES.map((r) => [r, r === config.ranker ? 1 : 0])) as Weights;
    }
    const weights = { ...DEFAULT_WEIGHTS };
    for (const [name, value] of Object.entries(config?.weights ?? {})) if ((RANKER_NAMES as readonly string[]).includes(name)) weights[name as RankerName] = value;
    return weights;
  };

  /**
   * The best of `candidates` (in order, with a base value each) picked one at a time, each pick the
   * best value after a penalty for genres and a decade already picked: one kind of title does not
   * fill a shelf. `lift`: added to a title's value (what is new).
   */
  const pickVaried = (s: NonNullable<typeof snapshot>, candidates: readonly number[], base: (i: number, order: number) => number, n: number, penalty: { genre: number; decade: number }, lift: (i: number) => number = () => 0): number[] => {
    const genreCount = new Map<string, number>();
    const decadeCount = new Map<number, number>();
    const picked: number[] = [];
    const left = new Map(candidates.map((i, order) => [i, base(i, order) + lift(i) - order * 1e-6]));
    while (picked.length < n && left.size > 0) {
      let best = -1;
      let bestValue = -Infinity;
      for (const [i, value] of left) {
        const t = s.titles[i]!;
        const seenGenres = t.genres.reduce((sum, g) => sum + (genreCount.get(g) ?? 0), 0) / Math.max(1, t.genres.length);
        const decade = t.year === null ? null : Math.floor(t.year / 10);
        const v = value - penalty.genre * seenGenres - (decade === null ? 0 : penalty.decade * (decadeCount.get(decade) ?? 0));
        if (v > bestValue) {
          bestValue = v;
          best = i;
        }
      }
      left.delete(best);
      picked.push(best);
      const t = s.titles[best]!;
      for (const g of t.genres) genreCount.set(g, (genreCount.get(g) ?? 0) + 1);
      if (t.year !== null) decadeCount.set(Math.floor(t.year / 10), (decadeCount.get(Math.floor(t.year / 10)) ?? 0) + 1);
    }
    return picked;
  };

  /** Popular titles of varied genres and decades (a new profile gets more than one kind of title); titles nobody watched yet follow, newest first. */
  const diverse = (s: NonNullable<typeof snapshot>, scores: Float32Array, skip: Uint8Array, n: number): number[] => {
    // titles with a score (watched here lately), then the newest: never the catalogue's first ids for want of a score
    const candidates = Array.from(topK(scores, Math.max(n * 5, 60), skip)).filter((i) => scores[i]! > 0);
    if (candidates.length < n * 5) {
      const have = new Set(candidates);
      for (const i of s.newestFirst) {
        if (candidates.length >= n * 5) break;
        if (skip[i] === 0 && !have.has(i)) candidates.push(i);
      }
    }
    const top = Math.max(1e-9, ...candidates.map((i) => scores[i]!));
    return pickVaried(s, candidates, (i) => scores[i]! / top, n, { genre: 0.35, decade: 0.25 });
  };

  /**
   * The business rules on a ranking (Top picks): its order kept but lightly varied (a penalty for a
   * genre or decade already picked) and what is new lifted (a title added today as if 30 % of the
   * list higher, fading over 30 days).
   */
  const withRules = (s: NonNullable<typeof snapshot>, ranked: readonly number[], n: number): number[] => {
    const now = deps.now();
    return pickVaried(s, ranked, (_i, order) => 1 - order / Math.max(1, ranked.length), n, { genre: 0.08, decade: 0.04 }, (i) => NEW_LIFT * Math.max(0, 1 - (now - s.titles[i]!.addedAt) / NEW_FOR_MS));
  };

  const profileState = (s: NonNullable<typeof snapshot>, viewer: Viewer) => {
    const thumbs: ThumbRow[] = deps.store.thumbsOf(viewer.profileId);
    const watches = deps.store.watchesOf(viewer.profileId);
    const { history, disliked, unknownSince } = profileHistory(watches, thumbs, s.index);
    // it watched (or liked) a title the last refit did not know since that refit: the next one comes
    // sooner (a thumb on a title removed long ago does not count again and again)
    if (unknownSince !== null && unknownSince >= s.builtAt) changedAt = deps.now();
    const hasHistory = !isCold(watches, thumbs);
    const skip = seenMask(s.titles.length, history);
    const hidden = hiddenFor(s, viewer);
    for (let i = 0; i < skip.length; i++) skip[i]! |= hidden[i]!;
    for (const i of disliked) skip[i] = 1;
    return { history, skip, hidden, disliked, thumbs, hasHistory };
  };

  return {
    /** The first fit (at start, in the background). */
    warm: (): Promise<void> => refit(),
    /** Something a ranking reads changed (a play, a finish): the next refit comes sooner. */
    changed(): void {
      changedAt = deps.now();
    },
    /**
     * A scan finished: a refit when one is due (at once after the first scan), so the first home screen
     * after it has its shelves rather than waiting for a request to ask.
     */
    catalogChanged: (): void => refitIfDue(),
    /** Waits for a refit in progress (tests, the bench). */
    settled: async (): Promise<void> => {
      while (refitting) await refitting;
    },
    /** Fits now and waits (tests, the bench). */
    refitNow: (): Promise<void> => refit(),

    /** The viewer's shelves, each titled with its reason; none before the first fit has finished. */
    shelves(viewer: Viewer): { coldStart: boolean; impressionId: number | null; shelves: ShelfDto[] } {
      refitIfDue();
      const s = snapshot;
      if (!s) {
        return { coldStart: isCold(deps.store.watchesOf(viewer.profileId), deps.store.thumbsOf(viewer.profileId)), impressionId: null, shelves: [] };
      }
      const { fitted, titles } = s;
      const { history, skip, hidden, hasHistory } = profileState(s, viewer);
      // cold: nothing watched or liked at all (not merely nothing the last refit knew)
      const coldStart = !hasHistory;
      const table = rankersFor(fitted.params);
      const assignment = deps.experiments?.assign(viewer.profileId, 'home') ?? null;
      const name = deps.profileName(viewer.profileId);

      // cards by item index, made at most once a request
      const cards = new Map<number, TitleCardDto | null>();
      const cardFor = (i: number): TitleCardDto | null => {
        if (!cards.has(i)) cards.set(i, deps.cards(viewer, [cardOfKey(titles[i]!.key)])[0] ?? null);
        return cards.get(i)!;
      };
      // the first screen: Continue watching and Next up come first, then each shelf's first cards
      const used = new Set<number>();
      for (const w of deps.watching(viewer)) {
        const i = s.index.get(w.seriesId !== null ? `series:${w.seriesId}` : `item:${w.itemId}`);
        if (i !== undefined) used.add(i);
      }
      // each shelf's candidates, best first; the cards and the no-repeat rule come once all are known
      const plans: { id: string; kind: ShelfDto['kind']; title: string; reason: string; ranked: readonly number[] }[] = [];
      const shelf = (id: string, kind: ShelfDto['kind'], title: string, reason: string, ranked: readonly number[]) => plans.push({ id, kind, title, reason, ranked: ranked.slice(0, opts.shelfSize * 3) });
      const scoresOf = (ranker: 'itemKnn' | 'content', h: History) => {
        const out = new Float32Array(titles.length);
        (table[ranker] as { score(m: unknown, h: History, out: Float32Array): void }).score(fitted.models[ranker], h, out);
        return out;
      };
      const positive = (scores: Float32Array, k: number, mask: Uint8Array) => Array.from(topK(scores, k, mask)).filter((i) => scores[i]! > 0);
      const trending = s.trending;

      // Top picks: the blend (or the experiment's variant); a cold profile: popular titles of varied kinds
      const blended = () => {
        const n = opts.shelfSize * 3;
        const made = recommend(fitted, history, { n, weights: weightsOf(assignment), skip });
        if (!assignment || made.items.length >= n) return made.items;
        // a variant whose rankers have little or nothing to say here (EASE on a small library, the learned
        // one not fitted, all weights 0): its own titles first, then the same lists blended by the defaults,
        // so the shelf is never too short to show
        const own = new Set(made.items);
        const rest = Array.from(fuse(made.lists, DEFAULT_WEIGHTS, fitted.params.blend).items).filter((i) => !own.has(i));
        return [...made.items, ...rest].slice(0, n);
      };
      const picks = coldStart ? diverse(s, trending, skip, opts.shelfSize * 2) : withRules(s, Array.from(blended()), opts.shelfSize * 2);
      shelf('top-picks', coldStart ? 'popular' : 'topPicks', coldStart ? 'Popular at home' : `Top picks for ${name}`, coldStart ? 'Titles watched most here lately, of varied kinds, until Seed knows what you like' : 'Chosen for you from everything you watched and liked', picks);

      // Because you watched X: the two titles liked most recently (that it may still see), each with what is watched along with it here (else what is like it)
      const anchors: number[] = [];
      for (let k = history.items.length - 1; k >= 0 && anchors.length < 2; k--) {
        const i = history.items[k]!;
        if (history.weight[k]! >= LIKED && hidden[i] === 0 && cardFor(i) !== null) anchors.push(i);
      }
      const because = anchors.map((i) => {
        const one: History = { items: Int32Array.of(i), at: Float64Array.of(history.at[history.items.indexOf(i)]!), weight: Float32Array.of(1) };
        const along = positive(scoresOf('itemKnn', one), opts.shelfSize * 2, skip);
        const alike = positive(scoresOf('content', one), opts.shelfSize * 2, skip);
        return { i, ranked: [...along, ...alike.filter((x) => !along.includes(x))] };
      });
      const [firstBecause, secondBecause] = because;
      if (firstBecause) shelf(`because:${titles[firstBecause.i]!.key}`, 'because', `Because you watched ${titles[firstBecause.i]!.title}`, `Watched here along with ${titles[firstBecause.i]!.title}, or like it`, firstBecause.ranked);

      // Trending at home: the household's plays, the latest counting most
      if (!coldStart) shelf('trending', 'trending', 'Trending at home', 'What the household has been watching lately', positive(trending, opts.shelfSize * 2, skip));
      if (secondBecause) shelf(`because:${titles[secondBecause.i]!.key}`, 'because', `Because you watched ${titles[secondBecause.i]!.title}`, `Watched here along with ${titles[secondBecause.i]!.title}, or like it`, secondBecause.ranked);

      // New arrivals: the latest titles it has not seen
      const fresh: number[] = [];
      for (const i of s.newestFirst) {
        if (skip[i] === 0) fresh.push(i);
        if (fresh.length >= opts.shelfSize * 2) break;
      }
      shelf('new', 'new', 'New arrivals', 'The latest titles in your libraries', fresh);

      // a genre it likes: unseen titles of its favourite genre, in the order of its picks, then the household's
      if (!coldStart) {
        const genreWeight = new Map<string, number>();
        for (let k = 0; k < history.items.length; k++) for (const g of titles[history.items[k]!]!.genres) genreWeight.set(g, (genreWeight.get(g) ?? 0) + history.weight[k]!);
        const favourite = [...genreWeight.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
        if (favourite) {
          // its picks first, then what the household watches, then the newest
          const pickRank = new Map(picks.map((i, r) => [i, r]));
          const order = (s.byGenre.get(favourite) ?? [])
            .filter((i) => skip[i] === 0)
            .sort((a, b) => (pickRank.get(a) ?? Infinity) - (pickRank.get(b) ?? Infinity) || trending[b]! - trending[a]! || titles[b]!.addedAt - titles[a]!.addedAt || a - b);
          shelf(`genre:${favourite}`, 'genre', `${favourite} you haven't seen`, `Because you watch a lot of ${favourite}`, order.slice(0, opts.shelfSize * 3));
        }
      }

      // Rediscover: what it finished long ago, the most watched first
      const longAgo = deps.now() - opts.rediscoverAfterMs;
      const old: number[] = [];
      for (let k = 0; k < history.items.length; k++) if (history.weight[k]! >= FINISHED && history.at[k]! < longAgo && hidden[history.items[k]!] === 0) old.push(k);
      old.sort((a, b) => history.weight[b]! - history.weight[a]! || history.at[a]! - history.at[b]!);
      shelf('rediscover', 'rediscover', 'Rediscover', 'Titles you loved a while ago', old.map((k) => history.items[k]!));

      // the cards, made once for every candidate (a series the viewer may see no episode of has none);
      // then no title twice among the first cards of the rows above and of the shelves, in order
      const wanted = [...new Set(plans.flatMap((p) => p.ranked))].filter((i) => !cards.has(i));
      const made = deps.cards(viewer, wanted.map((i) => cardOfKey(titles[i]!.key)));
      wanted.forEach((i, n) => cards.set(i, made[n] ?? null));
      const shelves: ShelfDto[] = [];
      for (const p of plans) {
        const shown: number[] = [];
        for (const i of playableFirst(p.ranked, (i) => cards.get(i)?.offline === true)) {
          if (shown.length >= opts.shelfSize) break;
          if (cards.get(i) === null || shown.includes(i) || (shown.length < opts.firstScreen && used.has(i))) continue;
          shown.push(i);
        }
        if (shown.length < MIN_SHELF) continue;
        for (const i of shown.slice(0, opts.firstScreen)) used.add(i);
        shelves.push({ id: p.id, kind: p.kind, title: p.title, reason: p.reason, titles: shown.map((i) => cards.get(i)!) });
      }

      let impressionId: number | null = null;
      if (assignment && deps.experiments) {
        const list = shelves.flatMap((sh) => sh.titles.map((t, position) => ({ experimentId: assignment.experimentId, variantKey: assignment.variantKey, itemId: exposureId(keyOfCard(t)), shelf: sh.id, position })));
        if (list.length > 0) impressionId = deps.experiments.logExposures(viewer.profileId, list);
      }
      return { coldStart, impressionId, shelves };
    },

    /** Titles a new profile picks from: popular here, of varied genres and decades. */
    tasteChoices(viewer: Viewer, n = 24): TitleCardDto[] {
      refitIfDue();
      const s = snapshot;
      if (!s) return [];
      const { skip } = profileState(s, viewer);
      const picked = diverse(s, s.trending, skip, n * 2).map((i) => cardOfKey(s.titles[i]!.key));
      return playableFirst(deps.cards(viewer, picked).flatMap((c) => c ?? []), (c) => c.offline).slice(0, n);
    },

    /** The titles a new profile picked as liked. Titles it may not see are refused (404 by the route). */
    saveTaste(viewer: Viewer, picked: readonly { type: 'movie' | 'series'; id: number }[]): boolean {
      if (deps.cards(viewer, picked).some((c) => c === null)) return false;
      deps.store.likeAll(viewer.profileId, picked.map(keyOfCard), deps.now());
      changedAt = deps.now();
      return true;
    },

    thumbOf: (viewer: Viewer, title: { type: 'movie' | 'series'; id: number }): -1 | 0 | 1 | null => (deps.cards(viewer, [title])[0] ? deps.store.thumbOf(viewer.profileId, keyOfCard(title)) : null),

    /** false: no such title for this viewer. */
    setThumb(viewer: Viewer, title: { type: 'movie' | 'series'; id: number }, value: -1 | 0 | 1): boolean {
      if (!deps.cards(viewer, [title])[0]) return false;
      deps.store.setThumb(viewer.profileId, keyOfCard(title), value, 'thumb', deps.now());
      changedAt = deps.now();
      return true;
    },
  };
}
