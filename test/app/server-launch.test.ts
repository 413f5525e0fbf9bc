import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseServerMessage, serverArgs, serverEnv, serverLaunch } from '../../app/src/server-launch.js';

describe('serverArgs', () => {
  test('discovery stays on in the app', () => {
    expect(serverArgs({ dataDir: '/home/me/.config/Seed/data', discovery: true })).toEqual([
      'serve',
      '--data',
      '/home/me/.config/Seed/data',
    ]);
  });

  test('discovery can be switched off', () => {
    expect(serverArgs({ dataDir: '/d', discovery: false })).toEqual(['serve', '--data', '/d', '--no-discovery']);
  });

  test('a data folder with spaces stays one argument', () => {
    expect(serverArgs({ dataDir: 'C:\\Users\\Ann Lee\\AppData\\Roaming\\Seed\\data', discovery: true })).toEqual([
      'serve',
      '--data',
      'C:\\Users\\Ann Lee\\AppData\\Roaming\\Seed\\data',
    ]);
  });
});

test('serverLaunch: the built CLI under the app root, data inside userData', () => {
  expect(
    serverLaunch({
      appPath: '/opt/Seed/resources/app.asar',
      userDataPath: '/home/me/.config/Seed',
      parentEnv: { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' },
      isPackaged: true,
    }),
  ).toEqual({
    modulePath: join('/opt/Seed/resources/app.asar', 'dist', 'server', 'src', 'cli.js'),
    args: ['serve', '--data', join('/home/me/.config/Seed', 'data')],
    env: { PATH: '/usr/bin', NODE_ENV: 'production' },
  });
});

describe('serverEnv', () => {
  test('passes only what the server needs', () => {
    const env = serverEnv(
      {
        PATH: '/usr/bin',
        HOME: '/home/me',
        LANG: 'fr_FR.UTF-8',
        SEED_PORT: '9000',
        SEED_FFMPEG_PATH: '/opt/ffmpeg',
        ELECTRON_RUN_AS_NODE: '1',
        NODE_OPTIONS: '--require /tmp/evil.js',
        GITHUB_TOKEN: 'secret',
        AWS_SECRET_ACCESS_KEY: 'secret',
        UNSET: undefined,
      },
      { isPackaged: false },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/me',
      LANG: 'fr_FR.UTF-8',
      SEED_PORT: '9000',
      SEED_FFMPEG_PATH: '/opt/ffmpeg',
    });
  });

  test('Windows names keep their spelling', () => {
    expect(serverEnv({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', USERPROFILE: 'C:\\Users\\ann' }, { isPackaged: false })).toEqual({
      Path: 'C:\\Windows',
      SystemRoot: 'C:\\Windows',
      USERPROFILE: 'C:\\Users\\ann',
    });
  });

  test('a packaged app runs the server in production mode', () => {
    expect(serverEnv({ NODE_ENV: 'development' }, { isPackaged: true })).toEqual({ NODE_ENV: 'production' });
    expect(serverEnv({ NODE_ENV: 'development' }, { isPackaged: false })).toEqual({});
  });
});

describe('parseServerMessage', () => {
  test.each([
    ['http://127.0.0.1:8420', 'http://127.0.0.1:8420/', 'http://127.0.0.1:8420'],
    ['http://localhost:9000/', 'http://localhost:9000/', 'http://localhost:9000'],
    ['http://[::1]:8420', 'http://[::1]:8420/', 'http://[::1]:8420'],
  ])('listening on %s', (url, href, origin) => {
    expect(parseServerMessage({ type: 'seed:listening', url })).toEqual({ type: 'seed:listening', url: href, origin });
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a string', 'seed:listening'],
    ['another type', { type: 'seed:progress', url: 'http://127.0.0.1:8420' }],
    ['no url', { type: 'seed:listening' }],
    ['a number url', { type: 'seed:listening', url: 8420 }],
    ['not a URL', { type: 'seed:listening', url: '127.0.0.1:8420' }],
    ['a LAN address', { type: 'seed:listening', url: 'http://192.168.1.20:8420' }],
    ['all interfaces', { type: 'seed:listening', url: 'http://0.0.0.0:8420' }],
    ['a remote host', { type: 'seed:listening', url: 'https://evil.com' }],
    ['a look-alike host', { type: 'seed:listening', url: 'http://127.0.0.1.evil.com:8420' }],
    ['credentials', { type: 'seed:listening', url: 'http://127.0.0.1:8420@evil.com' }],
    ['file:', { type: 'seed:listening', url: 'file:///etc/passwd' }],
    ['javascript:', { type: 'seed:listening', url: 'javascript:alert(1)' }],
  ])('rejects %s', (_name, message) => {
    expect(parseServerMessage(message)).toBeNull();
  });
});
