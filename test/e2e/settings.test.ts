// The admin's Transcoding settings page in a real browser: change a rung, save, reload and find it
// kept; a value the server refuses shows its error next to that field; arrow keys and Enter reach
// every control; Reset to defaults puts the default ladder back.
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TranscodeSettingsDto } from '../../server/src/http/api-types.js';
import { DEFAULT_LADDER } from '../../transcoder/src/index.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
const activeField = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-field') ?? document.activeElement?.getAttribute('data-testid'));

describeBrowser('web UI, the Transcoding settings page', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  // an empty library folder: with no library at all the UI shows the first-run page instead
  let libraryDir = '';

  const settings = async (): Promise<TranscodeSettingsDto> => {
    const res = await fetch(`${server!.url}/api/settings/transcoding`);
    expect(res.status).toBe(200);
    return (await res.json()) as TranscodeSettingsDto;
  };

  beforeAll(async () => {
    libraryDir = await tempDir('seed-e2e-settings-');
    [server, browser] = await Promise.all([startTestServer({ libraries: [libraryDir] }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('a changed rung is saved and kept across a reload; a refused value shows its error by the field; Reset brings the defaults back', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${server!.url}/#/admin/transcoding`);

    const rungs = page.getByTestId('rung');
    await rungs.first().waitFor();
    expect(await page.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('nav-settings').getAttribute('href')).toBe('#/admin/transcoding');
    expect(await page.getByTestId('rung-height').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))).toEqual(DEFAULT_LADDER.map((r) => String(r.height)));
    expect(await page.getByTestId('rung-kbps').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))).toEqual(DEFAULT_LADDER.map((r) => String(r.videoKbps)));
    expect(await page.locator('[data-testid="preset"][aria-checked="true"]').getAttribute('data-preset')).toBe('veryfast');
    expect(await page.getByTestId('preset').count()).toBe(6);
    // the first rung's height has focus on arrival
    expect(await activeField(page)).toBe('ladder.0.height');
    await screenshot(page, 'settings.png');

    // the keyboard alone: down to the 360p rung, right past the end of its height to its bit rate
    await page.keyboard.press('ArrowDown');
    expect(await activeField(page)).toBe('ladder.1.height');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    expect(await activeField(page)).toBe('ladder.1.videoKbps');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('950');
    // and on to its Remove button, which the arrows reach too
    await page.keyboard.press('ArrowRight');
    expect(await activeField(page)).toBe('ladder.1.remove');
    await page.keyboard.press('ArrowLeft');
    expect(await activeField(page)).toBe('ladder.1.videoKbps');
    await page.keyboard.press('ArrowLeft');
    expect(await activeField(page)).toBe('ladder.1.videoKbps'); // the caret moves first, inside the field

    // a preset, picked with the arrows and Enter
    const focusedPreset = () => page.evaluate(() => document.activeElement?.getAttribute('data-preset'));
    await page.locator('[data-preset="veryfast"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedPreset()).toBe('medium');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedPreset()).toBe('fast');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-preset="fast"]').getAttribute('aria-checked')).toBe('true');

    // down to Save, Enter
    for (let i = 0; i < 10 && (await activeTestId(page)) !== 'settings-save'; i++) {
      await page.keyboard.press('ArrowDown');
      if ((await activeTestId(page)) === 'settings-reset') await page.keyboard.press('ArrowRight');
    }
    expect(await activeTestId(page)).toBe('settings-save');
    await page.keyboard.press('Enter');
    await page.getByText('Saved. Titles transcoded from now on use these settings.').waitFor();
    const saved = await settings();
    expect(saved.ladder[1]).toEqual({ height: 360, videoKbps: 950 });
    expect(saved.preset).toBe('fast');

    await page.reload();
    await rungs.first().waitFor();
    expect(await page.getByTestId('rung-kbps').nth(1).inputValue()).toBe('950');
    expect(await page.locator('[data-preset="fast"]').getAttribute('aria-checked')).toBe('true');

    // a height the server refuses: its message sits by that field, which takes the focus
    await page.getByTestId('rung-height').nth(1).fill('361');
    await page.getByTestId('settings-save').click();
    const error = page.locator('[data-error-for="ladder.1.height"]');
    await error.waitFor();
    expect(await error.textContent()).toBe('must be even');
    expect(await page.getByTestId('field-error').count()).toBe(1);
    expect(await page.getByTestId('rung-height').nth(1).getAttribute('aria-invalid')).toBe('true');
    expect(await activeField(page)).toBe('ladder.1.height');
    // a full-page screenshot of a scrolled page draws the sticky header halfway down
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'settings-error.png');
    expect((await settings()).ladder[1]).toEqual({ height: 360, videoKbps: 950 });

    // a quota that is no number is caught before asking the server
    await page.getByTestId('rung-height').nth(1).fill('360');
    await page.getByTestId('quota').fill('lots');
    await page.getByTestId('settings-save').click();
    expect(await page.locator('[data-error-for="quotaGb"]').textContent()).toBe('must be a number of GB, or empty for automatic');
    expect(await activeField(page)).toBe('quotaGb');
    await page.getByTestId('quota').fill('');

    // add a rung, then take it away again
    await page.getByTestId('rung-add').click();
    expect(await rungs.count()).toBe(7);
    expect(await activeField(page)).toBe('ladder.6.height');
    await page.getByTestId('rung-remove').nth(6).click();
    expect(await rungs.count()).toBe(6);

    await page.getByTestId('settings-reset').click();
    await page.getByText('Back to the default transcoding settings.').waitFor();
    expect(await page.getByTestId('rung-kbps').nth(1).inputValue()).toBe('800');
    expect(await page.locator('[data-preset="veryfast"]').getAttribute('aria-checked')).toBe('true');
    expect(await settings()).toMatchObject({ ladder: DEFAULT_LADDER, preset: 'veryfast', quotaGb: null });

    // on a phone the table still fits the width
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'settings-phone.png');

    expect(pageErrors).toEqual([]);
  });
});
