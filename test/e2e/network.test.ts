// The admin's Network page in a real browser: the arrows and Enter alone switch the announcement
// off, choose an interface and turn on remote access (with its warning); Save keeps it; each LAN URL
// shows a QR code; a refused name shows its error by the field. The server listens on every interface
// so it has LAN URLs, but announces nothing (discovery is off in tests).
import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { NetworkSettingsDto, ServerLanDto } from '../../server/src/http/api-types.js';
import { describeBrowser, launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';

const active = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

describeBrowser('web UI, the Network settings page', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let libraryDir = '';

  const get = async <T,>(path: string): Promise<T> => (await (await fetch(`${server!.url}${path}`)).json()) as T;

  beforeAll(async () => {
    libraryDir = await tempDir('seed-e2e-network-');
    [server, browser] = await Promise.all([startTestServer({ libraries: [libraryDir], config: { host: '0.0.0.0' } }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (libraryDir) await rm(libraryDir, { recursive: true, force: true });
  });

  test('switches and choices by keyboard, saved and kept; a QR code per LAN URL; a refused name shown by its field', async () => {
    const lan = await get<ServerLanDto>('/api/server/lan');
    const before = await get<NetworkSettingsDto>('/api/settings/network');
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    await page.goto(`${server!.url}/#/admin/network`);

    await page.getByTestId('server-name').waitFor();
    expect(await page.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('settings-tab-network').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('server-name').inputValue()).toBe(before.name);
    expect(await page.getByTestId('discovery-status').textContent()).toContain('Not announced: discovery was turned off when Seed started');
    // the name has focus on arrival
    expect(await active(page)).toBe('server-name');

    // one card per LAN URL, its QR code drawn
    expect(await page.getByTestId('lan-url').count()).toBe(lan.urls.length);
    if (lan.urls.length > 0) {
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="lan-qr"]')].every((img) => img.complete && img.naturalWidth > 0));
      expect(await page.locator('.url-card a').first().textContent()).toBe(lan.urls[0]!.url);
    } else {
      expect(await page.getByTestId('lan-urls-none').textContent()).toContain('No address to show');
    }
    await screenshot(page, 'network.png');
    // the arrows reach the URLs' links, below Save
    if (lan.urls.length > 0) {
      await page.getByTestId('network-save').focus();
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))).toContain(`href="${lan.urls[0]!.url}"`);
      await page.getByTestId('server-name').focus();
    }

    // the keyboard alone: down to the announce switch, Enter turns it off
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toBe('announce-switch');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('announce-switch').getAttribute('aria-checked')).toBe('false');
    // down to the interfaces: every one counts as chosen under "All"; right to the first, Enter leaves it out
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toBe('interface-all');
    expect(await page.getByTestId('interface-all').getAttribute('aria-checked')).toBe('true');
    const interfaces = before.availableInterfaces.map((i) => i.name);
    if (interfaces.length > 0) {
      await page.keyboard.press('ArrowRight');
      expect(await active(page)).toBe('interface');
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('interface-all').getAttribute('aria-checked')).toBe('false');
      expect(await page.locator(`[data-interface="${interfaces[0]}"]`).getAttribute('aria-checked')).toBe('false');
    }
    // down to remote access: on, and the warning stands out
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toBe('remoteAccess-switch');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('remote-warning').getAttribute('role')).toBe('alert');
    await page.keyboard.press('ArrowDown');
    expect(await active(page)).toBe('network-save');
    await page.keyboard.press('Enter');
    await page.getByText('Saved. Devices on the network see the change now.').waitFor();
    const saved = await get<NetworkSettingsDto>('/api/settings/network');
    expect(saved).toMatchObject({ announce: false, remoteAccess: true, interfaces: interfaces.slice(1) });
    expect(await active(page)).toBe('network-save');
    // with its one interface left out, no URL is shown
    if (interfaces.length === 1) await page.getByText('No address to show: no network interface is chosen.').waitFor();
    await page.reload();
    await page.getByTestId('server-name').waitFor();
    expect(await page.getByTestId('announce-switch').getAttribute('aria-checked')).toBe('false');
    expect(await page.getByTestId('remoteAccess-switch').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('discovery-status').textContent()).toContain('Not announced');

    // a name the server refuses: its message by the field, which takes the focus
    await page.getByTestId('server-name').fill('   ');
    await page.getByTestId('network-save').click();
    const error = page.locator('[data-error-for="name"]');
    await error.waitFor();
    expect(await error.textContent()).toBe('must not be empty');
    expect(await active(page)).toBe('server-name');
    await screenshot(page, 'network-error.png');

    // a new name is the header's too
    await page.getByTestId('server-name').fill('Living room');
    await page.getByTestId('network-save').click();
    // (attached: a crowded header may squeeze the name itself out of sight)
    await page.locator('.server-name', { hasText: 'Living room' }).waitFor({ state: 'attached' });
    expect((await get<NetworkSettingsDto>('/api/settings/network')).name).toBe('Living room');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'network-saved.png');
    expect(pageErrors).toEqual([]);
  });
});
