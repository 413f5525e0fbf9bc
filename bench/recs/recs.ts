// bench/recs: the recommender (#7). (a) Offline evaluation, whole data set and households of 4:
// every ranker's HR@10 / NDCG@10, the blend, and its ratios to popularity and to the best single
// ranker, on MovieLens data when given (--movielens DIR or SEED_MOVIELENS), else on a generated
// ml-100k-size set. (b) A full refit of the five rankers at 20,000 titles and 1,000,000 interactions
// of generated data (median of --rounds), then once with the learned re-ranker's own fit.
// Households are drawn at random: the figures for them are the mean over --draws draws (seed, seed+1, …).
//   npx tsx bench/recs/recs.ts [--movielens DIR] [--draws 4] [--titles 20000] [--events 1000000] [--users 6000] [--rounds 3] [--skip-refit]
import { parseArgs } from 'node:util';
import { evaluate, fitForServing, type EvalReport } from '../../server/src/recommend/evaluate.js';
import { parseMovieLens } from '../../server/src/recommend/movielens.js';
import { readMovieLensDir } from '../../server/src/recommend/recs.command.js';
import { fitRecs } from '../../server/src/recommend/rankers.js';
import { BASE_RANKERS, RANKER_NAMES, type RecsData } from '../../server/src/recommend/recs.types.js';
import { generateMovieLens, toMl100k } from '../../server/src/recommend/synthetic.js';
import { median } from '../stats.js';

const { values } = parseArgs({
  options: {
    movielens: { type: 'string' },
    titles: { type: 'string', default: '20000' },
    events: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '6000' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    draws: { type: 'string', default: '4' },
    'skip-refit': { type: 'boolean', default: false },
    'skip-eval': { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const out = (line = '') => process.stdout.write(`${line}\n`);

function generated(users: number, items: number, ratings: number): RecsData {
  const files = toMl100k(generateMovieLens({ users, items, ratings, clusters: 20, seed }));
  return parseMovieLens({ flavour: '100k', ratings: files.uData, items: files.uItem });
}

function print(label: string, r: EvalReport, draws: EvalReport[] = [r]): void {
  out(`${label}: ${r.users} users, ${r.items} titles, ${r.seconds.toFixed(1)} s`);
  out(`| ranker | HR@10 | NDCG@10 |`);
  out(`| --- | --- | --- |`);
  for (const name of [...RANKER_NAMES, 'blend', 'blendTuned'] as const) out(`| ${name} | ${r.rankers[name].hr10.toFixed(4)} | ${r.rankers[name].ndcg10.toFixed(4)} |`);
  const best = BASE_RANKERS.reduce((a, b) => (r.rankers[a].hr10 >= r.rankers[b].hr10 ? a : b));
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  out(`blend / popularity (HR@10): ${ratio(r.rankers.blend.hr10, r.rankers.popularity.hr10)}; blend / best single (${best}): ${ratio(r.rankers.blend.hr10, r.rankers[best].hr10)}; learned / best single: ${ratio(r.rankers.learned.hr10, r.rankers[best].hr10)}; blendTuned / best single: ${ratio(r.rankers.blendTuned.hr10, r.rankers[best].hr10)}`);
  out(`user by user (McNemar)${draws.length > 1 ? ', each draw' : ''}: ${paired(...draws)}`);
  out(`tuned weights on this data: ${JSON.stringify(r.tunedWeights)}`);
  out();
}

const paired = (...reports: EvalReport[]) =>
  reports.map(({ versusBest: v }) => `${v.blendOnly} test titles hit only by the blend, ${v.rankerOnly} only by ${v.ranker}, p ${v.p.toFixed(3)}`).join('; ');

/** The mean of several draws' figures (each draw evaluates every user once); the weights searched in the first. */
function meanReport(reports: EvalReport[]): EvalReport {
  const mean = (f: (r: EvalReport) => number) => reports.reduce((s, r) => s + f(r), 0) / reports.length;
  const rankers = Object.fromEntries(
    Object.keys(reports[0]!.rankers).map((k) => {
      const name = k as keyof EvalReport['rankers'];
      return [name, { hr10: mean((r) => r.rankers[name].hr10), ndcg10: mean((r) => r.rankers[name].ndcg10) }];
    }),
  ) as EvalReport['rankers'];
  return { ...reports[0]!, rankers, seconds: reports.reduce((s, r) => s + r.seconds, 0) };
}

if (!values['skip-eval']) {
  const dir = values.movielens ?? process.env.SEED_MOVIELENS;
  const data = dir ? readMovieLensDir(dir) : generated(943, 1682, 100_000);
  out(`## (a) offline evaluation on ${dir ? `MovieLens data in ${dir}` : `a generated ml-100k-size set (943 users, 1682 titles, 100,000 ratings, seed ${seed})`}`);
  print('whole data set', evaluate(data, { household: null, seed }));
  const draws = Array.from({ length: Number(values.draws) }, (_, k) => evaluate(data, { household: 4, seed: seed + k }));
  print(`households of 4, mean of ${draws.length} draws`, meanReport(draws), draws);
}

if (!values['skip-refit']) {
  const titles = Number(values.titles);
  const events = Number(values.events);
  const t0 = performance.now();
  const data = generated(Number(values.users), titles, events);
  out(`## (b) full refit: ${data.interactions.item.length} interactions, ${titles} titles, ${data.interactions.profileKeys.length} profiles (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const times: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const start = performance.now();
    const fitted = fitRecs(data);
    const ms = performance.now() - start;
    times.push(ms);
    out(`round ${round + 1}: ${(ms / 1000).toFixed(2)} s (ms: ${BASE_RANKERS.map((r) => `${r} ${fitted.fitMs[r].toFixed(0)}`).join(', ')})`);
  }
  out(`median refit of the five rankers: ${(median(times) / 1000).toFixed(2)} s (target < 30 s)`);
  const start = performance.now();
  fitForServing(data);
  out(`once: the five rankers + the learned re-ranker refitted on a held-out split (1,000 profiles): ${((performance.now() - start) / 1000).toFixed(2)} s`);
}
