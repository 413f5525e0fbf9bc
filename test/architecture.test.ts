import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './helpers/paths.js';

const run = promisify(execFile);

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(repoRoot, path)).isDirectory()) return sources(path);
    return /\.(ts|cts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Every import/export-from specifier in a file, with whether it is type-only. */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) =>
    m.length === 2 ? { spec: m[1]!, typeOnly: false } : { spec: m[3]!, typeOnly: Boolean(m[2]) },
  );
}

// STYLE.md §1: the import rules between the top-level folders
describe('layering', () => {
  test('server never imports electron or the renderer', () => {
    for (const file of sources('server/src')) for (const { spec } of imports(file)) {
      expect(spec, file).not.toMatch(/^electron$|renderer\//);
    }
  });

  test('transcoder imports nothing from server (no HTTP, SQL or Electron)', () => {
    for (const file of sources('transcoder/src')) for (const { spec } of imports(file)) {
      expect(spec, file).not.toMatch(/server\/|^express$|^better-sqlite3$|^electron$/);
    }
  });

  test('renderer may only import types, and only from server/src/http/api-types.ts', () => {
    for (const file of sources('renderer/src')) for (const { spec, typeOnly } of imports(file)) {
      if (!spec.includes('server/')) continue;
      expect(spec, file).toMatch(/server\/src\/http\/api-types(\.js|\.ts)?$/);
      expect(typeOnly, `${file} must use import type`).toBe(true);
    }
  });

  test('only app/src/main.ts and the preload import electron at runtime', () => {
    const runtime = sources('app/src').filter((file) => imports(file).some((i) => i.spec === 'electron' && !i.typeOnly));
    expect(runtime.map((f) => relative('app/src', f)).sort()).toEqual(['main.ts', 'preload.cts']);
  });

  test('SQL lives only in *.store.ts and the migrations', () => {
    for (const file of sources('server/src')) {
      if (/\.store\.ts$|db\/(migrations|migration-\d+-[\w-]+|open)\.ts$/.test(file)) continue;
      expect(readFileSync(join(repoRoot, file), 'utf8'), file).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/);
    }
  });

  test('only transcoder/src/run-ffmpeg.ts spawns ffmpeg or ffprobe', () => {
    for (const file of [...sources('server/src'), ...sources('transcoder/src')]) {
      if (file.endsWith('run-ffmpeg.ts') || file.endsWith('locate.ts')) continue;
      expect(readFileSync(join(repoRoot, file), 'utf8'), file).not.toMatch(/node:child_process/);
    }
  });
});

describe('the build', () => {
  test('server, transcoder and app compile with tsc (what npm start builds)', async () => {
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'server', 'transcoder', 'app'], { cwd: repoRoot });
  }, 180_000);

  test('tests and benchmarks type-check', async () => {
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: repoRoot });
  }, 180_000);

  test('the UI passes svelte-check', async () => {
    const { stdout } = await run(process.execPath, [join(repoRoot, 'node_modules/svelte-check/bin/svelte-check'), '--tsconfig', 'renderer/tsconfig.json', '--output', 'machine'], { cwd: repoRoot });
    expect(stdout).toMatch(/COMPLETED \d+ FILES 0 ERRORS/);
  }, 180_000);
});
