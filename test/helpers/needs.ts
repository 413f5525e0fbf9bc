// Suites that need something the machine may lack (Chromium, network namespaces, a LAN address): they
// run when it is there; without it they are skipped with a loud message on a developer's machine and
// fail on CI (`CI=true`), where it must be there (.ci/run installs it).
import { describe, it } from 'vitest';

/** `describe`, or, when `missing` says what is lacking, a loud skip (a failure on CI). */
export function describeNeeding(what: string, missing: string | null, name: string, body: () => void): void {
  if (missing === null) return void describe(name, body);
  if (process.env.CI === 'true') {
    return void describe(name, () => {
      it(`needs ${what}`, () => {
        throw new Error(`${missing}; the ${what} tests must run on CI`);
      });
    });
  }
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING ${what} tests "${name}": ${missing}\n${'!'.repeat(78)}\n`);
  describe.skip(name, body);
}
