import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { createRunFfmpeg } from '../../transcoder/src/index.js';
import { main } from './cli.js';
import { makeDemoLibrary } from './demo-media.js';
import { locateTools } from './main.js';

/**
 * `npm run demo`: generates a small sample library (a movie and a show with two episodes) in
 * ./demo-library and serves it with its own data folder ./.seed-data/demo. Extra flags go to `seed serve`.
 */
async function demo(args: string[]): Promise<void> {
  const library = resolve('demo-library');
  const tools = locateTools({ ffmpegPath: process.env.SEED_FFMPEG ?? null, ffprobePath: process.env.SEED_FFPROBE ?? null });
  process.stdout.write(`Making sample clips in ${library} …\n`);
  await makeDemoLibrary(library, createRunFfmpeg(tools.ffmpeg.path), { seconds: 30, width: 1280, height: 720, fps: 24 });
  const hasData = args.includes('--data');
  await main([process.argv[0]!, 'seed', 'serve', '--library', library, ...(hasData ? [] : ['--data', join(resolve('.seed-data'), 'demo')]), ...args]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await demo(process.argv.slice(2));
