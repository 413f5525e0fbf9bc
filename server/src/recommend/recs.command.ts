// `seed recs eval --movielens DIR`: the rankers measured offline on MovieLens-format data.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { evaluate, type EvalReport } from './evaluate.js';
import { MovieLensError, parseMovieLens, type MovieLensFlavour } from './movielens.js';
import { RANKER_NAMES, type RecsData } from './recs.types.js';

export interface RecsIo {
  out: (line: string) => void;
  /** a bad input: its message, then the process ends with status 2 */
  fail: (message: string) => void;
}

/** Bad input to `seed recs`: a missing folder or file, a malformed line, a bad flag value. */
export class RecsInputError extends Error {}

/** A file's text; a UTF-8 byte-order mark says UTF-8 whatever the format's own encoding, and is dropped. */
function textOf(path: string, encoding: BufferEncoding): string {
  const bytes = readFileSync(path);
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3).toString('utf8') : bytes.toString(encoding);
}

/** Reads ml-100k's u.data + u.item, else ml-latest's ratings.csv + movies.csv, from `dir`. */
export function readMovieLensDir(dir: string): RecsData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RecsInputError(`${dir} is not a folder`);
  const flavours: [MovieLensFlavour, string, string][] = [
    ['100k', 'u.data', 'u.item'],
    ['csv', 'ratings.csv', 'movies.csv'],
  ];
  for (const [flavour, ratings, items] of flavours) {
    if (!existsSync(join(dir, ratings))) continue;
    if (!existsSync(join(dir, items))) throw new RecsInputError(`${dir} has ${ratings} but no ${items}`);
    try {
      // ml-100k's u.item is Latin-1
      const encoding = flavour === '100k' ? 'latin1' : 'utf8';
      const paths = [join(dir, ratings), join(dir, items)];
      // the files' paths name them in an error ("…/u.data line 2: …")
      return parseMovieLens({ flavour, ratings: textOf(paths[0]!, 'utf8'), items: textOf(paths[1]!, encoding) }, paths);
    } catch (err) {
      if (err instanceof MovieLensError) throw new RecsInputError(err.message);
      throw err;
    }
  }
  throw new RecsInputError(`${dir} has neither u.data + u.item (ml-100k) nor ratings.csv + movies.csv (ml-latest-small)`);
}

const integer = (name: string, value: string | undefined, min: number): number | null => {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new RecsInputError(`--${name} must be a whole number of at least ${min}, not ${value}`);
  return Number(value);
};

const ROWS = [...RANKER_NAMES, 'blend', 'blendTuned'] as const;

function printReport(r: EvalReport, out: (line: string) => void): void {
  out(`${r.users} users evaluated, ${r.items} titles${r.household ? `, in households of ${r.household}` : ''}: ${r.seconds.toFixed(1)} s`);
  out(`${'ranker'.padEnd(12)} ${'HR@10'.padStart(7)} ${'NDCG@10'.padStart(8)}`);
  for (const name of ROWS) out(`${name.padEnd(12)} ${r.rankers[name].hr10.toFixed(4).padStart(7)} ${r.rankers[name].ndcg10.toFixed(4).padStart(8)}`);
  const fmt = (w: Record<string, number>) => Object.entries(w).map(([k, v]) => `${k} ${v}`).join(', ');
  const v = r.versusBest;
  out(`blend against ${v.ranker}, user by user: ${v.blendOnly} hit only by the blend, ${v.rankerOnly} only by ${v.ranker} (McNemar exact p ${v.p.toFixed(3)})`);
  out(`blend weights: ${fmt(r.weights)}`);
  out(`blendTuned weights (searched on the validation split): ${fmt(r.tunedWeights)}`);
}

export function addRecsCommands(program: Command, io: RecsIo): void {
  const recs = program.command('recs').description('the recommender: offline evaluation');
  recs
    .command('eval')
    .description('evaluate every ranker and the blend on MovieLens-format data: leave-last-out by time, HR@10 and NDCG@10')
    .requiredOption('--movielens <dir>', "a folder with ml-100k's u.data and u.item, or ml-latest-small's ratings.csv and movies.csv")
    .option('--json', 'print one JSON object')
    .option('--household <n>', 'fit and evaluate within random households of n users, as a real server sees them')
    .option('--seed <s>', 'seed of the households draw and the learned model', '1')
    .action((flags: { movielens: string; json?: boolean; household?: string; seed: string }) => {
      try {
        const household = integer('household', flags.household, 2);
        const seed = integer('seed', flags.seed, 0) ?? 1;
        const data = readMovieLensDir(flags.movielens);
        const report = evaluate(data, { household, seed });
        if (flags.json) {
          const rankers = Object.fromEntries(ROWS.map((n) => [n, report.rankers[n]]));
          io.out(JSON.stringify({ users: report.users, items: report.items, seconds: report.seconds, household: report.household, rankers, versusBest: report.versusBest, weights: report.weights, tunedWeights: report.tunedWeights }));
        } else printReport(report, io.out);
      } catch (err) {
        if (err instanceof RecsInputError) return io.fail(err.message);
        throw err;
      }
    });
}
