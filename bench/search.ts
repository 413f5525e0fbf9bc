// bench/search: search as you type over a large catalogue.
//   1. index build: migration 6 run over a filled version-5 database (what an upgrade does), and the
//      cost its triggers add to catalogue writes (titles and credits written with and without them)
//   2. per keystroke: each query typed letter by letter ("s", "st", "str", …; typos and accents among
//      them), side by side: Seed's search for an admin and for a kid, and the plain trigram approach
//      (OR of the query's trigrams, bm25, top 200 re-ranked by trigram overlap) for comparison
//   npx tsx bench/search.ts [--titles 50000] [--links 500000] [--rounds 3] [--save catalogue.db (keep the indexed database and stop)]
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS } from '../server/src/db/migrations.js';
import { migrate, openDatabase, type Db } from '../server/src/db/open.js';
import { FIRST_ADMIN } from '../server/src/profiles/request-viewer.js';
import type { Viewer } from '../server/src/profiles/viewer.js';
import { foldText } from '../server/src/search/search-text.js';
import { createSearchService } from '../server/src/search/search.service.js';
import { createSearchStore } from '../server/src/search/search.store.js';
import { createVocabulary } from '../server/src/search/typo-vocabulary.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    titles: { type: 'string', default: '50000' },
    links: { type: 'string', default: '500000' },
    rounds: { type: 'string', default: '3' },
    save: { type: 'string' },
  },
});
const TITLES = Number(values.titles);
const LINKS = Number(values.links);
const ROUNDS = Number(values.rounds);
const LIMIT = 20;
const KID: Viewer = { profileId: 2, role: 'kid', ceiling: { movie: 'PG', tv: 'TV-Y7', allowUnrated: false }, libraryIds: null };

// ---- a catalogue of made-up but realistic names ----

