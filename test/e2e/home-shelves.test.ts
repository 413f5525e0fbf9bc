// The personalised home shelves in a real browser over a real server, driven by the keyboard as a TV
// remote would: after the admin watched Amélie, "Because you watched Amélie" and the other shelves
// under their titles; arrows along a shelf, Enter opens the title (the click reported), Back returns
// to the card. A new profile first picks a few titles it likes (3 columns on a phone), then gets its
// shelves. Thumbs on a movie's and a series' page stay after a reload.
import { rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { HomeShelvesDto, ProfileDto, ThumbDto, TitleCardDto } from '../../server/src/http/api-types.js';
import { createRunFfmpeg, locateTool } from '../../transcoder/src/index.js';
import { appPages, describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary, place } from '../helpers/library.js';
import { addScannedLibrary, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const TIZEN_UA = 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36';
const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const TV = { viewport: { width: 1280, height: 720 }, userAgent: TIZEN_UA } as const;

/**
 * Movies with genres (as their movie.nfo says) and a poster of their own colours, beside the demo's
 * movie and show. Enough of them that each shelf has titles of its own: the first screen shows no title twice.
 */
const MOVIES: readonly { title: string; year: number; genres: readonly string[] }[] = [
  { title: 'Amélie', year: 2001, genres: ['Comedy', 'Romance'] },
  { title: 'Paddington', year: 2014, genres: ['Comedy', 'Family'] },
  { title: 'The Grand Budapest Hotel', year: 2014, genres: ['Comedy', 'Drama'] },
  { title: 'Before Sunrise', year: 1995, genres: ['Romance', 'Drama'] },
  { title: 'Chungking Express', year: 1994, genres: ['Romance', 'Comedy', 'Drama'] },
  { title: 'Roman Holiday', year: 1953, genres: ['Romance', 'Comedy'] },
  { title: 'Some Like It Hot', year: 1959, genres: ['Comedy', 'Romance'] },
  { title: 'Groundhog Day', year: 1993, genres: ['Comedy', 'Fantasy', 'Romance'] },
  { title: 'Moonstruck', year: 1987, genres: ['Comedy', 'Romance', 'Drama'] },
  { title: 'Paris, Texas', year: 1984, genres: ['Drama'] },
  { title: 'The Apartment', year: 1960, genres: ['Comedy', 'Romance', 'Drama'] },
  { title: 'Midnight in Paris', year: 2011, genres: ['Comedy', 'Fantasy', 'Romance'] },
  { title: 'In the Mood for Love', year: 2000, genres: ['Romance', 'Drama'] },
  { title: 'Frances Ha', year: 2012, genres: ['Comedy', 'Drama'] },
  { title: 'Alien', year: 1979, genres: ['Horror', 'Science Fiction'] },
  { title: 'Arrival', year: 2016, genres: ['Science Fiction', 'Drama'] },
  { title: 'Solaris', year: 1972, genres: ['Science Fiction', 'Drama'] },
  { title: 'The Thing', year: 1982, genres: ['Horror', 'Science Fiction'] },
  { title: 'Gattaca', year: 1997, genres: ['Science Fiction', 'Thriller'] },
  { title: 'Spirited Away', year: 2001, genres: ['Animation', 'Family', 'Fantasy'] },
  { title: 'My Neighbor Totoro', year: 1988, genres: ['Animation', 'Family'] },
  { title: 'The Iron Giant', year: 1999, genres: ['Animation', 'Family', 'Science Fiction'] },
  { title: 'Heat', year: 1995, genres: ['Crime', 'Thriller'] },
  { title: 'Le Samouraï', year: 1967, genres: ['Crime', 'Thriller'] },
  { title: 'Fargo', year: 1996, genres: ['Crime', 'Comedy', 'Drama'] },
  { title: 'Seven Samurai', year: 1954, genres: ['Action', 'Drama'] },
];
/** the posters' two colours, one pair a title in turn */
const COLOURS = [
  ['0x2e7d32', '0xc62828'], ['0x1565c0', '0xf9a825'], ['0xad1457', '0xf48fb1'], ['0xef6c00', '0x4527a0'], ['0x00838f', '0xd84315'],
  ['0x263238', '0x33691e'], ['0x37474f', '0xb0bec5'], ['0x6a1b9a', '0x26a69a'], ['0x4e342e', '0xffb300'], ['0x0d47a1', '0x80deea'],
] as const;

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      testid: el?.getAttribute('data-testid') ?? null,
      href: el?.getAttribute('href') ?? null,
      shelf: el?.closest('[data-testid="home-shelf"]')?.getAttribute('data-shelf-id') ?? null,
      pressed: el?.getAttribute('aria-pressed') ?? null,
    };
  });

