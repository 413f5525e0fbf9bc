// The admin's Transcoding page in a real browser: the demo titles' jobs appear, Pause all holds the
// queue, Cancel and Retry move a job between sections, Resume lets everything finish. A made-up queue
// shows every state a job can be in (a real failure is hard to provoke); arrow keys, Enter and Back work.
import { rm } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { JobDto, QueueDto } from '../../server/src/http/api-types.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary } from '../helpers/library.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

// generous: six jobs run one after another on a slow machine
const QUEUE_MS = 45_000;
const TEST_MS = 60_000;
/** a movie and two episodes, each with an HLS ladder and seek previews; the episodes remuxed too */
const DEMO_JOBS = 8;

const JOB = '[data-testid="job"]';

interface Session {
  page: Page;
  pageErrors: string[];
}

async function openSession(browser: Browser, url: string): Promise<Session> {
  // reduced motion: no screenshot catches a button or a bar halfway through its transition
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  page.on('response', (res) => {
    if (res.status() >= 400) console.warn(`[browser] ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  await page.goto(url);
  return { page, pageErrors };
}

const rowOf = (page: Page, id: number | string) => page.locator(`${JOB}[data-job-id="${id}"]`);

/** Waits until the page's row for job `id` shows `status`; answers what the page showed if it never does. */
async function waitForStatus(page: Page, id: number | string, status: string): Promise<void> {
  try {
    await page.waitForFunction(
      ({ id, status }) => document.querySelector(`[data-testid="job"][data-job-id="${id}"]`)?.getAttribute('data-status') === status,
      { id, status },
      { timeout: QUEUE_MS, polling: 100 },
    );
  } catch (err) {
    const rows = await page.locator(JOB).evaluateAll((els) => els.map((el) => `${el.getAttribute('data-job-id')}:${el.getAttribute('data-status')}`));
    throw new Error(`job ${id} never showed ${status}: ${rows.join(' ')}`, { cause: err });
  }
}

const text = async (locator: Locator) => (await locator.textContent())?.replace(/\s+/g, ' ').trim();

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

describeBrowser('web UI, the Transcoding page', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';

  const api = async (path: string, method: 'GET' | 'POST' = 'GET'): Promise<QueueDto> => {
    const res = await fetch(`${server!.url}${path}`, { method });
    expect(res.status, `${method} ${path}`).toBe(200);
    return (await res.json()) as QueueDto;
  };

  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-queue-');
    [server, browser] = await Promise.all([startTestServer({ libraries: [libraryDir] }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test(
    'the demo titles’ jobs appear; Pause all holds them; Cancel and Retry move a job; Resume lets all finish',
    async () => {
      const { page, pageErrors } = await openSession(browser!, `${server!.url}/#/admin/queue`);
      const toggle = page.getByTestId('queue-toggle');
      await toggle.waitFor();
      expect(await page.getByTestId('nav-queue').getAttribute('aria-current')).toBe('page');
      expect(await page.getByTestId('queue-concurrency').textContent()).toMatch(/^\d+ at a time$/);

      // the toggle has focus on arrival: Enter pauses, before the jobs have all run
      expect(await activeTestId(page)).toBe('queue-toggle');
      expect((await toggle.textContent())?.trim()).toBe('Pause all');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="queue-toggle"]')?.textContent?.trim() === 'Resume');
      expect((await api('/api/jobs')).paused).toBe(true);
      await page.getByTestId('queue-paused').waitFor();

      // the scan queues a ladder and seek previews per title, and a remux for each episode (H.264 in MKV);
      // paused, whatever ran before the pause finishes and the rest wait
      await waitFor(async () => {
        const queue = await api('/api/jobs');
        return queue.jobs.length === DEMO_JOBS && !queue.counts.running;
      }, 'the demo titles’ jobs, none running', QUEUE_MS);
      await page.waitForFunction(
        (count) => document.querySelectorAll('[data-testid="job"]').length === count && !document.querySelector('[data-status="running"]'),
        DEMO_JOBS,
        { timeout: QUEUE_MS, polling: 100 },
      );
      const queued = page.getByTestId('queued-jobs').locator(JOB);
      expect(await queued.count()).toBeGreaterThan(0);
      const kinds = await page.getByTestId('job-kind').allTextContents();
      expect(kinds).toEqual(expect.arrayContaining(['HLS ladder', 'Seek previews']));
      expect(kinds.every((k) => ['HLS ladder', 'Seek previews', 'Remux (video copied)'].includes(k))).toBe(true);
      expect(await queued.getByTestId('job-priority').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^(Ladder|Batch)$/)]));
      expect(await page.getByTestId('job-title').first().getAttribute('href')).toMatch(/^#\/item\/\d+$/);
      expect(await page.getByTestId('queue-counts').textContent()).toMatch(/^\d+ queued$/);
      await screenshot(page, 'queue-paused.png');

      // Cancel a queued job from the keyboard: it moves to the (closed) Finished section as cancelled,
      // and the focus moves on to the next job instead of getting lost
      const first = queued.first();
      const id = (await first.getAttribute('data-job-id'))!;
      await first.getByTestId('job-cancel').focus();
      await page.keyboard.press('Enter');
      await waitForStatus(page, id, 'cancelled');
      expect(await page.getByTestId('finished-jobs').locator(`[data-job-id="${id}"]`).count()).toBe(1);
      expect(await page.getByTestId('finished-section').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
      expect(await activeTestId(page)).toMatch(/^(job-cancel|queue-toggle)$/);
      expect((await api('/api/jobs')).jobs.find((job) => job.id === Number(id))?.status).toBe('cancelled');

      await page.getByTestId('finished-section').locator('summary').click();
      const cancelled = rowOf(page, id);
      expect(await cancelled.getByTestId('job-outcome').textContent()).toBe('Cancelled');
      expect(await cancelled.getByTestId('job-finished').textContent()).toBe('just now');
      await cancelled.getByTestId('job-retry').click();
      await waitForStatus(page, id, 'queued');
      expect(await page.getByTestId('queued-jobs').locator(`[data-job-id="${id}"]`).count()).toBe(1);
      expect((await api('/api/jobs')).jobs.find((job) => job.id === Number(id))?.status).toBe('queued');

      // Resume: the jobs run one after another until none is left
      await toggle.click();
      await page.waitForFunction(() => document.querySelector('[data-testid="queue-toggle"]')?.textContent?.trim() === 'Pause all');
      expect((await api('/api/jobs')).paused).toBe(false);
      expect(await page.getByTestId('queue-paused').count()).toBe(0);
      const running = page.locator(`${JOB}[data-status="running"]`);
      await running.first().waitFor({ timeout: QUEUE_MS });
      // a number once the job reports progress (seek previews never do: their bar just moves)
      expect(await running.first().getByTestId('job-percent').textContent()).toMatch(/^(\d+\u00a0%)?$/);
      expect(await running.first().getByRole('progressbar').count()).toBe(1);
      await screenshot(page, 'queue.png');

      await waitFor(async () => {
        const { counts } = await api('/api/jobs');
        return !counts.queued && !counts.running;
      }, 'every job to finish', QUEUE_MS);
      await page.waitForFunction(() => document.querySelector('[data-testid="queue-counts"]')?.textContent === 'Nothing waiting', undefined, {
        timeout: 15_000,
        polling: 100,
      });
      const outcomes = await page.getByTestId('finished-jobs').getByTestId('job-outcome').allTextContents();
      expect(outcomes).toEqual(Array(DEMO_JOBS).fill('Done'));
      expect(await page.getByTestId('failed-jobs').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  test(
    'a made-up queue shows every state; arrow keys and Enter work; an error is a toast; Back leaves',
    async () => {
      const at = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();
      const job = (id: number, fields: Partial<JobDto>): JobDto => ({
        id,
        kind: 'hls',
        itemId: id,
        title: `Title ${id}`,
        status: 'queued',
        priority: 50,
        progress: 0,
        etaSeconds: null,
        attempts: 0,
        error: null,
        errorTail: null,
        retryAt: null,
        createdAt: at(-600),
        startedAt: null,
        finishedAt: null,
        ...fields,
      });
      const tail = [
        '[h264 @ 0x55d0c8a0] Invalid NAL unit size (1130 > 921).',
        '[h264 @ 0x55d0c8a0] Error splicing in decoded picture buffer',
        'Error while decoding stream #0:0: Invalid data found when processing input',
        '[hls @ 0x55d0c9b0] Opening \'/data/transcodes/.tmp/17/seg-00012.ts\' for writing',
        'Conversion failed!',
      ].join('\n');
      const made: QueueDto = {
        paused: false,
        pausedReason: null,
        concurrency: 1,
        counts: { running: 2, queued: 14, failed: 1, done: 30, cancelled: 1 },
        jobs: [
          job(1, { title: 'Big Buck Bunny', status: 'running', progress: 0.42, etaSeconds: 185, attempts: 1, startedAt: at(-120) }),
          // seek previews report no progress: no number, no ETA
          job(2, { title: 'Big Buck Bunny', kind: 'previews', status: 'running', priority: 10, attempts: 1, startedAt: at(-3) }),
          job(3, { title: 'Sintel', priority: 100 }),
          job(4, { title: 'Tears of Steel', priority: 75 }),
          job(5, { title: 'Elephants Dream', attempts: 1, error: 'ffmpeg exited with code 1', errorTail: tail, retryAt: at(25) }),
          job(6, { title: 'Cosmos Laundromat', kind: 'previews', priority: 10 }),
          job(7, { title: 'Spring', status: 'failed', attempts: 3, error: 'ffmpeg exited with code 1: Invalid data found when processing input', errorTail: tail, finishedAt: at(-300) }),
          job(8, { title: 'Agent 327', status: 'done', progress: 1, finishedAt: at(-3600) }),
          job(9, { title: 'Caminandes', status: 'cancelled', error: 'cancelled by the admin', finishedAt: at(-90) }),
        ],
      };

      const { page, pageErrors } = await openSession(browser!, `${server!.url}/#/`);
      let answer: QueueDto = { paused: false, pausedReason: null, concurrency: 1, counts: {}, jobs: [] };
      await page.route('**/api/jobs', (route) => route.fulfill({ json: answer }));
      await page.getByTestId('nav-manage').click();
      await page.getByTestId('nav-queue').click();
      await page.waitForURL((url) => url.hash === '#/admin/queue');
      await page.getByTestId('queue-empty').waitFor();
      expect(await text(page.getByTestId('queue-empty'))).toBe('Nothing to transcode. New titles are queued as soon as they are found.');
      expect(await text(page.getByTestId('queue-counts'))).toBe('Nothing waiting');

      answer = made;
      await page.reload();
      await page.getByTestId('running-jobs').waitFor();

      expect(await page.getByTestId('queue-counts').textContent()).toBe('2 running · 14 queued · 1 failed');
      expect(await page.getByTestId('queue-concurrency').textContent()).toBe('1 at a time');
      expect(await page.getByTestId('running-jobs').locator(JOB).evaluateAll((els) => els.map((el) => el.getAttribute('data-job-id')))).toEqual(['1', '2']);
      expect(await rowOf(page, 1).getByTestId('job-kind').textContent()).toBe('HLS ladder');
      expect(await rowOf(page, 1).getByTestId('job-percent').textContent()).toBe('42\u00a0%');
      expect(await rowOf(page, 1).getByTestId('job-eta').textContent()).toBe('about 3 min left');
      expect(await rowOf(page, 1).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42');
      expect(await rowOf(page, 2).getByTestId('job-kind').textContent()).toBe('Seek previews');
      expect(await rowOf(page, 2).getByTestId('job-eta').textContent()).toBe('in progress');
      expect(await rowOf(page, 2).getByTestId('job-percent').textContent()).toBe('');
      expect(await rowOf(page, 2).getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
      expect(await rowOf(page, 1).getByTestId('job-title').getAttribute('href')).toBe('#/item/1');

      expect(await page.getByTestId('queued-jobs').getByTestId('job-priority').allTextContents()).toEqual(['Playing now', 'Head start', 'Ladder', 'Batch']);
      expect(await text(rowOf(page, 5).getByTestId('job-retry'))).toMatch(/^retrying in (2[0-5]) s: ffmpeg exited with code 1$/);

      const failed = rowOf(page, 7);
      expect(await failed.getByTestId('job-error').textContent()).toBe('ffmpeg exited with code 1: Invalid data found when processing input');
      expect(await failed.getByTestId('job-attempts').textContent()).toBe('3 attempts');
      const output = failed.getByTestId('ffmpeg-output');
      expect(await output.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);

      // arrow keys: from the Pause all button (focused on arrival) down the rows
      expect(await activeTestId(page)).toBe('queue-toggle');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.closest('[data-job-id]')?.getAttribute('data-job-id'))).toBe('1');
      // down the rows to the failed job's "ffmpeg output", which Enter opens
      for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.closest('[data-job-id]')?.getAttribute('data-job-id'))) !== '7'; i++) {
        await page.keyboard.press('ArrowDown');
      }
      expect(await page.evaluate(() => document.activeElement?.closest('[data-job-id]')?.getAttribute('data-job-id'))).toBe('7');
      await output.locator('summary').focus();
      await page.keyboard.press('Enter');
      expect(await output.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      expect(await output.locator('pre').textContent()).toBe(tail);
      // the finished ones wait behind a closed section; Enter on its heading opens it
      await page.getByTestId('finished-section').locator('summary').focus();
      await page.keyboard.press('Enter');
      expect(await rowOf(page, 9).getByTestId('job-outcome').textContent()).toBe('Cancelled');
      expect(await rowOf(page, 9).getByTestId('job-retry').count()).toBe(1);
      expect(await rowOf(page, 8).getByTestId('job-outcome').textContent()).toBe('Done');
      expect(await rowOf(page, 8).getByTestId('job-retry').count()).toBe(0);
      expect(await page.getByTestId('finished-section').textContent()).toContain('and 29 older jobs not shown');
      // a visible focus ring on the focused control
      await rowOf(page, 3).getByTestId('job-cancel').focus();
      expect(await rowOf(page, 3).getByTestId('job-cancel').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
      // a full-page screenshot of a scrolled page draws the sticky header halfway down
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'queue-states.png');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'queue-phone.png');
      await page.setViewportSize({ width: 1280, height: 800 });

      // a title opens its page; Back comes back to the same title, focused, even in the Finished section
      await rowOf(page, 8).getByTestId('job-title').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.hash === '#/item/8');
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.hash === '#/admin/queue');
      await page.waitForFunction(() => document.activeElement?.closest('[data-job-id]')?.getAttribute('data-job-id') === '8');
      expect(await activeTestId(page)).toBe('job-title');
      expect(await page.getByTestId('finished-section').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      await rowOf(page, 3).getByTestId('job-cancel').focus();

      // the server's answer to a Cancel that comes too late is shown as it is
      await page.route('**/api/jobs/3/cancel', (route) => route.fulfill({ status: 404, json: { code: 'not_found', message: 'job 3 not found' } }));
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'job 3 not found' }).waitFor();

      // Back (Escape) returns to the library
      await page.keyboard.press('Escape');
      await page.waitForURL((url) => url.hash === '' || url.hash === '#/');
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );
});