const ADJECTIVES = 'lost silent dark golden broken hidden frozen burning falling rising wild sweet bitter quiet long last first little old new young secret strange final lonely crimson scarlet silver iron glass paper midnight electric savage gentle endless forgotten distant fallen holy wicked perfect bright empty hollow restless velvet'.split(' ');
const NOUNS = 'city river stone king queen love war peace summer winter autumn spring ocean mountain desert forest island road home house garden door window star moon sun sky fire water earth wind ghost shadow dream story night train harbour lights voyage year heart blood wolf bird horse child mother father brother sister son daughter kingdom empire hunter soldier doctor detective stranger office storm rain snow thunder valley bridge tower castle palace prison station hotel street village planet machine game letter song dance circle mirror key line edge'.split(' ');
const FOREIGN = ['Amélie', 'Été', 'Noël', 'Café', 'Señor', 'Niño', 'Mañana', 'Crème', 'Brûlée', 'Déjà Vu', 'Fiancée', 'Résumé', 'Château', 'Façade', 'Piñata', 'Garçon', 'Über', 'Smörgåsbord', 'Légende', 'Mémoire', 'Année', 'Désir', 'Étoile', 'Cœur', 'Straße'];
const FIRST = 'Winona David Millie Finn Caleb Noah Sadie Natalia Charlie Joe Maya Audrey Mathieu Rufus Steve John Jenna Rainn Mindy Ed Angela Oscar Kevin Meredith Stanley Kelly Ryan Pam Jim Michael Dwight Andy Erin Holly Karen Roy José Renée Zoë Björn Søren Chloé Ángel François Léa Noémie Jürgen Łukasz Anna Maria Peter Paul Emma Olivia Liam Lucas Sofia Isabella Mia Amelia Harper Evelyn Abigail Emily Ella Scarlett Grace Chloe Victoria Riley Aria Lily Aubrey Zoey Penelope Lillian Addison Layla Natalie Camila Hannah Brooklyn'.split(' ');
const LAST = 'Ryder Harbour Brown Wolfhard Matarazzo McLaughlin Schnapp Sink Dyer Heaton Keery Hawke Tautou Kassovitz Carell Krasinski Fischer Wilson Kaling Helms Kinsey Nunez Baumgartner Novak Müller Gómez Núñez Åkesson Lefèvre Dubois Martin Bernard Thomas Petit Robert Richard Durand Leroy Moreau Simon Laurent Dvořák Håkansson Brontë Pérez Ibáñez Smith Johnson Williams Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Anderson Taylor Moore Jackson Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts'.split(' ');
const SYLLABLES = 'kar ven sky ton berg ald ric mon tes vil lan dro fer gus hal ing mer rod sal vin cor del bri tan ros wen lov ash ter nik ola mar sen dal kov ski rin bel har wood field'.split(' ');
const GENRES = ['Action', 'Adventure', 'Animation', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Family', 'Fantasy', 'History', 'Horror', 'Music', 'Mystery', 'Romance', 'Science Fiction', 'Thriller', 'War', 'Western', 'Comédie dramatique', 'Film Noir'];
const MOVIE_RATINGS = ['G', 'PG', 'PG-13', 'R', 'NC-17', null];
const TV_RATINGS = ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA', null];

let state = 20261126;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const cap = (word: string) => word[0]!.toUpperCase() + word.slice(1);

function titleName(): string {
  const noun = () => (random() < 0.04 ? pick(FOREIGN) : cap(pick(NOUNS)));
  switch (Math.floor(random() * 7)) {
    case 0: return `The ${cap(pick(ADJECTIVES))} ${noun()}`;
    case 1: return `${noun()} of the ${noun()}`;
    case 2: return `${cap(pick(ADJECTIVES))} ${noun()}`;
    case 3: return `The ${noun()}`;
    case 4: return `${noun()} ${2 + Math.floor(random() * 4)}`;
    case 5: return `${noun()} and ${noun()}`;
    default: return `A ${cap(pick(ADJECTIVES))} ${noun()} in ${noun()}`;
  }
}

function personName(): string {
  const last = random() < 0.6 ? pick(LAST) : cap(Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join(''));
  return `${pick(FIRST)} ${random() < 0.3 ? `${String.fromCharCode(65 + Math.floor(random() * 26))}. ` : ''}${last}`;
}

/** Movies, series with their episodes, people and genres, and a household's plays: `titles` movies and episodes. */
function fillCatalogue(db: Db, titles: number, links: number): { movies: number; series: number; episodes: number; people: number; sessions: number } {
  const item = db.prepare(
    `INSERT INTO items (id, library_id, group_key, kind, title, sort_title, original_title, year, series_id, season, episode, mpaa, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const series = db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, year, mpaa, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, 0)`);
  const person = db.prepare(`INSERT INTO people (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`);
  const credit = db.prepare(`INSERT INTO item_people (item_id, series_id, person_id, role, ord) VALUES (?, ?, ?, 'actor', ?)`);
  const genre = db.prepare(`INSERT INTO item_genres (item_id, series_id, genre_id) VALUES (?, ?, ?)`);
  const session = db.prepare(`INSERT INTO playback_sessions (item_id, client_id, client_name, method, started_at, last_seen_at) VALUES (?, 'c', 'Chrome on Linux', 'hls', 0, 0)`);
  const counts = { movies: 0, series: 0, episodes: 0, people: 0, sessions: 0 };
  db.transaction(() => {
    db.prepare(`INSERT OR IGNORE INTO libraries (id, name, kind, created_at) VALUES (1, 'Everything', 'mixed', 0)`).run();
    GENRES.forEach((name, i) => db.prepare(`INSERT OR IGNORE INTO genres (id, name) VALUES (?, ?)`).run(i + 1, name));
    const peoplePool: number[] = [];
    for (const name of ['Winona Ryder', 'Audrey Tautou', 'Steve Carell', 'David Harbour']) peoplePool.push((person.get(name) as { id: number }).id);
    // about one new person in four credits: a real library's long tail of names
    const personFor = () => (peoplePool.length < 40 || random() < 0.25 ? (peoplePool.push((person.get(personName()) as { id: number }).id), peoplePool.at(-1)!) : pick(peoplePool));
    const linksPerTitle = links / titles;
    const owned: [number | null, number | null][] = [];
    let itemId = 1;
    let seriesId = 1;
    const known = [
      () => series.run(seriesId, `s${seriesId}`, 'Stranger Things', 'stranger things', 2016, 'TV-14'),
      () => series.run(seriesId, `s${seriesId}`, 'The Office', 'office', 2005, 'TV-14'),
    ];
    while (itemId <= titles) {
      if (itemId === 1 || random() < 0.6 || seriesId > titles / 25) {
        const first = itemId === 1;
        item.run(itemId, `m${itemId}`, 'movie', first ? 'Amélie' : titleName(), 'x', first ? "Le Fabuleux Destin d'Amélie Poulain" : random() < 0.08 ? titleName() : null, 1950 + Math.floor(random() * 75), null, null, null, pick(MOVIE_RATINGS));
        owned.push([itemId, null]);
        counts.movies++;
        itemId++;
      } else {
        const make = known[seriesId - 1] ?? (() => series.run(seriesId, `s${seriesId}`, titleName(), 'x', 1990 + Math.floor(random() * 35), pick(TV_RATINGS)));
        make();
        owned.push([null, seriesId]);
        const episodes = 3 + Math.floor(random() * 20);
        for (let e = 0; e < episodes && itemId <= titles; e++, itemId++) {
          item.run(itemId, `e${itemId}`, 'episode', titleName(), 'x', null, null, seriesId, 1 + Math.floor(e / 10), 1 + (e % 10), random() < 0.2 ? pick(TV_RATINGS) : null);
          owned.push([itemId, null]);
          counts.episodes++;
        }
        counts.series++;
        seriesId++;
      }
    }
    for (const [ownerItem, ownerSeries] of owned) {
      const n = Math.round(linksPerTitle * (0.5 + random()));
      for (let k = 0; k < n; k++) credit.run(ownerItem, ownerSeries, personFor(), k);
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) genre.run(ownerItem, ownerSeries, 1 + Math.floor(random() * GENRES.length));
    }
    counts.people = peoplePool.length;
    // a household's plays: a few titles often, most never
    for (let s = 0; s < 5000; s++) session.run(1 + Math.floor(titles * random() ** 3));
    counts.sessions = 5000;
  })();
  return counts;
}

