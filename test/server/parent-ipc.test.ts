import { fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/server.js';

// The desktop app starts the server as a child process: it waits for `seed:listening` and stops
// it with `seed:shutdown` (Electron's utility process speaks the same messages over parentPort).
test('a forked server reports its URL to the parent and stops cleanly when asked', async () => {
  const dataDir = await tempDir();
  try {
    const child = fork(join(repoRoot, 'server/src/cli.ts'), ['serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-discovery', '--log-level', 'warn'], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const message = await new Promise<{ type: string; url: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { type: string; url: string }));
      child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    });
    expect(message.type).toBe('seed:listening');
    expect(message.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${message.url}/api/health`)).json()).toMatchObject({ status: 'ok' });
    child.send({ type: 'seed:shutdown' });
    expect(await exited).toBe(0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
