import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError, configFromEnv, DEFAULT_PORT, readConfigFile, resolveConfig, type ConfigInput } from '../../server/src/config/config.js';
import { tempDir } from '../helpers/server.js';

const none: ConfigInput = {};
const layers = (l: { file?: ConfigInput; env?: ConfigInput; flags?: ConfigInput }) => ({ file: l.file ?? none, env: l.env ?? none, flags: l.flags ?? none });

/** The ConfigError message resolveConfig throws for these layers (fails the test if it does not throw one). */
function configError(l: { file?: ConfigInput; env?: ConfigInput; flags?: ConfigInput }): string {
  try {
    resolveConfig('/data', layers(l));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('library watching settings', () => {
  test('SEED_WATCH and SEED_RESCAN_INTERVAL_MINUTES', () => {
    expect(configFromEnv({ SEED_WATCH: 'false', SEED_RESCAN_INTERVAL_MINUTES: '0' }, ':')).toEqual({ watch: false, rescanIntervalMinutes: '0' });
    expect(resolveConfig('/d', layers({ env: { watch: false, rescanIntervalMinutes: '0' } }))).toMatchObject({ watch: false, rescanIntervalMinutes: 0 });
    expect(() => configFromEnv({ SEED_WATCH: 'sometimes' }, ':')).toThrow(/SEED_WATCH/);
  });
});

describe('resolveConfig', () => {
  test('defaults when no layer says anything', () => {
    expect(resolveConfig('/data', layers({}))).toEqual({
      dataDir: '/data',
      port: DEFAULT_PORT,
      host: '0.0.0.0',
      libraries: [],
      discovery: true,
      ffmpegPath: null,
      ffprobePath: null,
      logLevel: 'info',
      segmentSeconds: 4,
      transcodeConcurrency: 0,
      watch: true,
      rescanIntervalMinutes: 360,
    });
    expect(DEFAULT_PORT).toBe(8420);
  });

  test.each([
    { name: 'file over defaults', l: { file: { port: 1001 } }, port: 1001 },
    { name: 'env over file', l: { file: { port: 1001 }, env: { port: '1002' } }, port: 1002 },
    { name: 'flags over env', l: { file: { port: 1001 }, env: { port: '1002' }, flags: { port: '1003' } }, port: 1003 },
    { name: 'flags over file', l: { file: { port: 1001 }, flags: { port: '1003' } }, port: 1003 },
    { name: 'env over defaults', l: { env: { port: '1002' } }, port: 1002 },
  ])('layering: $name', ({ l, port }) => {
    expect(resolveConfig('/data', layers(l)).port).toBe(port);
  });

  test('each key is taken from the most specific layer that names it', () => {
    const config = resolveConfig('/data', {
      file: { host: 'file-host', logLevel: 'debug', segmentSeconds: 6, libraries: ['/file/a', '/file/b'] },
      env: { host: 'env-host', discovery: false, libraries: ['/env'] },
      flags: { host: 'flag-host' },
    });
    expect(config).toMatchObject({ host: 'flag-host', discovery: false, logLevel: 'debug', segmentSeconds: 6, libraries: ['/env'] });
  });

  test('library lists are replaced, not merged', () => {
    const config = resolveConfig('/data', layers({ file: { libraries: ['/a'] }, flags: { libraries: ['/b', '/c'] } }));
    expect(config.libraries).toEqual(['/b', '/c']);
  });

  test('an undefined value in a higher layer does not hide a lower one', () => {
    expect(resolveConfig('/data', layers({ file: { port: 1001 }, flags: { port: undefined } })).port).toBe(1001);
  });

  test('numbers given as strings are coerced', () => {
    expect(resolveConfig('/data', layers({ flags: { port: '0', segmentSeconds: '2', transcodeConcurrency: '3' } }))).toMatchObject({
      port: 0,
      segmentSeconds: 2,
      transcodeConcurrency: 3,
    });
  });

  test.each([
    { l: { flags: { port: 'abc' } }, key: 'port', where: 'command line' },
    { l: { env: { port: 'abc' } }, key: 'port', where: 'environment' },
    { l: { file: { port: 'x' } }, key: 'port', where: 'config.json' },
    { l: { flags: { port: '70000' } }, key: 'port', where: 'command line' },
    { l: { file: { port: 1.5 } }, key: 'port', where: 'config.json' },
    { l: { env: { logLevel: 'loud' } }, key: 'logLevel', where: 'environment' },
    { l: { file: { segmentSeconds: 0 } }, key: 'segmentSeconds', where: 'config.json' },
    { l: { file: { host: '' } }, key: 'host', where: 'config.json' },
    { l: { file: { libraries: '/not/a/list' } }, key: 'libraries', where: 'config.json' },
    { l: { file: { discovery: 'yes' } }, key: 'discovery', where: 'config.json' },
  ])('bad $key from $where names the key and the source', ({ l, key, where }) => {
    const message = configError(l);
    expect(message).toContain(`"${key}`);
    expect(message).toContain(`from ${where}`);
  });

  test('the source named is the layer that won, not a lower one', () => {
    expect(configError({ file: { port: 8000 }, flags: { port: 'abc' } })).toContain('from command line');
    expect(configError({ file: { port: 'abc' }, env: { host: 'h' } })).toContain('from config.json');
  });

  test('an unknown key in config.json is named', () => {
    const message = configError({ file: { prot: 8000 } as ConfigInput });
    expect(message).toContain('prot');
    expect(message).toContain('config.json');
  });
});

describe('configFromEnv', () => {
  test('reads SEED_* variables into config keys, leaving others alone', () => {
    expect(
      configFromEnv(
        {
          SEED_PORT: '9000',
          SEED_HOST: '127.0.0.1',
          SEED_FFMPEG: '/opt/ffmpeg',
          SEED_FFPROBE: '/opt/ffprobe',
          SEED_LOG_LEVEL: 'warn',
          SEED_SEGMENT_SECONDS: '6',
          SEED_TRANSCODE_CONCURRENCY: '2',
          PORT: '1',
          HOME: '/home/x',
        },
        ':',
      ),
    ).toEqual({ port: '9000', host: '127.0.0.1', ffmpegPath: '/opt/ffmpeg', ffprobePath: '/opt/ffprobe', logLevel: 'warn', segmentSeconds: '6', transcodeConcurrency: '2' });
  });

  test('empty variables count as unset', () => {
    expect(configFromEnv({ SEED_PORT: '', SEED_LIBRARIES: '', SEED_DISCOVERY: '' }, ':')).toEqual({});
  });

  test.each([
    { value: '/a:/b', delimiter: ':', libraries: ['/a', '/b'] },
    { value: '/only', delimiter: ':', libraries: ['/only'] },
    { value: '/a::/b:', delimiter: ':', libraries: ['/a', '/b'] },
    { value: 'C:\\Movies;D:\\Shows', delimiter: ';', libraries: ['C:\\Movies', 'D:\\Shows'] },
  ])('SEED_LIBRARIES "$value" split by "$delimiter"', ({ value, delimiter, libraries }) => {
    expect(configFromEnv({ SEED_LIBRARIES: value }, delimiter)).toEqual({ libraries });
  });

  test.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    ['off', false],
  ] as const)('SEED_DISCOVERY=%s → %s', (value, discovery) => {
    expect(configFromEnv({ SEED_DISCOVERY: value }, ':')).toEqual({ discovery });
  });

  test.each(['maybe', '2', 'truee'])('SEED_DISCOVERY=%s is an error naming SEED_DISCOVERY', (value) => {
    expect(() => configFromEnv({ SEED_DISCOVERY: value }, ':')).toThrow(ConfigError);
    expect(() => configFromEnv({ SEED_DISCOVERY: value }, ':')).toThrow(/SEED_DISCOVERY/);
  });

  test('SEED_PORT=abc fails in resolveConfig, naming port and the environment', () => {
    const message = configError({ env: configFromEnv({ SEED_PORT: 'abc' }, ':') });
    expect(message).toContain('port');
    expect(message).toContain('environment');
  });
});

