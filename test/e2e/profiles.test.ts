// Profiles and sign-in in a real browser over a real server. A household with an admin and a kid
// (PIN 1234, movies up to PG, TV up to TV-Y7) and titles rated through the database: the picker
// shows; with the keyboard alone the kid is picked, a wrong PIN is refused, the right one shows only
// the titles under the ceiling; the admin takes over through "Switch profile", adds a profile in the
// Profiles page's form by keyboard, makes an API key (shown once), and signs a device out. A second
// household of one admin sees no picker, stays signed in when it adds a second profile, and is not
// sent to the picker when its own session is revoked while nobody needs one.
import { rm, utimes } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ProfileDto } from '../../server/src/http/api-types.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { copyOfDemoLibrary, place } from '../helpers/library.js';
import { addScannedLibrary, call, startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const CARD_TITLE = '[data-testid="title-card"] .title';

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      testid: el?.getAttribute('data-testid') ?? null,
      key: el?.getAttribute('data-key') ?? null,
      value: el?.getAttribute('data-value') ?? el?.getAttribute('data-avatar') ?? null,
      profileId: el?.getAttribute('data-profile-id') ?? null,
      text: el?.textContent?.trim() ?? '',
    };
  });

/** Presses `key` until `done` holds for the focused element (at most `max` times); fails saying where the focus got stuck. */
async function pressUntil(page: Page, key: string, done: (a: Awaited<ReturnType<typeof active>>) => boolean, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (done(await active(page))) return;
  }
  throw new Error(`${key} ×${max} never reached the control: focus is on ${JSON.stringify(await active(page))}`);
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  await page.goto(url);
  return { page, pageErrors };
}

