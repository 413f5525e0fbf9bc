// A real browser for end-to-end tests: Debian's Chromium driven by playwright-core (no bundled browser download).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's package; SEED_CHROMIUM points elsewhere (another distro, a Chrome install) */
export const chromiumPath = process.env.SEED_CHROMIUM || '/usr/bin/chromium';
export const hasBrowser = existsSync(chromiumPath);
const isCi = process.env.CI === 'true';

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
export function describeBrowser(name: string, body: () => void): void {
  if (hasBrowser) {
    describe(name, body);
    return;
  }
  const reason = `Chromium not found at ${chromiumPath} (apt-get install chromium)`;
  if (isCi) {
    describe(name, () => {
      it('needs a browser', () => {
        throw new Error(`${reason}; browser tests must run on CI`);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING browser tests "${name}": ${reason}\n${'!'.repeat(78)}\n`);
  describe.skip(name, body);
}

/** Saves a full-page screenshot under test/.artifacts/screenshots/ and answers its path. */
export async function screenshot(page: Page, fileName: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, fileName);
  await page.screenshot({ path, fullPage: true });
  return path;
}
