// What the playback benchmarks share: a generated source, Seed started as `seed serve` in its own
// process (as households run it), a static file server of the same ladder (the floor: the browser
// and plain files), and Chromium as the tests launch it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = join(repoRoot, 'test', '.cache', 'bench-playback');

export const tempDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix));

/** A free loopback port (taken and released: the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * An H.264/AAC MP4 (the kind a browser plays directly) of `seconds` at `height`p, 24000/1001 fps, a
 * keyframe every 2 s as camera and encoder files have: testsrc2 and a sine, made once into the cache.
 */
export async function sourceClip(seconds: number, height = 1080): Promise<string> {
  const width = Math.round((height * 16) / 9 / 2) * 2;
  const path = join(cacheDir, `source-${seconds}s-${height}p.mp4`);
  if (existsSync(path)) return path;
  await mkdir(cacheDir, { recursive: true });
  const partial = `${path}.partial.mp4`;
  const made = spawnSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=24000/1001:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '48', '-b:v', `${Math.round(height * 4.5)}k`,
    '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', partial,
  ], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (made.status !== 0) throw new Error(`ffmpeg could not make ${path}`);
  spawnSync('mv', [partial, path]);
  return path;
}

export interface SeedProcess {
  url: string;
  dataDir: string;
  /** JSON from the API; throws with the status and body on anything but 2xx */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  stop(): Promise<void>;
}

/** `seed serve` in a child process on a loopback port, without announcements, on a fresh data folder. */
export async function startSeedProcess(opts: { libraries: string[]; dataDir?: string; env?: Record<string, string> }): Promise<SeedProcess> {
  const dataDir = opts.dataDir ?? (await tempDir('seed-bench-data-'));
  const port = await freePort();
  const args = ['--import', 'tsx', join(repoRoot, 'server', 'src', 'cli.ts'), 'serve', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1', '--no-discovery', '--log-level', 'warn'];
  for (const library of opts.libraries) args.push('--library', library);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Seed is running at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`seed serve exited with ${code} before listening:\n${seen}`)));
  });
  child.stdout!.resume();
  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    url,
    dataDir,
    api,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ItemSummary {
  id: number;
  title: string;
  durationMs: number;
  transcode: { status: string; progress: number; error: string | null };
}

/** Polls every 200 ms until `check` answers a value, or fails after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The titles once the scan found `count` of them. */
export const scannedItems = (seed: SeedProcess, count: number): Promise<ItemSummary[]> =>
  until(async () => {
    const { items } = await seed.api<{ items: ItemSummary[] }>('/api/items');
    return items.length >= count ? items : null;
  }, `${count} titles scanned`, 120_000);

/** Waits until the title's whole ladder is made and published. */
export const ladderReady = (seed: SeedProcess, itemId: number): Promise<ItemSummary> =>
  until(async () => {
    const item = await seed.api<ItemSummary>(`/api/items/${itemId}`);
    if (item.transcode.status === 'failed') throw new Error(`the ladder of ${item.title} failed: ${item.transcode.error}`);
    return item.transcode.status === 'done' ? item : null;
  }, `the ladder of title ${itemId}`);

export interface StaticServer {
  url: string;
  /** 'nginx' when Debian's nginx is installed, else Python's http.server */
  kind: 'nginx' | 'python';
  stop(): Promise<void>;
}

export const hasNginx = (): boolean => existsSync('/usr/sbin/nginx');

/**
 * Plain files from `root` on a loopback port: nginx (sendfile, keep-alive, as a CDN edge serves HLS)
 * when installed, else `python3 -m http.server`.
 */
export async function startStaticServer(root: string, prefer: 'nginx' | 'python' = hasNginx() ? 'nginx' : 'python'): Promise<StaticServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let work: string | null = null;
  if (prefer === 'nginx') {
    work = await tempDir('seed-bench-nginx-');
    const conf = join(work, 'nginx.conf');
    await writeFile(
      conf,
      `daemon off;
${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes auto;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; video/mp4 mp4; text/vtt vtt; text/html html; application/javascript js; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { add_header Access-Control-Allow-Origin *; }
  }
}
`,
    );
    child = spawn('/usr/sbin/nginx', ['-c', conf, '-p', work], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: ['ignore', 'ignore', 'ignore'] });
  }
  await until(async () => (await fetch(url).then((r) => r.status, () => 0)) !== 0, `${prefer} on ${url}`, 15_000);
  return {
    url,
    kind: prefer,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(prefer === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
        await exited;
      }
      if (work) await rm(work, { recursive: true, force: true });
    },
  };
}

/** The folder holding a title's published ladder in a Seed data folder (read from its catalogue). */
export function ladderDir(dataDir: string, itemId: number): string {
  const db = new Database(join(dataDir, 'seed.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[number], { dir: string }>('SELECT dir FROM renditions WHERE item_id = ?').get(itemId);
    if (!row) throw new Error(`title ${itemId} has no published ladder in ${dataDir}`);
    return join(dataDir, 'transcodes', row.dir);
  } finally {
    db.close();
  }
}

/** `stop` run once: when the script calls the answer (in its `finally`), or on Ctrl-C, which then exits 130. */
export function cleanupOnExit(stop: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  const run = () => (done ??= stop());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void run().finally(() => process.exit(130)));
  return run;
}
