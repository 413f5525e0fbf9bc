import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';

// js-yaml and app-builder-lib are what electron-builder itself uses to read and check its config;
// resolve them from electron-builder so hoisting changes do not matter.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const fromLib = createRequire(fromBuilder.resolve('app-builder-lib'));
const yaml = fromLib('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromLib('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const root = new URL('../../', import.meta.url);
const config = yaml.load(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
};

describe('electron-builder.yml', () => {
  test('matches electron-builder’s schema', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  test('packs the built code and the tray icon main.ts loads at runtime', () => {
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*', 'build/tray.png']));
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/app/src/main.js');
  });

  test('keeps native code out of the asar', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/node_modules/better-sqlite3/**/*.node',
        '**/node_modules/@ffmpeg-installer/*-*/**',
        '**/node_modules/@ffprobe-installer/*-*/**',
      ]),
    );
    expect(config.npmRebuild).toBe(true);
  });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: URL): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('icons exist at the sizes electron-builder and the tray expect', () => {
  expect(pngSize(new URL('build/icon.png', root))).toEqual({ width: 512, height: 512 });
  expect(pngSize(new URL('build/tray.png', root))).toEqual({ width: 32, height: 32 });
});
