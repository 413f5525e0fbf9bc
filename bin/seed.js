#!/usr/bin/env node
// The `seed` command. Runs the compiled CLI; `npm run build` (or `npm start`) makes it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/server/src/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('seed: not built yet; run `npm run build` first\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
await main(process.argv);
