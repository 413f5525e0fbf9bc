// The Experiments admin page in a real browser over a real server: the admin creates an A/B test
// (weights for the blend against EASE), starts it; six profiles then see the home screen (exposures,
// logged as the shelves log them), click cards and play titles through the API; the results show per
// variant the exposures, click-through and minutes with intervals, p-values, verdicts and CI bars.
// The arrow keys reach the page's controls from the header.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ExperimentResultsDto, SessionEventDto } from '../../server/src/http/api-types.js';
import { startSeed, type RunningSeed } from '../../server/src/main.js';
import { createExperimentsService } from '../../server/src/recommend/experiments/experiments.service.js';
import { createExperimentsStore } from '../../server/src/recommend/experiments/experiments.store.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig } from '../helpers/server.js';

const MIN = 60_000;
const PROFILES = [1, 2, 3, 4, 5, 6];

describeBrowser('web UI, the Experiments page', () => {
  let seed: RunningSeed | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  const tokens = new Map<number, string>();

  async function call(method: string, path: string, as: number | null, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (as !== null) headers.authorization = `Bearer ${tokens.get(as)}`;
    const res = await fetch(`${seed!.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  beforeAll(async () => {
    [dataDir, browser] = await Promise.all([tempDir('seed-e2e-experiments-'), launchBrowser()]);
    seed = await startSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }), { webRoot: rendererDir() });
    const db = seed.db;
    db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films', 'movies', 0)`).run();
    const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, duration_ms, added_at) VALUES (?, 1, ?, 'movie', ?, ?, ?, 0)`);
    ['The Long Voyage', 'A Quiet Year', 'The Lamp', 'Harbour Lights', 'Fog', 'Arrival'].forEach((title, i) => item.run(i + 1, `t${i + 1}`, title, title.toLowerCase(), (40 + i * 10) * MIN));
    // five more profiles: the first before sign-in is needed, the rest by the admin; all sign in as apps
    expect((await call('POST', '/api/profiles', null, { name: 'Anna', avatar: 'fox', role: 'adult' })).status).toBe(201);
    for (const id of [1, 2]) tokens.set(id, (await call('POST', '/api/auth/signin', null, { profileId: id, kind: 'app' })).body.token);
    for (const name of ['Ben', 'Cleo', 'Dev', 'Esme']) expect((await call('POST', '/api/profiles', 1, { name, avatar: 'owl', role: 'adult' })).status).toBe(201);
    for (const id of [3, 4, 5, 6]) tokens.set(id, (await call('POST', '/api/auth/signin', null, { profileId: id, kind: 'app' })).body.token);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await seed?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The home screen as the shelves will show it to each profile, then clicks and plays through the API. */
  async function householdUsesIt(experimentId: number) {
    const shelves = createExperimentsService({ store: createExperimentsStore(seed!.db), now: Date.now });
    for (const p of PROFILES) {
      const assigned = shelves.assign(p, 'home')!;
      expect(assigned.experimentId).toBe(experimentId);
      const impressionId = shelves.logExposures(p, [1, 2, 3, 4, 5, 6].map((itemId, position) => ({ experimentId, variantKey: assigned.variantKey, itemId, shelf: 'top-picks', position })));
      // everyone clicks the first card; the EASE group a second one too
      expect((await call('POST', '/api/recommend/click', p, { itemId: 1, impressionId, shelf: 'top-picks', position: 0 })).status).toBe(204);
      if (assigned.variantKey === 'b') expect((await call('POST', '/api/recommend/click', p, { itemId: 2, impressionId, shelf: 'top-picks', position: 1 })).status).toBe(204);
      // and watches it for a while: longer in the EASE group, to the end for some
      const minutes = assigned.variantKey === 'b' ? 20 + p * 5 : 5 + p;
      const { body } = await call('POST', '/api/sessions', p, { itemId: 1, method: 'hls', clientId: `c${p}`, clientName: 'Chrome on Linux' });
      const events: SessionEventDto[] = [
        { kind: 'start', startupMs: 700 },
        // the EASE group watches to the credits (95 %): completions
        { kind: 'progress', positionMs: assigned.variantKey === 'b' ? 38 * MIN : minutes * MIN, durationMs: 40 * MIN, watchedMs: minutes * MIN, height: 720 },
      ];
      for (const [i, e] of events.entries()) expect((await call('POST', `/api/sessions/${body.id}/events`, p, { seq: i + 1, events: [e] })).status).toBe(204);
    }
  }

  const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

  test('create, start, see results; the arrow keys reach everything', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    // this browser signs in as the admin (the cookie lands in the page's context)
    expect((await page.request.post(`${seed!.url}/api/auth/signin`, { data: { profileId: 1 } })).status()).toBe(201);
    await page.goto(`${seed!.url}/#/admin/experiments`);
    await page.getByTestId('experiments-empty').waitFor();
    expect(await page.getByTestId('nav-experiments').getAttribute('aria-current')).toBe('page');

    // Escape in a field, Escape on a button and a remote's Back close the editor, not the page under it
    const form = page.getByTestId('experiment-form');
    const closedOnThePage = async () => {
      await form.waitFor({ state: 'detached' });
      expect(new URL(page.url()).hash).toBe('#/admin/experiments');
      expect(await focusedTestId(page)).toBe('experiment-new');
    };
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-name').fill('Not this one');
    await page.keyboard.press('Escape');
    await closedOnThePage();
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-save').focus();
    await page.keyboard.press('Escape');
    await closedOnThePage();
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-name').focus();
    await page.evaluate(() => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'BrowserBack', bubbles: true, cancelable: true })));
    await closedOnThePage();

    // a new experiment: the blend's weights against EASE, 50/50
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('experiment-name').fill('Blend vs EASE');
    await page.getByTestId('experiment-description').fill('Does EASE alone beat the blend on the home screen?');
    const variants = page.getByTestId('variant-fields');
    expect(await variants.count()).toBe(2);
    await variants.nth(0).getByTestId('variant-weight-popularity').fill('0.2');
    await variants.nth(0).getByTestId('variant-weight-itemKnn').fill('0.5');
    await variants.nth(0).getByTestId('variant-weight-lastItems').fill('0.3');
    await variants.nth(1).getByTestId('variant-name').fill('EASE');
    await variants.nth(1).getByTestId('variant-ranker').fill('ease');
    // free JSON that is not an object is refused by the form, naming the variant
    await variants.nth(1).getByTestId('variant-extra').fill('[1, 2]');
    await page.getByTestId('experiment-save').click();
    expect(await page.getByTestId('experiment-form-error').textContent()).toBe('EASE: the extra config must be a JSON object.');
    await variants.nth(1).getByTestId('variant-extra').fill('{"candidates": 200}');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'experiments-editor.png');
    await page.getByTestId('experiment-save').click();
    const row = page.getByTestId('experiment-row');
    await row.first().waitFor();
    expect(await page.getByTestId('experiment-status').textContent()).toBe('Draft');
    expect(await page.getByTestId('experiment-split').textContent()).toBe('Control 50 % · EASE 50 %');
    const saved = (await call('GET', '/api/experiments/1', 1)).body;
    expect(saved.variants.map((v: { config: unknown }) => v.config)).toEqual([{ weights: { popularity: 0.2, itemKnn: 0.5, lastItems: 0.3 } }, { candidates: 200, ranker: 'ease' }]);

    await page.getByTestId('experiment-start').click();
    await page.getByTestId('experiment-stop').waitFor();
    expect(await page.getByTestId('experiment-status').textContent()).toBe('Running');

    await householdUsesIt(1);
    const api = (await call('GET', '/api/experiments/1/results', 1)).body as ExperimentResultsDto;

    // the toasts of saving and starting would cover the table
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('button[aria-label="Dismiss"]').forEach((b) => b.click()));
    await page.getByTestId('experiment-results-button').click();
    const rows = page.getByTestId('result-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.getByTestId('result-exposures').allTextContents()).toEqual(api.variants.map((v) => String(v.exposures)));
    expect(await page.getByTestId('result-profiles').allTextContents()).toEqual(api.variants.map((v) => String(v.profiles)));
    expect(api.variants.map((v) => v.profiles).reduce((a, b) => a + b)).toBe(6);
    const ctr = await page.getByTestId('result-ctr').allInnerTexts();
    expect(ctr[1]).toContain(`${api.variants[1]!.clicks} clicks`);
    // p-values only for the variant against the control
    expect(await page.getByTestId('result-p-ctr').count()).toBe(1);
    expect(await page.getByTestId('result-p-minutes').textContent()).toMatch(/^p [=<] 0\.\d+$/);
    expect(await page.getByTestId('verdict').allTextContents()).toEqual(api.variants[1]!.vsControl!.verdicts.map((v) => `EASE: ${v}`));
    expect(await page.getByTestId('ci-bar').count()).toBe(4);
    expect(await page.getByTestId('ci-whisker').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'experiments-results.png');

    // Escape (or a remote's Back) in the results closes them, not the page: the remote is back on Results
    await page.getByTestId('results-refresh').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('experiment-results').waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('#/admin/experiments');
    expect(await focusedTestId(page)).toBe('experiment-results-button');
    await page.getByTestId('experiment-results-button').click();
    await rows.first().waitFor();

    // from the header, the arrow keys reach the heading's button, each of the row's and the results' own
    const path: (string | null)[] = [];
    const press = async (key: string) => {
      await page.keyboard.press(key);
      path.push(await focusedTestId(page));
    };
    await page.getByRole('link', { name: 'Seed: library' }).focus();
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp']) await press(key);
    expect(path).toEqual(['experiment-new', 'experiment-results-button', 'experiment-stop', 'experiment-delete', 'results-close', 'results-refresh', 'experiment-stop']);
    for (let i = 0; i < 3 && (await page.evaluate(() => document.activeElement?.closest('header') === null)); i++) await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.closest('header') !== null)).toBe(true);

    await page.getByTestId('experiment-stop').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="experiment-status"]')?.textContent === 'Stopped');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  test('a list that did not load says why; Retry loads it', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    expect((await page.request.post(`${seed!.url}/api/auth/signin`, { data: { profileId: 1 } })).status()).toBe(201);
    let failing = true;
    await page.route('**/api/experiments', (route) =>
      failing ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'busy', message: 'Seed is busy right now' }) }) : route.continue(),
    );
    await page.goto(`${seed!.url}/#/admin/experiments`);
    const failed = page.getByRole('alert').filter({ hasText: 'The experiments did not load' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Seed is busy right now');
    failing = false;
    await failed.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('experiment-row').first().waitFor();
    expect(await failed.count()).toBe(0);
    await page.close();
  }, 60_000);
});