describeBrowser('web UI, profiles and sign-in', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';
  let mia: ProfileDto;
  let tvToken = '';
  let page: Page;
  let pageErrors: string[] = [];

  const api = (path: string, init: RequestInit & { expect?: number } = {}) => call(server!, path, init);

  beforeAll(async () => {
    libraryDir = await copyOfDemoLibrary('seed-e2e-profiles-');
    // two more movies, with old timestamps (the scanner holds back files changed in the last 2 s)
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const path of ['Late Night (2019)/Late Night (2019).mp4', 'Little Fox (2021)/Little Fox (2021).mp4']) {
      await utimes(await place(libraryDir, path, 'tiny'), anHourAgo, anHourAgo);
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    // one admin without a PIN: nobody signs in yet, so the test sets the household up over the API
    const { library } = await addScannedLibrary(server!, [libraryDir], 4);
    // ratings as NFO files give them
    const db = server.seed.db;
    db.prepare(`UPDATE items SET mpaa = 'PG' WHERE library_id = ? AND title = 'Big Buck Test'`).run(library.id);
    db.prepare(`UPDATE items SET mpaa = 'G' WHERE library_id = ? AND title = 'Little Fox'`).run(library.id);
    db.prepare(`UPDATE items SET mpaa = 'R' WHERE library_id = ? AND title = 'Late Night'`).run(library.id);
    db.prepare(`UPDATE series SET mpaa = 'TV-MA' WHERE library_id = ? AND title = 'Test Show'`).run(library.id);
    mia = (await (
      await api('/api/profiles', { method: 'POST', body: JSON.stringify({ name: 'Mia', avatar: 'owl', role: 'kid', movieCeiling: 'PG', tvCeiling: 'TV-Y7', pin: '1234' }), expect: 201 })
    ).json()) as ProfileDto;
    // the kid's TV, signed in as an app: the admin signs it out at the end
    tvToken = ((await (await api('/api/auth/signin', { method: 'POST', body: JSON.stringify({ profileId: mia.id, pin: '1234', kind: 'app', deviceName: 'Living room TV' }), expect: 201 })).json()) as { token: string }).token;
    ({ page, pageErrors } = await openPage(browser, server.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('the picker; the kid picked with the keyboard alone; a wrong PIN, then the right one; only titles under the ceiling', async () => {
    await page.getByTestId('profile-picker').waitFor();
    expect(await page.getByTestId('profile-tile').allInnerTexts()).toEqual(['Admin', 'Mia']);
    expect(await page.getByTestId('profile-lock').count()).toBe(1);
    // the first profile has the focus; Back has nowhere to go from here
    expect(await active(page)).toMatchObject({ testid: 'profile-tile', text: 'Admin' });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    expect(await page.getByTestId('profile-picker').isVisible()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await active(page)).toMatchObject({ testid: 'profile-tile', profileId: String(mia.id) });
    await screenshot(page, 'profiles-picker.png');

    await page.keyboard.press('Enter');
    const pad = page.getByTestId('pin-pad');
    await pad.waitFor();
    expect(await pad.locator('h1').textContent()).toBe('Mia');
    // the keypad: arrows and Enter, as a remote would
    expect(await active(page)).toMatchObject({ testid: 'pin-key', key: '1' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toMatchObject({ key: '5' });
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('pin-dots').getAttribute('data-typed')).toBe('2');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    expect(await page.getByTestId('pin-dots').getAttribute('data-typed')).toBe('0');
    // Back returns to the picker, on the same profile
    await page.keyboard.press('Escape');
    await page.getByTestId('profile-picker').waitFor();
    expect(await active(page)).toMatchObject({ testid: 'profile-tile', profileId: String(mia.id) });
    await page.keyboard.press('Enter');
    await pad.waitFor();

    // digit keys type directly: a wrong PIN is refused and cleared
    for (const digit of '0000') await page.keyboard.press(digit);
    await page.waitForFunction(() => document.querySelector('[data-testid="pin-message"]')?.textContent === 'Wrong PIN');
    expect(await page.getByTestId('pin-dots').getAttribute('data-typed')).toBe('0');
    await screenshot(page, 'profiles-pin-pad.png');
    for (const digit of '1234') await page.keyboard.press(digit);

    // home, as Mia: PG and G movies, not the R one nor the TV-MA series
    await page.locator(CARD_TITLE).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="title-card"]').length === 2);
    expect((await page.locator(CARD_TITLE).allTextContents()).sort()).toEqual(['Big Buck Test', 'Little Fox']);
    expect(await page.getByTestId('current-profile').textContent()).toBe('Mia');
    // no admin menu for a kid
    for (const link of ['nav-manage', 'nav-libraries', 'nav-queue', 'nav-sessions', 'nav-settings', 'nav-profiles']) expect(await page.getByTestId(link).count(), link).toBe(0);
  });

  test('Switch profile: back to the picker, the admin picked, everything shown', async () => {
    await page.getByTestId('profile-menu').focus();
    await page.keyboard.press('Enter');
    expect(await active(page)).toMatchObject({ testid: 'switch-profile' });
    await screenshot(page, 'profiles-menu.png');
    await page.keyboard.press('Enter');
    await page.getByTestId('profile-picker').waitFor();
    // the picker starts on the profile picked last here
    expect(await active(page)).toMatchObject({ profileId: String(mia.id) });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="title-card"]').length === 4);
    expect((await page.locator(CARD_TITLE).allTextContents()).sort()).toEqual(['Big Buck Test', 'Late Night', 'Little Fox', 'Test Show']);
    expect(await page.getByTestId('current-profile').textContent()).toBe('Admin');
    expect(await page.getByTestId('nav-profiles').getAttribute('href')).toBe('#/admin/profiles');
  });

  test('the Profiles page: a profile added with the keyboard, a name taken refused, an API key shown once, a device signed out', async () => {
    await page.getByTestId('nav-manage').click();
    await page.getByTestId('nav-profiles').click();
    const rows = page.getByTestId('profile-row');
    await rows.first().waitFor();
    expect(await page.getByTestId('nav-profiles').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('profile-row-name').allTextContents()).toEqual(['Admin', 'Mia']);
    expect(await page.getByTestId('profile-row-role').allTextContents()).toEqual(['Admin', 'Kid']);
    expect(await page.getByTestId('profile-row-pin').allTextContents()).toEqual(['No PIN', 'PIN']);
    expect(await page.getByTestId('profile-row-limits').allTextContents()).toEqual([
      'Every title · All libraries',
      'Movies up to PG · TV up to TV-Y7 · unrated titles hidden · All libraries',
    ]);

    // Add profile, by keyboard: name, picture, role, audio language, PIN, Save
    await page.getByTestId('profile-add').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('profile-form').waitFor();
    expect(await active(page)).toMatchObject({ testid: 'profile-name' });
    await page.keyboard.type('Sam');
    await pressUntil(page, 'ArrowDown', (a) => a.testid === 'avatar-choice');
    await pressUntil(page, 'ArrowRight', (a) => a.value === 'bear');
    await page.keyboard.press('Enter');
    // the role stays Adult, the new profile's default
    await pressUntil(page, 'ArrowDown', (a) => a.value === 'adult' || a.value === 'admin' || a.value === 'kid');
    expect(await page.locator('[data-testid="profile-role"] [aria-checked="true"]').getAttribute('data-value')).toBe('adult');
    await pressUntil(page, 'ArrowDown', (a) => a.testid === 'audio-language');
    // Escape in an open menu closes the menu, not the editor
    await page.keyboard.press('Enter');
    await pressUntil(page, 'ArrowDown', (a) => a.value === 'de', 30);
    await page.keyboard.press('Escape');
    expect(await active(page)).toMatchObject({ testid: 'audio-language' });
    expect(await page.getByTestId('profile-form').count()).toBe(1);
    await page.keyboard.press('Enter');
    await pressUntil(page, 'ArrowDown', (a) => a.value === 'fr', 30);
    await page.keyboard.press('Enter');
    expect(await active(page)).toMatchObject({ testid: 'audio-language', value: 'fr' });
    await pressUntil(page, 'ArrowDown', (a) => a.value === 'keep' || a.value === 'set');
    await pressUntil(page, 'ArrowRight', (a) => a.value === 'set', 2);
    await page.keyboard.press('Enter'); // Set a PIN: its field comes next to it
    await pressUntil(page, 'ArrowRight', (a) => a.testid === 'profile-pin', 2);
    await page.keyboard.type('4321');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'profiles-form.png');
    await pressUntil(page, 'ArrowDown', (a) => a.testid === 'profile-cancel' || a.testid === 'profile-save');
    await pressUntil(page, 'ArrowRight', (a) => a.testid === 'profile-save', 2);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-row"]').length === 3);
    expect(await page.getByTestId('profile-form').count()).toBe(0);
    const sam = rows.filter({ hasText: 'Sam' });
    expect(await sam.getByTestId('profile-row-role').textContent()).toBe('Adult');
    expect(await sam.getByTestId('profile-row-pin').textContent()).toBe('PIN');
    expect(await sam.locator('[data-avatar]').getAttribute('data-avatar')).toBe('bear');
    expect(await sam.textContent()).toContain('French audio');
    // the focus is back on the new profile's Edit button
    expect(await active(page)).toMatchObject({ testid: 'profile-edit' });

    // a name taken: the server's refusal by the name field
    await page.getByTestId('profile-add').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('mia');
    await page.keyboard.press('Enter');
    const nameError = page.locator('[data-testid="profile-field-error"][data-error-for="name"]');
    await nameError.waitFor();
    expect(await nameError.textContent()).toBe('A profile named Mia already exists');
    // Escape in the name field closes the editor as Cancel does, and the page stays
    const hash = new URL(page.url()).hash;
    await page.keyboard.press('Escape');
    await page.getByTestId('profile-form').waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe(hash);
    expect(await active(page)).toMatchObject({ testid: 'profile-add' });

    // a kid's form: its limits by rating
    await rows.filter({ hasText: 'Mia' }).getByTestId('profile-edit').click();
    expect(await page.locator('[data-testid="movie-ceiling"] [aria-checked="true"]').getAttribute('data-value')).toBe('PG');
    expect(await page.locator('[data-testid="tv-ceiling"] [aria-checked="true"]').getAttribute('data-value')).toBe('TV-Y7');
    expect(await page.locator('[data-testid="pin-choice"] [aria-checked="true"]').textContent()).toContain('Keep PIN');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'profiles-edit-kid.png');
    // chosen libraries: none chosen is refused before sending
    await page.locator('[data-testid="libraries-scope"] [data-value="chosen"]').click();
    expect(await page.getByTestId('library-choice').allTextContents()).toHaveLength(1);
    await page.getByTestId('profile-save').click();
    expect(await page.locator('[data-error-for="libraries"]').textContent()).toBe('Choose at least one library, or All libraries');
    expect(await active(page)).toMatchObject({ testid: 'library-choice' });
    await page.getByTestId('profile-cancel').click();

    // the last admin cannot go: asked first, then refused with the server's words
    await rows.first().getByTestId('profile-delete').focus();
    await page.keyboard.press('Enter');
    expect(await active(page)).toMatchObject({ testid: 'profile-delete-cancel' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByTestId('profile-delete-error').waitFor();
    expect(await page.getByTestId('profile-delete-error').textContent()).toMatch(/^The household needs an admin/);
    await page.getByTestId('profile-delete-cancel').click();

    // a new API key, shown once with how to send it
    await page.getByTestId('key-new').focus();
    await page.keyboard.press('Enter');
    expect(await active(page)).toMatchObject({ testid: 'key-name' });
    await page.keyboard.type('Home Assistant');
    await page.keyboard.press('Enter');
    await page.getByTestId('key-created').waitFor();
    const key = (await page.getByTestId('key-value').textContent())!;
    expect(key).toMatch(/^seedk_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByTestId('key-created').textContent()).toContain('Authorization: Bearer …');
    expect(await active(page)).toMatchObject({ testid: 'key-copy' });
    await api('/api/jobs', { headers: { Authorization: `Bearer ${key}` }, expect: 200 });
    expect(await page.getByTestId('key-prefix').allTextContents()).toEqual([`${key.slice(0, 12)}…`]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'profiles-key.png');
    await page.getByTestId('key-done').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('key-created').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(key);
    await page.waitForFunction(() => document.querySelector('[data-testid="key-used"]')?.textContent === 'used just now');

    // devices: this browser (the admin) and the kid's TV; the TV is signed out
    const devices = page.getByTestId('device-row');
    expect((await page.getByTestId('device-name').allTextContents()).sort()).toEqual(['Chrome on Linux', 'Living room TV']);
    const tv = devices.filter({ hasText: 'Living room TV' });
    expect(await tv.getByTestId('device-profile').textContent()).toBe('Mia');
    expect(await tv.getByTestId('device-seen').textContent()).toBe('seen just now');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'profiles-page.png');
    await tv.getByTestId('device-signout').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="device-name"]')].some((el) => el.textContent === 'Living room TV'));
    expect((await (await api('/api/titles', { headers: { Authorization: `Bearer ${tvToken}` }, expect: 401 })).json()).code).toBe('signed_out');
    // this browser is still signed in
    expect(await page.getByTestId('profile-picker').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  test('too many wrong PINs: the pad waits, counting down', async () => {
    const other = await openPage(browser!, server!.url);
    await other.page.getByTestId('profile-tile').filter({ hasText: 'Sam' }).click();
    await other.page.getByTestId('pin-pad').waitFor();
    const message = other.page.getByTestId('pin-message');
    for (let attempt = 1; attempt <= 3; attempt++) {
      for (const digit of '9999') await other.page.keyboard.press(digit);
      await other.page.waitForFunction(() => document.querySelector('[data-testid="pin-dots"]')?.getAttribute('data-typed') === '0' && document.querySelector('[data-testid="pin-message"]')?.textContent === 'Wrong PIN');
      await other.page.keyboard.press('1'); // typing again clears the message
      await other.page.keyboard.press('Backspace');
    }
    for (const digit of '9999') await other.page.keyboard.press(digit);
    await other.page.waitForFunction(() => /^Too many tries — try again in \d+ s$/.test(document.querySelector('[data-testid="pin-message"]')?.textContent ?? ''));
    const seconds = () => message.textContent().then((t) => Number(/(\d+) s$/.exec(t ?? '')?.[1]));
    const first = await seconds();
    expect(first).toBeGreaterThan(25);
    // digits are not taken while it waits
    await other.page.keyboard.press('4');
    expect(await other.page.getByTestId('pin-dots').getAttribute('data-typed')).toBe('0');
    await screenshot(other.page, 'profiles-pin-locked.png');
    await other.page.waitForFunction((first) => Number(/(\d+) s$/.exec(document.querySelector('[data-testid="pin-message"]')?.textContent ?? '')?.[1]) < first, first);
    expect(other.pageErrors).toEqual([]);
    await other.page.close();
  });
});

describeBrowser('web UI, a household of one admin', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  // an empty library folder: with no library at all the UI shows the first-run page instead
  let libraryDir = '';

  beforeAll(async () => {
    libraryDir = await tempDir('seed-e2e-one-admin-');
    [server, browser] = await Promise.all([startTestServer({ libraries: [libraryDir] }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('no picker: the app opens as the admin; adding a second profile keeps this browser signed in', async () => {
    const { page, pageErrors } = await openPage(browser!, `${server!.url}/#/admin/profiles`);
    await page.getByTestId('profile-row').first().waitFor();
    expect(await page.getByTestId('profile-picker').count()).toBe(0);
    expect(await page.getByTestId('current-profile').textContent()).toBe('Admin');
    // nothing to switch to yet: the name without a menu
    expect(await page.getByTestId('profile-menu').count()).toBe(0);

    await page.getByTestId('profile-add').click();
    await page.getByTestId('profile-name').fill('Sam');
    await page.getByTestId('profile-save').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-row"]').length === 2);
    // sign-in is needed from now on, and this browser has a session of its own
    const picker = (await (await fetch(`${server!.url}/api/auth/profiles`)).json()) as { signInNeeded: boolean };
    expect(picker.signInNeeded).toBe(true);
    await page.getByTestId('profile-menu').waitFor();
    await page.reload();
    await page.getByTestId('profile-row').first().waitFor();
    expect(await page.getByTestId('profile-picker').count()).toBe(0);
    expect(await page.getByTestId('device-name').allTextContents()).toEqual(['Chrome on Linux']);

    // Sam goes again, then this browser is signed out: with one profile and no PIN nobody needs
    // to sign in, so the stale cookie is cleared and the app goes on as the admin, no picker
    const sam = page.getByTestId('profile-row').filter({ hasText: 'Sam' });
    await sam.getByTestId('profile-delete').click();
    await sam.getByTestId('profile-delete-confirm-button').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="profile-row"]').length === 1);
    await page.getByTestId('device-signout').click();
    await page.getByTestId('devices-empty').waitFor();
    expect(await page.getByTestId('profile-picker').count()).toBe(0);
    expect(await page.getByTestId('current-profile').textContent()).toBe('Admin');
    expect(pageErrors).toEqual([]);
  });
});