// ---- the plain trigram approach, for comparison ----

function trigramBaseline(db: Db) {
  const candidates = db.prepare<[string], { text: string }>(
    `SELECT t.text FROM search_trigram f JOIN search_text t ON t.id = f.rowid WHERE search_trigram MATCH ? ORDER BY f.rank LIMIT 200`,
  );
  const grams = (text: string) => {
    const folded = foldText(text);
    const out = new Set<string>();
    for (let i = 0; i + 3 <= folded.length; i++) out.add(folded.slice(i, i + 3));
    return out;
  };
  return (query: string): string[] => {
    const q = grams(query);
    if (q.size === 0) return [];
    const match = [...q].map((g) => `"${g.replaceAll('"', '""')}"`).join(' OR ');
    return candidates
      .all(match)
      .map((r) => {
        const t = grams(r.text);
        let shared = 0;
        for (const g of q) if (t.has(g)) shared++;
        return { text: r.text, similarity: shared / (q.size + t.size - shared) };
      })
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, LIMIT)
      .map((r) => r.text);
  };
}

// ---- the run ----

const QUERIES = [
  'stranger things', 'strnger things', 'amelie', 'amélie', 'the offi', 'the office', 'winona', 'audrey tatou', 'steve carel',
  'comedy', 'science fiction', 'comedie', 'night train', 'harbour lights', 'the long voyage', 'quiet year', 'le fabuleux destin',
  'noel', 'cafe', 'senor', 'jose', 'zoe', 'muller', 'nunez', 'brulee', 'the lost', 'return of the king', 'silent city', 'golden road',
  'iron moon', 'dark water', 'midnight', 'shadow', 'garden of', 'winter war', 'ocean', 'mountain', 'the secret garden', 'broken glass',
  'fallin star', 'gardn', 'montain', 'shdow', 'drak water', 'detectiv', 'chateau', 'ranger', 'a strange', 'kingdom of the', 'dwight',
];

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'seed-bench-search-'));
  try {
    const v5 = join(work, 'v5.db');
    let start = performance.now();
    const filling = openDatabase(v5, MIGRATIONS.filter((m) => m.version <= 5));
    const counts = fillCatalogue(filling, TITLES, LINKS);
    const links = (filling.prepare(`SELECT count(*) AS n FROM item_people`).get() as { n: number }).n;
    filling.pragma('wal_checkpoint(TRUNCATE)');
    filling.close();
    const fillMs = performance.now() - start;
    const sizeOf = (file: string) => statSync(file).size;
    const v5Bytes = sizeOf(v5);

    // 1. the index built by migration 6 over the filled database, as an upgrade does
    const builds: number[] = [];
    let db: Db | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const file = join(work, `v6-${round}.db`);
      copyFileSync(v5, file);
      const upgrading = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 5));
      start = performance.now();
      migrate(upgrading, MIGRATIONS.filter((m) => m.version <= 6));
      builds.push(performance.now() - start);
      if (round === 0) db = upgrading;
      else upgrading.close();
    }
    db!.pragma('wal_checkpoint(TRUNCATE)');
    const v6Bytes = sizeOf(join(work, 'v6-0.db'));
    if (values.save) {
      db!.close();
      copyFileSync(join(work, 'v6-0.db'), values.save);
      console.log(`saved ${values.save}`);
      return;
    }

    // what the triggers add to catalogue writes: 2,000 more titles with their credits, with and without the index
    const writes: Record<string, number[]> = { 'without the index (v5)': [], 'with the index (v6 triggers)': [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, migrations] of [['without the index (v5)', 5], ['with the index (v6 triggers)', 6]] as const) {
        const file = join(work, `writes-${round}-${migrations}.db`);
        const fresh = openDatabase(file, MIGRATIONS.filter((m) => m.version <= migrations));
        state = 7 + round;
        start = performance.now();
        fillCatalogue(fresh, 2000, 20_000);
        writes[label]!.push(performance.now() - start);
        fresh.close();
        rmSync(file, { force: true });
      }
    }

    const store = createSearchStore(db!);
    const vocabularyBuilds: number[] = [];
    for (let i = 0; i < 5; i++) {
      start = performance.now();
      createVocabulary(store.vocabulary());
      vocabularyBuilds.push(performance.now() - start);
    }
    const vocabularySize = store.vocabulary().length;

    // 2. per keystroke
    const search = createSearchService({ store, now: Date.now, vocabularyMaxAgeMs: 10_000 });
    const baseline = trigramBaseline(db!);
    search.search(FIRST_ADMIN, 'warm up', LIMIT);
    const keystrokes = QUERIES.flatMap((q) => Array.from({ length: [...q].length }, (_, i) => [...q].slice(0, i + 1).join('')));
    const variants: Record<string, (q: string) => unknown> = {
      'Seed, an admin': (q) => search.search(FIRST_ADMIN, q, LIMIT),
      'Seed, a kid (PG / TV-Y7)': (q) => search.search(KID, q, LIMIT),
      'trigram OR + bm25, top 200 re-ranked': (q) => baseline(q),
    };
    const times: Record<string, { short: number[]; long: number[]; cpu: number[] }> = Object.fromEntries(Object.keys(variants).map((k) => [k, { short: [], long: [], cpu: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(variants)) {
        for (const q of keystrokes) {
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          run(q);
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          (q.trim().length <= 2 ? times[name]!.short : times[name]!.long).push(ms);
          // the process's own CPU time: what the search costs, without the waits of a shared machine
          times[name]!.cpu.push((cpu.user + cpu.system) / 1000);
        }
      }
    }

    const check = (q: string, viewer = FIRST_ADMIN) => {
      const hit = search.search(viewer, q, LIMIT)[0];
      return hit ? (hit.kind === 'title' ? hit.title.title : hit.name) : '(nothing)';
    };

    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
    const f = (ms: number) => `${ms.toFixed(2)} ms`;
    console.log(`bench/search: ${cpus().length} cores, ${ROUNDS} rounds, limit ${LIMIT}`);
    console.log(`catalogue: ${counts.movies} movies + ${counts.episodes} episodes (${counts.movies + counts.episodes} titles) in ${counts.series} series; ${links} people links to ${counts.people} people; ${GENRES.length} genres; ${counts.sessions} plays`);
    console.log(`  filled (version 5, no index) in ${(fillMs / 1000).toFixed(1)} s, ${(v5Bytes / 1e6).toFixed(0)} MB`);
    console.log(`1. index build (migration 6 over the filled database): median ${(median(builds) / 1000).toFixed(2)} s (${builds.map((b) => (b / 1000).toFixed(2)).join(', ')}); database ${(v5Bytes / 1e6).toFixed(0)} → ${(v6Bytes / 1e6).toFixed(0)} MB`);
    console.log(`   typo vocabulary in memory: ${vocabularySize} words, built in median ${f(median(vocabularyBuilds))} (at start, and at most every 10 s while the catalogue changes)`);
    for (const [label, ms] of Object.entries(writes)) console.log(`   writing 2,000 titles with 20,000 credits ${label}: median ${f(median(ms))}`);
    console.log(`2. per keystroke: ${QUERIES.length} queries typed letter by letter = ${keystrokes.length} searches per round`);
    console.log(`   ${'variant (wall clock)'.padEnd(40)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}   p95 1–2 letters / 3+   CPU p50 / p95`);
    for (const [name, { short, long, cpu }] of Object.entries(times)) {
      const all = [...short, ...long];
      console.log(`   ${name.padEnd(40)} ${f(median(all)).padStart(9)} ${f(pct(all, 0.95)).padStart(9)} ${f(Math.max(...all)).padStart(9)}   ${f(pct(short, 0.95))} / ${f(pct(long, 0.95))}   ${f(median(cpu))} / ${f(pct(cpu, 0.95))}`);
    }
    console.log(`   first hit: "strnger things" → ${check('strnger things')}; "amelie" → ${check('amelie')}; "the offi" → ${check('the offi')}; "audrey tatou" → ${check('audrey tatou')}; "montain" → ${check('montain')}`);
    db!.close();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
