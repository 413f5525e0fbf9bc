// The Search page in a real browser over a real server, with the keyboard alone (as a TV remote
// would drive it): focus starts in the box, results follow the typing (a typo and a missing accent
// forgiven, one request per pause rather than per letter), Down reaches the results, Enter opens a
// series or a movie, Back returns to the same results with the card that was opened focused, Up goes
// back to the box, Escape clears it and then leaves the page. Titles are written into the database
// after start-up (no files): the search index follows them by itself.
import { rm } from 'node:fs/promises';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSeed, type RunningSeed } from '../../server/src/main.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig } from '../helpers/server.js';

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { testid: el?.getAttribute('data-testid') ?? null, type: el?.getAttribute('data-type') ?? null, id: el?.getAttribute('data-id') ?? null };
  });
const cardTitles = (page: Page) => page.locator('[data-testid="search-titles"] [data-testid="search-card-title"]').allInnerTexts();

describeBrowser('web UI, the Search page', () => {
  let seed: RunningSeed | undefined;
  let browser: Browser | undefined;
  let dataDir = '';

  beforeAll(async () => {
    [dataDir, browser] = await Promise.all([tempDir('seed-e2e-search-'), launchBrowser()]);
    seed = await startSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0 }), pino({ level: 'silent' }), { webRoot: rendererDir() });
    const db = seed.db;
    db.exec(`
      INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films & Series', 'mixed', 0);
      INSERT INTO series (id, library_id, group_key, title, sort_title, year, mpaa, added_at) VALUES
        (1, 1, 'stranger', 'Stranger Things', 'stranger things', 2016, 'TV-14', 0),
        (2, 1, 'office', 'The Office', 'office', 2005, 'TV-14', 0),
        (3, 1, 'thrones', 'Game of Thrones', 'game of thrones', 2011, 'TV-MA', 0);
      INSERT INTO items (id, library_id, group_key, kind, title, sort_title, series_id, season, episode, duration_ms, added_at) VALUES
        (1, 1, 'st-1-1', 'episode', 'The Vanishing of Will Byers', 'vanishing', 1, 1, 1, 2900000, 0),
        (3, 1, 'of-2-3', 'episode', 'Office Olympics', 'office olympics', 2, 2, 3, 1300000, 0),
        (4, 1, 'got-1-1', 'episode', 'Winter Is Coming', 'winter is coming', 3, 1, 1, 3700000, 0);
      INSERT INTO items (id, library_id, group_key, kind, title, sort_title, original_title, year, mpaa, duration_ms, added_at) VALUES
        (2, 1, 'amelie', 'movie', 'Amélie', 'amelie', 'Le Fabuleux Destin d''Amélie Poulain', 2001, 'R', 7300000, 0),
        (5, 1, 'bone', 'movie', 'Winter''s Bone', 'winter''s bone', NULL, 2010, 'R', 6000000, 0),
        (6, 1, 'stf', 'movie', 'Stranger Than Fiction', 'stranger than fiction', NULL, 2006, 'PG-13', 6800000, 0);
      INSERT INTO people (id, name) VALUES (1, 'Winona Ryder'), (2, 'Audrey Tautou'), (3, 'Jennifer Lawrence');
      INSERT INTO item_people (item_id, series_id, person_id, role) VALUES (NULL, 1, 1, 'actor'), (2, NULL, 2, 'actor'), (5, NULL, 3, 'actor');
      INSERT INTO genres (id, name) VALUES (1, 'Science Fiction'), (2, 'Comedy');
      INSERT INTO item_genres (item_id, series_id, genre_id) VALUES (NULL, 1, 1), (NULL, 2, 2), (2, NULL, 2), (6, NULL, 2);
    `);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await seed?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('typing, arrows and Enter find and open a title; Back returns to the results', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    const searches: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/search')) searches.push(new URL(req.url()).searchParams.get('q') ?? '');
    });

    // the header links to it; Enter on the link opens it with the focus in the box
    await page.goto(`${seed!.url}/#/`);
    await page.getByTestId('nav-search').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('search-page').waitFor();
    expect(await focused(page)).toMatchObject({ testid: 'search-input' });
    expect(await page.getByTestId('nav-search').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('search-empty').innerText()).toContain('Start typing; a typo or a missing accent is fine.');

    // a typo, typed letter by letter at a brisk pace: one search per pause, the answer for the last text
    await page.keyboard.type('strnger', { delay: 40 });
    await page.getByTestId('search-status').filter({ hasText: '“strnger”' }).waitFor();
    expect((await cardTitles(page))[0]).toBe('Stranger Things');
    expect(searches.length).toBeLessThan('strnger'.length);
    expect(searches.at(-1)).toBe('strnger');
    expect(await page.evaluate(() => location.hash)).toBe('#/search?q=strnger');
    // what matched is marked in the title
    expect(await page.locator('[data-testid="search-card-title"] mark').first().innerText()).toBe('Stranger');

    // Down into the results, Enter opens the series
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toEqual({ testid: 'search-card', type: 'series', id: '1' });
    await page.keyboard.press('Enter');
    await page.getByTestId('series-page').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/series/1');

    // Back: the same results, the card that was opened in focus; Up returns to the box
    await page.keyboard.press('Escape');
    await page.getByTestId('search-page').waitFor();
    await page.getByTestId('search-card').first().waitFor();
    expect(await page.getByTestId('search-input').inputValue()).toBe('strnger');
    await expect.poll(() => focused(page)).toEqual({ testid: 'search-card', type: 'series', id: '1' });
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ testid: 'search-input' });

    // Escape clears the box; an accent left out still finds Amélie, opened with Enter from the box
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('search-input').inputValue()).toBe('');
    await page.getByTestId('search-empty').waitFor();
    await page.keyboard.type('amelie');
    await page.getByTestId('search-status').filter({ hasText: '“amelie”' }).waitFor();
    expect((await cardTitles(page))[0]).toBe('Amélie');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toEqual({ testid: 'search-card', type: 'movie', id: '2' });
    await page.keyboard.press('Enter');
    await page.getByTestId('title-page').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/item/2');
    await page.keyboard.press('Escape');
    await page.getByTestId('search-card').first().waitFor();

    // nothing found, in words
    await page.getByTestId('search-input').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.type('xyzzy');
    await page.getByTestId('search-nothing').waitFor();
    expect(await page.getByTestId('search-nothing').innerText()).toContain('Nothing matches “xyzzy”');

    // Escape on an empty box leaves the page
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).not.toMatch(/^#\/search/);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  test('titles, a person and a genre; arrows move along a row; a screenshot', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${seed!.url}/#/search?q=win`);
    await page.getByTestId('search-status').filter({ hasText: '“win”' }).waitFor();
    expect(await page.getByTestId('search-input').inputValue()).toBe('win');
    expect(await cardTitles(page)).toEqual(["Winter's Bone", 'Winter Is Coming']);
    expect(await page.getByTestId('search-person').getByTestId('search-section-name').innerText()).toBe('Winona Ryder');
    expect(await page.getByTestId('search-person').getByTestId('search-card-title').allInnerTexts()).toEqual(['Stranger Things']);

    // the original title is named on the card it found
    await page.getByTestId('search-input').fill('poulain');
    await page.getByTestId('search-card-note').waitFor();
    expect(await page.getByTestId('search-card-note').innerText()).toBe("Original title: Le Fabuleux Destin d'Amélie Poulain");

    await page.getByTestId('search-input').fill('');
    await page.getByTestId('search-input').focus();
    await page.keyboard.type('co');
    await page.getByTestId('search-genre').waitFor();
    expect(await page.getByTestId('search-genre').getByTestId('search-card-title').allInnerTexts()).toEqual(['Stranger Than Fiction', 'The Office', 'Amélie']);
    await page.keyboard.press('ArrowDown');
    const first = await focused(page);
    expect(first.testid).toBe('search-card');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).not.toEqual(first);

    await page.getByTestId('search-input').fill('win');
    await page.getByTestId('search-status').filter({ hasText: '“win”' }).waitFor();
    await page.getByTestId('search-input').focus();
    await screenshot(page, 'search.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'search-phone.png');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