describe('readConfigFile', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  test('a missing file is an empty config', async () => {
    dir = await tempDir('seed-config-');
    expect(readConfigFile(dir)).toEqual({});
    expect(readConfigFile(join(dir, 'no-such-folder'))).toEqual({});
  });

  test('reads the JSON object as it is', async () => {
    dir = await tempDir('seed-config-');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ port: 9000, libraries: ['/v'] }));
    expect(readConfigFile(dir)).toEqual({ port: 9000, libraries: ['/v'] });
  });

  test.each(['{"port": 9000,', '', '[1, 2]', 'null', '"text"'])('broken content %j is a ConfigError naming the file', async (text) => {
    dir = await tempDir('seed-config-');
    await writeFile(join(dir, 'config.json'), text);
    expect(() => readConfigFile(dir!)).toThrow(ConfigError);
    expect(() => readConfigFile(dir!)).toThrow(join(dir, 'config.json'));
  });

  test('an unreadable config.json (a folder) is a ConfigError naming the file', async () => {
    dir = await tempDir('seed-config-');
    await mkdir(join(dir, 'config.json'));
    expect(() => readConfigFile(dir!)).toThrow(ConfigError);
    expect(() => readConfigFile(dir!)).toThrow(join(dir, 'config.json'));
  });
});
