// A real browser for end-to-end tests: Debian's Chromium driven by playwright-core (no bundled browser download).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describeNeeding } from './needs.js';

/** Debian's package; SEED_CHROMIUM points elsewhere (another distro, a Chrome install) */
export const chromiumPath = process.env.SEED_CHROMIUM || '/usr/bin/chromium';
export const hasBrowser = existsSync(chromiumPath);

export const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.artifacts', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // containers and CI runners have no user namespaces for the sandbox
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // offline by design: no update pings, no safe-browsing lists
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required', // the player autoplays with sound, as on a TV
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * `describe` for suites that need Chromium. Without it the suite is skipped with a loud warning,
 * except on CI (`CI=true`), where a missing browser is a failure, not a silent green run.
 */
export const describeBrowser = (name: string, body: () => void): void =>
  describeNeeding('browser', hasBrowser ? null : `Chromium not found at ${chromiumPath} (apt-get install chromium)`, name, body);

/**
 * Pages opened on the app, each in a fresh context (its own storage, user agent, viewport), with the
 * page errors collected; `closeAll` ends every context (afterAll).
 */
export function appPages(target: () => { browser: Browser; url: string }) {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    errors,
    async open(options: Parameters<Browser['newContext']>[0], hash = '#/'): Promise<Page> {
      const { browser, url } = target();
      const context = await browser.newContext({ reducedMotion: 'reduce', ...options });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
      await page.goto(`${url}/${hash}`);
      return page;
    },
    async closeAll(): Promise<void> {
      for (const context of contexts.splice(0)) await context.close();
    },
  };
}

/** Saves a full-page screenshot under test/.artifacts/screenshots/ and answers its path. */
export async function screenshot(page: Page, fileName: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, fileName);
  await page.screenshot({ path, fullPage: true });
  return path;
}
