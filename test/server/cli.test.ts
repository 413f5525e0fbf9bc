// `seed` as users run it: a real process, real ports, real files in temporary data folders.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { clips, demoLibrary } from '../helpers/clips.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir, waitFor } from '../helpers/server.js';

const CLI = join(repoRoot, 'server', 'src', 'cli.ts');
const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
// a server on loopback, on a free port, that announces nothing
const SERVE = ['serve', '--host', '127.0.0.1', '--no-discovery', '--port', '0'];

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Run {
  child: ChildProcess;
  /** everything written so far */
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function newDir(): Promise<string> {
  const dir = await tempDir('seed-cli-');
  dirs.push(dir);
  return dir;
}

/** The environment of a user who set no SEED_* variable, plus `env`. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SEED_')));
  return { ...base, ...env };
}

/** `seed ...args` through tsx's loader, as `npm run dev` does. */
function start(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const run = (args: string[], env: Record<string, string> = {}) => start(args, env).exited;

/** Starts `seed serve` and waits for the line with its URL. */
async function serve(args: string[], env: Record<string, string> = {}): Promise<Run & { url: string }> {
  const server = start([...SERVE, ...args], env);
  let early: Exit | null = null;
  void server.exited.then((e) => (early = e));
  const url = await waitFor(() => {
    if (early) throw new Error(`seed serve exited early with ${early.code}:\n${early.stderr}\n${early.stdout}`);
    return /Seed is running at (http:\/\/\S+)/.exec(server.stdout())?.[1];
  }, 'seed serve to print its URL');
  return { ...server, url };
}

async function stop(server: Run): Promise<Exit> {
  server.child.kill('SIGTERM');
  return server.exited;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.json();
}

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { port: (server.address() as AddressInfo).port, server };
}

function userVersion(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('bad input', () => {
  test.concurrent('an unknown flag fails with the usage of the command', async () => {
    const data = join(await newDir(), 'data');
    const exit = await run(['serve', '--data', data, '--bogus']);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain("unknown option '--bogus'");
    expect(exit.stderr).toContain('Usage: seed serve');
    expect(existsSync(data)).toBe(false);
  });

  test.concurrent('a library that does not exist is named, and nothing is written', async () => {
    const data = join(await newDir(), 'not-yet');
    const exit = await run([...SERVE, '--data', data, '--library', '/does/not/exist']);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('/does/not/exist');
    expect(exit.stderr).toContain('is not an existing folder');
    expect(existsSync(data)).toBe(false);
  });

  test.concurrent('a library that is a file, not a folder, is named, and nothing is written', async () => {
    const data = join(await newDir(), 'not-yet');
    const exit = await run([...SERVE, '--data', data, '--library', clips.tiny]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(clips.tiny);
    expect(exit.stderr).toContain('is not an existing folder');
    expect(existsSync(data)).toBe(false);
  });

  test.concurrent('a port in use is named, with the flag that changes it', async () => {
    const { port, server } = await occupiedPort();
    try {
      const data = await newDir();
      const exit = await run(['serve', '--host', '127.0.0.1', '--no-discovery', '--data', data, '--port', String(port)]);
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain(String(port));
      expect(exit.stderr).toContain('--port');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test.concurrent('SEED_PORT=abc is an error naming the setting', async () => {
    const data = await newDir();
    const exit = await run(['serve', '--host', '127.0.0.1', '--no-discovery', '--data', data], { SEED_PORT: 'abc' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^seed: .*"port".*environment/m);
  });

  test.concurrent('a bad port in config.json is an error naming the setting and the file', async () => {
    const data = await newDir();
    await writeFile(join(data, 'config.json'), JSON.stringify({ port: 'x' }));
    const exit = await run(['serve', '--host', '127.0.0.1', '--no-discovery', '--data', data]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('"port"');
    expect(exit.stderr).toContain('config.json');
  });

  test.concurrent('a database written by a newer Seed is refused and left alone', async () => {
    const data = await newDir();
    const file = join(data, 'seed.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const exit = await run([...SERVE, '--data', data]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('newer');
    expect(exit.stderr).toContain(file);
    expect(userVersion(file)).toBe(999);
  });
});

describe('seed serve', () => {
  test.concurrent('serves /api/health, says how to add a library, and stops cleanly on SIGTERM', async () => {
    const data = join(await newDir(), 'fresh');
    const server = await serve(['--data', data]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
      expect(await getJson(`${server.url}/api/health`)).toEqual({ status: 'ok', version });
      // printed right after the URL, in the same tick
      await waitFor(() => server.stdout().includes('No library yet'), 'the line about adding a library');
      expect(server.stdout()).toContain('--library');
    } finally {
      const exit = await stop(server);
      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(0);
    }
    expect(await readFile(join(data, 'logs', 'seed.log'), 'utf8')).toContain('stopped');
    expect(existsSync(join(data, 'seed.db'))).toBe(true);
  });

  test.concurrent('--library serves the titles it finds', async () => {
    const data = await newDir();
    const server = await serve(['--data', data, '--library', demoLibrary]);
    try {
      expect(server.stdout()).not.toContain('No library yet');
      const titles = await waitFor(async () => {
        const { items } = (await getJson(`${server.url}/api/items`)) as { items: { title: string; seriesTitle: string | null }[] };
        return items.length === 3 && items.map((i) => i.seriesTitle ?? i.title).sort();
      }, 'three titles in /api/items');
      expect(titles).toEqual(['Big Buck Test', 'Test Show', 'Test Show']);
    } finally {
      expect((await stop(server)).code).toBe(0);
    }
  });
});

describe('seed scan', () => {
  test.concurrent('lists what it found, and a second scan adds nothing', async () => {
    const data = await newDir();
    const first = await run(['scan', demoLibrary, '--data', data]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 video files: 3 added');
    expect(first.stdout).toContain('Big Buck Test (2020)');
    expect(first.stdout).toContain('Test Show S01E01');
    expect(first.stdout).toContain('Test Show S01E02');

    const second = await run(['scan', demoLibrary, '--data', data]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('3 video files: 0 added, 0 updated, 0 moved, 0 removed, 0 skipped');
  });

  test.concurrent('a folder that does not exist is named', async () => {
    const data = join(await newDir(), 'not-yet');
    const exit = await run(['scan', '/does/not/exist', '--data', data]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('/does/not/exist is not an existing folder');
    expect(existsSync(data)).toBe(false);
  });
});

describe('seed doctor', () => {
  test.concurrent('reports tools, encoders, paths and the default port', async () => {
    const data = await newDir();
    const exit = await run(['doctor', '--data', data]);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/^ffmpeg +\S/m);
    expect(exit.stdout).toMatch(/^ffprobe +\S/m);
    expect(exit.stdout).toContain(data);
    expect(exit.stdout).toContain('8420 (default port)');
    expect(exit.stdout).toMatch(/H\.264 encoders: .*libx264/);
    expect(exit.stdout).toContain('All good.');
  });

  test.concurrent('reports a --port given on the command line', async () => {
    const data = await newDir();
    const exit = await run(['doctor', '--data', data, '--port', '9123']);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain(':9123');
    expect(exit.stdout).not.toContain('default port');
  });
});

// the real argv layering, end to end: a flag beats the environment, which beats config.json
test.concurrent('flags beat SEED_* which beat config.json', async () => {
  const data = await newDir();
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'config.json'), JSON.stringify({ port: 1111, segmentSeconds: 7 }));
  const fromFile = await run(['doctor', '--data', data]);
  expect(fromFile.stdout).toContain(':1111');
  expect(fromFile.stdout).toContain('7 s segments');
  const fromEnv = await run(['doctor', '--data', data], { SEED_PORT: '2222' });
  expect(fromEnv.stdout).toContain(':2222');
  expect(fromEnv.stdout).toContain('7 s segments');
  const fromFlag = await run(['doctor', '--data', data, '--port', '3333'], { SEED_PORT: '2222' });
  expect(fromFlag.stdout).toContain(':3333');
});

describe('seed parse', () => {
  test('prints one JSON object per path with exactly the documented keys', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'parse', '--kind', 'shows', '/tv/Show/Season 1/Show - S01E01-E03.mkv', '/tv/Show/Season 1/Show - S01E01.en.forced.srt'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(lines[0]!)).toEqual(['path', 'kind', 'title', 'year', 'season', 'episode', 'endingEpisode', 'airDate', 'extraType', 'format3D', 'stub', 'part', 'version', 'language', 'forced', 'default', 'hearingImpaired']);
    expect(lines[0]).toMatchObject({ kind: 'episode', title: 'Show', season: 1, episode: 1, endingEpisode: 3 });
    expect(lines[1]).toMatchObject({ kind: 'subtitle', language: 'en', forced: true });
  });

  test('a bad --kind is refused with the choices', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'parse', '--kind', 'cartoons', '/x.mkv'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/movies, shows, mixed/);
  });
});

describe('seed profiles and seed token, while the server runs', () => {
  test('a profile added and a key made from the command line work against the running server at once', async () => {
    const data = await newDir();
    const server = await serve(['--data', data]);
    try {
      const added = await run(['profiles', 'add', 'Mia', '--role', 'kid', '--pin', '1234', '--data', data]);
      expect(added).toMatchObject({ code: 0, stdout: 'added Mia: kid (up to G and TV-Y7), with a PIN (profile 2)\n' });
      // two profiles: the API now wants a device session or a key
      expect((await fetch(`${server.url}/api/titles`)).status).toBe(401);
      const made = await run(['token', 'create', '--profile', 'admin', '--name', 'Home Assistant', '--data', data]);
      expect(made.code).toBe(0);
      const key = made.stdout.trim().split(/\s+/).at(-1)!;
      expect(key).toMatch(/^seedk_/);
      const titles = await fetch(`${server.url}/api/titles`, { headers: { Authorization: `Bearer ${key}` } });
      expect(titles.status).toBe(200);
      const listed = await run(['token', 'list', '--data', data]);
      expect(listed.stdout).toMatch(/^ {2}1 {2}seedk_\S{6}… {2}Admin {12}Home Assistant\n$/);
      expect((await run(['profiles', 'list', '--data', data])).stdout).toBe('  1  Admin                admin\n  2  Mia                  kid    PIN\n');
      expect(await run(['token', 'revoke', '1', '--data', data])).toMatchObject({ code: 0 });
      expect((await fetch(`${server.url}/api/titles`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
      // mistakes say what is wrong
      const taken = await run(['profiles', 'add', 'mia', '--data', data]);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toMatch(/a profile named Mia already exists/);
      const nobody = await run(['token', 'create', '--profile', 'Zed', '--data', data]);
      expect(nobody.stderr).toMatch(/no profile named Zed \(there are: Admin, Mia\)/);
      const role = await run(['profiles', 'add', 'X', '--role', 'boss', '--data', data]);
      expect(role.code).not.toBe(0);
      expect(role.stderr).toMatch(/admin, adult, kid/);
    } finally {
      await stop(server);
    }
  }, 60_000);

  test('without a data folder made by the server it says how to make one', async () => {
    const data = await newDir();
    const result = await run(['profiles', 'list', '--data', join(data, 'nothing-here')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no Seed data in .*nothing-here: start the server once/);
  });
});
