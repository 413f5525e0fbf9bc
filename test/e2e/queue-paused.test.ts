// The Transcoding page when Seed paused the queue by itself (a full disk): a banner with the reason,
// and Resume clears it. The pause is stored the way the job runner stores it; filling a real disk
// is not something a test can do. A library, so that the page is not the first-run welcome.
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { QueueDto } from '../../server/src/http/api-types.js';
import { createJobStore } from '../../server/src/jobs/job.store.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary } from '../helpers/library.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const REASON = 'paused: the disk holding /srv/seed/transcodes is full (12 MB free)';

describeBrowser('web UI, the Transcoding page paused for a full disk', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';

  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-queue-paused-');
    [server, browser] = await Promise.all([startTestServer({ libraries: [libraryDir] }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  const queue = async (): Promise<QueueDto> => (await fetch(`${server!.url}/api/jobs`)).json() as Promise<QueueDto>;

  test('a banner gives the reason; Resume clears it', async () => {
    createJobStore(server!.seed.db).setPaused(true, REASON);
    expect(await queue()).toMatchObject({ paused: true, pausedReason: REASON });
    // the demo titles' jobs wait in the queue; any that started before the pause finish
    await waitFor(async () => {
      const { counts } = await queue();
      return (counts.queued ?? 0) > 0 && !counts.running;
    }, 'queued jobs, none running', 45_000);

    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${server!.url}/#/admin/queue`);
    const banner = page.getByTestId('queue-paused');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('queue-paused-reason').textContent()).toBe('The disk holding /srv/seed/transcodes is full (12 MB free).');
    expect((await banner.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Seed paused the queue. The disk holding /srv/seed/transcodes is full (12 MB free). Fix that, then press Resume; the job it stopped is back in the queue.',
    );
    expect(await banner.isVisible()).toBe(true);
    expect(await page.getByTestId('queue-toggle').textContent()).toContain('Resume');
    await screenshot(page, 'queue-paused-disk-full.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'queue-paused-disk-full-phone.png');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByTestId('queue-toggle').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="queue-toggle"]')?.textContent?.trim() === 'Pause all');
    expect(await banner.count()).toBe(0);
    expect(await queue()).toMatchObject({ paused: false, pausedReason: null });

    // an admin's own pause has the plain banner, with no reason
    await page.getByTestId('queue-toggle').click();
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('status');
    expect(await page.getByTestId('queue-paused-reason').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
