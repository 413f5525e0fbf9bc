import { existsSync } from 'node:fs';
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../server/src/db/open.js';
import { createLogger } from '../../server/src/log.js';
import { startSeed } from '../../server/src/main.js';
import { clips } from '../helpers/clips.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig, waitFor } from '../helpers/server.js';

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('graceful shutdown and recovery', () => {
  test('stopping mid-transcode leaves nothing half-written; the next start finishes the job', async () => {
    const dataDir = await tempDir();
    const library = await tempDir('seed-lib-');
    cleanup.push(dataDir, library);
    await cp(clips.hd, join(library, 'Long Film (2022).mp4'));
    const config = testConfig(dataDir, { libraries: [library] });
    const log = createLogger({ level: 'warn', dataDir, console: false });

    const first = await startSeed(config, log, { webRoot: rendererDir() });
    const jobRow = () => first.db.prepare(`SELECT status FROM jobs WHERE kind = 'hls'`).get() as { status: string } | undefined;
    await waitFor(() => jobRow()?.status === 'running', 'the transcode to start');
    await first.close();
    await first.close(); // twice is harmless

    // the database is closed cleanly and the job is queued again, its attempt cut short not counted
    const db = openDatabase(join(dataDir, 'seed.db'));
    expect(db.prepare(`SELECT status, attempts FROM jobs WHERE kind = 'hls'`).all()).toEqual([{ status: 'queued', attempts: 0 }]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM renditions`).get()).toEqual({ n: 0 });
    db.close();
    // no ffmpeg output was left behind to be served
    const transcodes = join(dataDir, 'transcodes');
    // (.live holds head-start segments, each renamed into place only when complete; .sizes.json the measured sizes)
    expect((await readdir(transcodes)).filter((f) => !['.tmp', '.live', '.sizes.json'].includes(f))).toEqual([]);
    if (existsSync(join(transcodes, '.tmp'))) expect(await readdir(join(transcodes, '.tmp'))).toEqual([]);

    const second = await startSeed(config, log, { webRoot: rendererDir() });
    try {
      const status = () => (second.db.prepare(`SELECT status FROM jobs WHERE kind = 'hls'`).get() as { status: string }).status;
      await waitFor(() => status() === 'done', 'the recovered transcode to finish');
      const res = await fetch(`${second.url}/api/items/1/playback`);
      expect(await res.json()).toMatchObject({ ready: true });
    } finally {
      await second.close();
    }
  });
});
