// The Hardware encoding choice of the Transcoding settings page in a real browser, over the real
// server with its settings given the server's ffmpeg to test encoders with (as main.ts wires it):
// every encoder says whether it works on this machine and why not; arrow keys and Enter pick a
// choice; it is saved and kept across a reload.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TranscodeSettingsDto } from '../../server/src/http/api-types.js';
import { createSeed, createSeedApp } from '../../server/src/main.js';
import { createTranscodeSettings, type DetectHardware } from '../../server/src/settings/transcode-settings.js';
import { inspectHardwareEncoders } from '../../transcoder/src/doctor.js';
import { HARDWARE_ENCODERS } from '../../transcoder/src/hw-encoders.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { rendererDir } from '../helpers/paths.js';
import { tempDir, testConfig } from '../helpers/server.js';

const silent = pino({ level: 'silent' });
const activeEncoder = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-encoder'));

describeBrowser('web UI, the Hardware encoding choice', () => {
  let dataDir = '';
  let libraryDir = '';
  let seed: ReturnType<typeof createSeed> | undefined;
  const servers: Server[] = [];
  let browser: Browser | undefined;

  /** The real app on a free loopback port, its settings testing hardware with `detectHardware`. */
  async function serve(detectHardware: DetectHardware): Promise<string> {
    const app = createSeedApp({ ...seed!, settings: createTranscodeSettings(seed!.db, silent, { detectHardware }) }, { name: 'Test Seed', webRoot: rendererDir(), log: silent });
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    [dataDir, libraryDir] = await Promise.all([tempDir('seed-e2e-hardware-'), tempDir('seed-e2e-hardware-library-')]);
    seed = createSeed(testConfig(dataDir), silent);
    // an empty library folder: with no library at all the UI shows the first-run page instead
    await seed.libraries.ensure(libraryDir, { scanNow: false });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await seed?.shutdown();
    for (const dir of [dataDir, libraryDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('this machine: each encoder works or says why not; Automatic picked with the arrows and Enter is saved and kept', async () => {
    const url = await serve(() => inspectHardwareEncoders(locateTool('ffmpeg', null)!.path));
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${url}/#/admin/transcoding`);

    const section = page.getByTestId('hardware-encoding');
    await section.and(page.locator('[data-state="known"]')).waitFor();
    const choices = page.getByTestId('hardware-encoder');
    expect(await choices.evaluateAll((els) => els.map((el) => el.getAttribute('data-encoder')))).toEqual(['off', 'auto', ...HARDWARE_ENCODERS]);
    expect(await page.locator('[data-testid="hardware-encoder"][aria-checked="true"]').getAttribute('data-encoder')).toBe('off');
    const support = await (await fetch(`${url}/api/settings/hardware`)).json();
    for (const { encoder, works, reason } of support.encoders as { encoder: string; works: boolean; reason: string | null }[]) {
      const status = await page.locator(`[data-encoder="${encoder}"] .status`).textContent();
      expect(status).toBe(works ? 'Works here' : `Not available: ${reason}`);
    }
    if (process.platform === 'linux' && !existsSync('/dev/dri/renderD128')) {
      expect(await page.locator('[data-encoder="h264_vaapi"] .status').textContent()).toBe('Not available: h264_vaapi: no /dev/dri/renderD128');
      expect(await page.getByTestId('hardware-summary').textContent()).toBe('Titles are encoded on the CPU (libx264).');
    }

    // the keyboard alone: from Off, right to Automatic, Enter
    await page.locator('[data-encoder="off"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await activeEncoder(page)).toBe('auto');
    await page.keyboard.press('ArrowDown');
    expect(await activeEncoder(page)).not.toBe('auto');
    await page.keyboard.press('ArrowUp');
    expect(await activeEncoder(page)).toBe('auto');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-encoder="auto"]').getAttribute('aria-checked')).toBe('true');
    if (!support.automatic) expect(await page.getByTestId('hardware-summary').textContent()).toBe('No hardware encoder works on this machine: titles are encoded on the CPU (libx264).');
    // a full-page screenshot of a scrolled page draws the sticky header halfway down
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'hardware-settings.png');

    await page.getByTestId('settings-save').click();
    await page.getByText('Saved. Titles transcoded from now on use these settings.').waitFor();
    const saved = (await (await fetch(`${url}/api/settings/transcoding`)).json()) as TranscodeSettingsDto;
    expect(saved.hardwareEncoder).toBe('auto');

    await page.reload();
    await section.and(page.locator('[data-state="known"]')).waitFor();
    expect(await page.locator('[data-encoder="auto"]').getAttribute('aria-checked')).toBe('true');

    // on a phone the reasons wrap inside their buttons
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // a full-page screenshot of a scrolled page draws the sticky header halfway down
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'hardware-settings-phone.png');

    await page.getByTestId('settings-reset').click();
    await page.getByText('Back to the default transcoding settings.').waitFor();
    expect(await page.locator('[data-encoder="off"]').getAttribute('aria-checked')).toBe('true');
    expect(pageErrors).toEqual([]);
  });

  test('a machine where NVENC and VAAPI work (no GPU here: its test encodes answered for it): Automatic names NVENC, a named one that does not work is marked', async () => {
    const url = await serve(async () =>
      HARDWARE_ENCODERS.map((encoder) =>
        encoder === 'h264_nvenc' || encoder === 'h264_vaapi' ? { encoder, works: true, reason: null } : { encoder, works: false, reason: `${encoder}: not in this ffmpeg build` },
      ),
    );
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(`${url}/#/admin/transcoding`);
    const section = page.getByTestId('hardware-encoding');
    await section.and(page.locator('[data-state="known"]')).waitFor();
    expect(await page.locator('[data-encoder="auto"] .status').textContent()).toBe('Uses NVIDIA NVENC here');
    expect(await page.locator('[data-encoder="h264_vaapi"] .status').textContent()).toBe('Works here');
    expect(await page.locator('[data-encoder="h264_qsv"]').getAttribute('data-available')).toBe('false');
    await page.locator('[data-encoder="h264_qsv"]').click();
    expect(await page.getByTestId('hardware-summary').textContent()).toBe('Intel Quick Sync does not work on this machine: titles are encoded on the CPU (libx264) instead.');
    // a full-page screenshot of a scrolled page draws the sticky header halfway down
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'hardware-settings-nvenc.png');
    await page.locator('[data-encoder="h264_nvenc"]').click();
    expect(await page.getByTestId('hardware-summary').textContent()).toBe('Titles are encoded by NVIDIA NVENC; if it fails on a title, the CPU (libx264) encodes that title instead.');
  });
});