/** Sideways overflow of the page: 0 when it fits the screen. */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const shelfTitles = (page: Page) => page.getByTestId('home-shelf').locator('h2').allTextContents();

describeBrowser('web UI, the home shelves', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';
  const pages = appPages(() => ({ browser: browser!, url: server!.url }));
  const pageErrors = pages.errors;
  const open = pages.open;
  /** the rankers refit in the background, 30 s after a change at the soonest: the test's clock jumps instead of waiting */
  let skewMs = 0;
  let titles: TitleCardDto[] = [];
  const titleNamed = (name: string) => titles.find((t) => t.title === name)!;

  const api = async <T>(path: string, init: { method?: string; body?: unknown; expect?: number } = {}): Promise<T> => {
    const res = await fetch(`${server!.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    expect(res.status, `${init.method ?? 'GET'} ${path}: ${res.status}`).toBe(init.expect ?? (init.method === undefined ? 200 : res.status));
    return (res.status === 204 || res.headers.get('content-type')?.includes('json') !== true ? null : await res.json()) as T;
  };


  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-shelves-');
    const ffmpeg = locateTool('ffmpeg', process.env.SEED_FFMPEG ?? null);
    if (!ffmpeg) throw new Error('ffmpeg not found on PATH');
    const run = createRunFfmpeg(ffmpeg.path);
    // old timestamps: the scanner holds back files changed in the last 2 s
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const [n, movie] of MOVIES.entries()) {
      const folder = `${movie.title} (${movie.year})`;
      const video = await place(libraryDir, `${folder}/${folder}.mp4`, 'tiny');
      const nfo = join(libraryDir, folder, 'movie.nfo');
      await writeFile(nfo, `<movie><title>${movie.title}</title><year>${movie.year}</year>${movie.genres.map((g) => `<genre>${g}</genre>`).join('')}</movie>\n`);
      const poster = join(libraryDir, folder, 'poster.jpg');
      await run(['-nostdin', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `gradients=s=480x270:c0=${COLOURS[n % COLOURS.length]![0]}:c1=${COLOURS[n % COLOURS.length]![1]}:seed=${n + 1}:d=1`, '-frames:v', '1', '-y', poster]);
      for (const file of [video, nfo, poster]) await utimes(file, anHourAgo, anHourAgo);
    }
    [server, browser] = await Promise.all([startTestServer({ now: () => Date.now() + skewMs }), launchBrowser()]);
    ({ titles } = await addScannedLibrary(server!, [libraryDir], MOVIES.length + 2));

    // the admin watched Amélie to the end
    await api(`/api/items/${titleNamed('Amélie').id}/played`, { method: 'POST', expect: 200 });
    // the first fit (at start) may have seen part of the library; the next comes 30 s after the scan
    // and the play at the soonest (at once had it seen none), so the test's clock moves on instead of waiting
    skewMs += 11 * 60_000;
    let last: HomeShelvesDto | null = null;
    await waitFor(async () => (last = await api<HomeShelvesDto>('/api/home/shelves')).shelves.some((s) => s.kind === 'because'), 'a refit over the scanned library', 30_000).catch((err: Error) => {
      throw new Error(`${err.message}; the shelves: ${JSON.stringify(last?.shelves.map((s) => ({ id: s.id, titles: s.titles.map((t) => t.title) })))}`);
    });
  }, 120_000);

  afterAll(async () => {
    await pages.closeAll();
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('the shelves under their titles; arrows along a shelf, Enter opens the title and reports the click, Back returns', async () => {
    const page = await open(DESKTOP);
    await page.getByTestId('home-shelf').first().waitFor();
    await page.getByTestId('title-grid').waitFor();
    const names = await shelfTitles(page);
    expect(names).toContain('Because you watched Amélie');
    expect(names).toContain('Top picks for Admin');
    // a profile with history gets no taste picker; "All titles" stays below the shelves
    expect(await page.getByTestId('taste-picker').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'All titles' }).isVisible()).toBe(true);
    const gridTop = (await page.getByTestId('title-grid').boundingBox())!.y;
    expect((await page.getByTestId('home-shelf').last().boundingBox())!.y).toBeLessThan(gridTop);
    // the reason is a tooltip and the shelf's description
    const because = page.locator('[data-testid="home-shelf"][data-kind="because"]').first();
    expect(await because.locator('h2').getAttribute('title')).toBe('Watched here along with Amélie, or like it');
    expect(await because.getAttribute('aria-describedby')).toBeTruthy();
    // watched already: not suggested again on its own "because" shelf
    expect(await because.locator('[data-testid="shelf-card"] .title').allTextContents()).not.toContain('Amélie');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'home-shelves.png');

    // nothing focused: the first arrow press lands on the first shelf's first card
    await page.keyboard.press('ArrowDown');
    const first = await active(page);
    expect(first.testid).toBe('shelf-card');
    const firstShelf = page.getByTestId('home-shelf').first();
    expect(first.shelf).toBe(await firstShelf.getAttribute('data-shelf-id'));
    const hrefs = await firstShelf.getByTestId('shelf-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('href')));
    expect(first.href).toBe(hrefs[0]);
    // right moves along the same shelf, card by card, the row scrolling with it; left comes back
    const steps = Math.min(hrefs.length - 1, 6);
    for (let i = 1; i <= steps; i++) {
      await page.keyboard.press('ArrowRight');
      expect(await active(page)).toMatchObject({ testid: 'shelf-card', shelf: first.shelf, href: hrefs[i] });
    }
    // the row scrolled the focused card into view (smoothly: it may take a moment)
    await page.waitForFunction(() => document.activeElement!.getBoundingClientRect().right <= window.innerWidth);
    await page.keyboard.press('ArrowLeft');
    expect((await active(page)).href).toBe(hrefs[steps - 1]);
    // down reaches the next shelf
    await page.keyboard.press('ArrowDown');
    const below = await active(page);
    expect(below.testid).toBe('shelf-card');
    expect(below.shelf).not.toBe(first.shelf);

    // Enter opens the title; the click was reported (a series by its id negated) without holding it up
    const position = await page.evaluate(() => [...document.activeElement!.closest('ul')!.querySelectorAll('[data-testid="shelf-card"]')].indexOf(document.activeElement!));
    const clicked = page.waitForRequest((req) => req.url().endsWith('/api/recommend/click') && req.method() === 'POST');
    await page.keyboard.press('Enter');
    const report = (await clicked).postDataJSON() as { itemId: number; shelf: string; position: number };
    const opened = /^#\/(item|series)\/(\d+)$/.exec(below.href!)!;
    await page.waitForFunction((href) => location.hash === href, below.href);
    expect(report).toMatchObject({ itemId: opened[1] === 'series' ? -Number(opened[2]) : Number(opened[2]), shelf: below.shelf, position });
    await page.locator('.detail-heading').waitFor();

    // Back: home again, on the card it left
    await page.keyboard.press('Escape');
    await page.getByTestId('home-shelf').first().waitFor();
    await page.waitForFunction(
      ({ href, shelf }) => document.activeElement?.getAttribute('href') === href && document.activeElement.closest('[data-testid="home-shelf"]')?.getAttribute('data-shelf-id') === shelf,
      { href: below.href, shelf: below.shelf },
    );
    expect(pageErrors).toEqual([]);
  });

  test('thumbs on a movie and on a series: with the keyboard, a second press clears, and they stay after a reload', async () => {
    const paddington = titleNamed('Paddington');
    const page = await open(DESKTOP, `#/item/${paddington.id}`);
    await page.getByTestId('thumbs').waitFor();
    expect(await page.getByTestId('thumbs').getAttribute('data-value')).toBe('0');
    // Play has the focus on arrival; down, Mark played, down again, the thumbs
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'play');
    await page.keyboard.press('ArrowDown');
    expect((await active(page)).testid).toBe('mark-played');
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toMatchObject({ testid: 'thumb-up', pressed: 'false' });
    await page.keyboard.press('Enter');
    expect(await active(page)).toMatchObject({ testid: 'thumb-up', pressed: 'true' });
    await waitFor(async () => (await api<ThumbDto>(`/api/recommend/thumbs?type=movie&id=${paddington.id}`)).value === 1, 'the thumb up saved');
    await screenshot(page, 'thumbs.png');

    await page.reload();
    await page.getByTestId('thumbs').waitFor();
    expect(await page.getByTestId('thumb-up').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('thumb-down').getAttribute('aria-pressed')).toBe('false');
    // down instead of up: one press moves it; a second press clears it
    await page.getByTestId('thumb-down').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="thumbs"]')?.getAttribute('data-value') === '-1');
    expect(await page.getByTestId('thumb-up').getAttribute('aria-pressed')).toBe('false');
    await waitFor(async () => (await api<ThumbDto>(`/api/recommend/thumbs?type=movie&id=${paddington.id}`)).value === -1, 'the thumb down saved');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="thumbs"]')?.getAttribute('data-value') === '0');
    await waitFor(async () => (await api<ThumbDto>(`/api/recommend/thumbs?type=movie&id=${paddington.id}`)).value === 0, 'the thumb cleared');
    await page.keyboard.press('ArrowLeft');
    expect((await active(page)).testid).toBe('thumb-up');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await api<ThumbDto>(`/api/recommend/thumbs?type=movie&id=${paddington.id}`)).value === 1, 'the thumb up saved again');
    // a slow answer: a second press while the first is on its way still counts, and the server ends on it
    const slowly = async (route: Route) => {
      if (route.request().method() === 'PUT') await new Promise((r) => setTimeout(r, 500));
      await route.continue();
    };
    await page.route('**/api/recommend/thumbs', slowly);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('thumbs').getAttribute('data-value')).toBe('-1');
    await waitFor(async () => (await api<ThumbDto>(`/api/recommend/thumbs?type=movie&id=${paddington.id}`)).value === -1, 'the second quick press saved last', 10_000);
    await page.waitForFunction(() => document.querySelector('[data-testid="thumb-down"]')?.getAttribute('aria-busy') === 'false');
    expect(await page.getByTestId('thumbs').getAttribute('data-value')).toBe('-1');
    await page.unroute('**/api/recommend/thumbs', slowly);

    // a series: its page has them too, beside Play (Down from Play goes on to the episodes)
    const show = titles.find((t) => t.type === 'series')!;
    await page.goto(`${server!.url}/#/series/${show.id}`);
    await page.getByTestId('thumbs').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'play');
    await page.keyboard.press('ArrowRight');
    expect((await active(page)).testid).toBe('thumb-up');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="thumbs"]')?.getAttribute('data-value') === '-1');
    // saved (answered) before the reload
    await page.waitForFunction(() => document.querySelector('[data-testid="thumb-down"]')?.getAttribute('aria-busy') === 'false');
    await page.reload();
    await page.getByTestId('thumbs').waitFor();
    expect(await page.getByTestId('thumb-down').getAttribute('aria-pressed')).toBe('true');
    expect(await api<ThumbDto>(`/api/recommend/thumbs?type=series&id=${show.id}`)).toEqual({ type: 'series', id: show.id, value: -1 });
    // an episode's page has none: thumbs are for titles of the home screen
    const episode = await page.getByTestId('episode-row').first().getAttribute('href');
    if (episode?.startsWith('#/item/')) {
      await page.goto(`${server!.url}/${episode}`);
      await page.getByTestId('title-heading').waitFor();
      await page.getByTestId('watch-status').waitFor();
      expect(await page.getByTestId('thumbs').count()).toBe(0);
    }
    expect(pageErrors).toEqual([]);
  });

  test('a TV: the shelves in 10-foot mode, reached with the remote', async () => {
    const page = await open(TV);
    await page.getByTestId('home-shelf').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('tv'))).toBe(true);
    expect(await overflowX(page)).toBe(0);
    await page.keyboard.press('ArrowDown');
    expect((await active(page)).testid).toBe('shelf-card');
    await page.keyboard.press('ArrowRight');
    expect((await active(page)).testid).toBe('shelf-card');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector('.poster')!).outlineWidth)).toBe('5px');
    await screenshot(page, 'home-shelves-tv.png');
    expect(pageErrors).toEqual([]);
  });

  test('a new profile picks a few titles it likes (3 columns on a phone), Done brings its shelves', async () => {
    // a second profile: from now on every screen starts at "Who's watching?"
    await api<ProfileDto>('/api/profiles', { method: 'POST', body: { name: 'Mia', avatar: 'owl', role: 'adult' }, expect: 201 });
    const signInAsMia = async (page: Page) => {
      await page.getByTestId('profile-picker').waitFor();
      await page.getByTestId('profile-tile').filter({ hasText: 'Mia' }).click();
    };

    // a disk unplugged: all but three movies cannot play now; the picker offers the three first, then the
    // rest marked Offline
    const playable = titles.filter((t) => t.type === 'movie').slice(0, 3).map((t) => t.id);
    const unplug = (missing: 0 | 1) => server!.seed.db.prepare(`UPDATE media_files SET missing = ? WHERE item_id NOT IN (${playable.join(',')})`).run(missing);
    unplug(1);

    // a phone: three posters a row, the panel fits the width, Done out of reach until 3 are picked
    const phone = await open(PHONE);
    await signInAsMia(phone);
    await phone.getByTestId('taste-picker').waitFor();
    const offlineFlags = await phone.getByTestId('taste-choice').evaluateAll((choices) => choices.map((c) => c.querySelector('[data-testid="offline-badge"]') !== null));
    expect(offlineFlags.filter((f) => !f).length).toBe(3);
    expect(offlineFlags).toEqual([false, false, false, ...offlineFlags.slice(3).map(() => true)]);
    expect(offlineFlags.length).toBeGreaterThan(3);
    await screenshot(phone, 'taste-picker-offline-phone.png');
    unplug(0);
    const lefts = await phone.getByTestId('taste-choice').evaluateAll((choices) => choices.slice(0, 4).map((c) => Math.round(c.getBoundingClientRect().left)));
    expect(new Set(lefts.slice(0, 3)).size).toBe(3);
    expect(lefts[3]).toBe(lefts[0]);
    expect(await overflowX(phone)).toBe(0);
    await phone.getByTestId('taste-choice').nth(1).tap();
    expect(await phone.getByTestId('taste-choice').nth(1).getAttribute('aria-pressed')).toBe('true');
    expect(await phone.getByTestId('taste-counter').textContent()).toBe('1 picked · 2 more to go');
    await screenshot(phone, 'taste-picker-phone.png');
    // Not now: gone, and still gone after a reload of this tab (another device still offers it)
    await phone.getByTestId('taste-not-now').tap();
    await phone.getByTestId('taste-picker').waitFor({ state: 'detached' });
    await phone.reload();
    await phone.getByTestId('home-shelf').first().waitFor();
    expect(await phone.getByTestId('taste-picker').count()).toBe(0);
    await phone.context().close();

    // a TV: the remote's first press lands on the first choice, with the thick ring; nothing too wide
    const tv = await open(TV);
    await signInAsMia(tv);
    await tv.getByTestId('taste-picker').waitFor();
    expect(await overflowX(tv)).toBe(0);
    await tv.keyboard.press('ArrowDown');
    expect((await active(tv)).testid).toBe('taste-choice');
    await tv.keyboard.press('ArrowRight');
    await tv.keyboard.press('Enter');
    expect((await active(tv)).pressed).toBe('true');
    expect(await tv.evaluate(() => getComputedStyle(document.activeElement!).outlineWidth)).toBe('5px');
    await screenshot(tv, 'taste-picker-tv.png');
    await tv.context().close();

    // a desktop, with the keyboard alone
    const page = await open(DESKTOP);
    await signInAsMia(page);
    const picker = page.getByTestId('taste-picker');
    await picker.waitFor();
    expect(await page.getByTestId('taste-counter').textContent()).toBe('Pick at least 3');
    expect(await page.getByTestId('taste-done').getAttribute('aria-disabled')).toBe('true');
    const choices = await page.getByTestId('taste-choice').count();
    expect(choices).toBeGreaterThanOrEqual(3);
    expect(choices).toBeLessThanOrEqual(24);
    // the first arrow press lands on the first choice; Enter picks, arrows move on
    await page.keyboard.press('ArrowDown');
    expect((await active(page)).testid).toBe('taste-choice');
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Enter');
      expect((await active(page)).pressed).toBe('true');
      picked.push(await page.evaluate(() => `${document.activeElement!.getAttribute('data-type')}-${document.activeElement!.getAttribute('data-id')}`));
      if (i < 2) await page.keyboard.press('ArrowRight');
    }
    // Done is not pressable before the third pick, is after it
    expect(await page.getByTestId('taste-counter').textContent()).toBe('3 picked');
    expect(await page.getByTestId('taste-done').getAttribute('aria-disabled')).toBe('false');
    await screenshot(page, 'taste-picker.png');

    const saved = page.waitForRequest((req) => req.url().endsWith('/api/recommend/taste') && req.method() === 'POST');
    await page.getByTestId('taste-done').focus();
    await page.keyboard.press('Enter');
    const body = (await saved).postDataJSON() as { titles: { type: string; id: number }[] };
    expect(body.titles.map((t) => `${t.type}-${t.id}`)).toEqual(picked);
    // the panel goes once the new shelves are there, and the focus carries on from their first card
    await picker.waitFor({ state: 'detached' });
    await page.getByTestId('home-shelf').first().waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'shelf-card');
    const after = await page.evaluate(() => fetch('/api/home/shelves').then((r) => r.json() as Promise<HomeShelvesDto>));
    expect(after.coldStart).toBe(false);
    expect(await shelfTitles(page)).toContain('Top picks for Mia');
    // and stays gone after a reload
    await page.reload();
    await page.getByTestId('home-shelf').first().waitFor();
    expect(await page.getByTestId('taste-picker').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
