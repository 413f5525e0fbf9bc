// Transcoding settings: stored in SQLite field by field, validated with the field named, served over HTTP.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { HardwareSupportDto, TranscodeSettingsDto } from '../../server/src/http/api-types.js';
import { databasesClosedAfterEach } from '../helpers/db.js';
import { createSeed, createSeedApp } from '../../server/src/main.js';
import {
  AUTO_QUOTA_SHARE,
  createTranscodeSettings,
  DEFAULT_TRANSCODE_SETTINGS,
  transcodeQuotaBytes,
  X264_PRESETS,
} from '../../server/src/settings/transcode-settings.js';
import { DEFAULT_LADDER, locateTool } from '../../transcoder/src/index.js';
import { inspectHardwareEncoders } from '../../transcoder/src/doctor.js';
import type { HardwareEncoderStatus } from '../../transcoder/src/hw-detect.js';
import { HARDWARE_ENCODERS, type HardwareEncoder, type HardwareEncoderSetting } from '../../transcoder/src/hw-encoders.js';
import { tempDir, testConfig } from '../helpers/server.js';

const silent = pino({ level: 'silent' });
const DEFAULTS = { ladder: DEFAULT_LADDER.map((r) => ({ ...r })), preset: 'veryfast' as const, quotaGb: null, hardwareEncoder: 'off' as const };

/** Test encodes as a machine with these encoders working would answer them. */
const statuses = (...working: HardwareEncoder[]): HardwareEncoderStatus[] =>
  HARDWARE_ENCODERS.map((encoder) => (working.includes(encoder) ? { encoder, works: true, reason: null } : { encoder, works: false, reason: `${encoder}: no /dev/dri/renderD128` }));

/** A logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: { level: number; msg: string; key?: string; reason?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('the settings service', () => {
  const open = databasesClosedAfterEach();

  test('unset, every field is the default, and the defaults match the transcoder’s ladder', () => {
    const settings = createTranscodeSettings(open(), silent);
    expect(settings.get()).toEqual(DEFAULTS);
    expect(settings.defaults()).toEqual(DEFAULTS);
    expect(settings.ladder()).toEqual(DEFAULT_LADDER);
    expect(settings.preset()).toBe('veryfast');
  });

  test('ladder() hands out a copy: changing it changes nothing stored', () => {
    const settings = createTranscodeSettings(open(), silent);
    settings.ladder()[0]!.videoKbps = 1;
    expect(settings.ladder()[0]!.videoKbps).toBe(400);
    expect(DEFAULT_TRANSCODE_SETTINGS.ladder[0]!.videoKbps).toBe(400);
  });

  test('an update persists across reopening the database; fields not given keep theirs', async () => {
    const dir = await tempDir('seed-settings-');
    try {
      const file = join(dir, 'seed.db');
      const first = open(file);
      const settings = createTranscodeSettings(first, silent);
      settings.update({ preset: 'fast' });
      settings.update({ ladder: [{ height: 1080, videoKbps: 6000 }, { height: 480, videoKbps: 1500 }], quotaGb: 200 });
      first.close();

      const again = createTranscodeSettings(open(file), silent);
      expect(again.get()).toEqual({
        ladder: [
          { height: 480, videoKbps: 1500 },
          { height: 1080, videoKbps: 6000 },
        ],
        preset: 'fast',
        quotaGb: 200,
        hardwareEncoder: 'off',
      });
      expect(again.preset()).toBe('fast');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('reset forgets every stored field', () => {
    const settings = createTranscodeSettings(open(), silent);
    settings.update({ ladder: [{ height: 720, videoKbps: 3000 }], preset: 'medium', quotaGb: 50 });
    expect(settings.reset()).toEqual(DEFAULTS);
    expect(settings.get()).toEqual(DEFAULTS);
  });

  test('update validates too (not only the route)', () => {
    const settings = createTranscodeSettings(open(), silent);
    expect(() => settings.update({ ladder: [{ height: 721, videoKbps: 3000 }] })).toThrow('ladder.0.height: must be even');
    expect(settings.get()).toEqual(DEFAULTS);
  });

  test.each([
    ['transcode.ladder', '[{"height": 720, "videoKbps": 28', 'not JSON'],
    ['transcode.ladder', '[{"height": 721, "videoKbps": 2800}]', 'ladder.0.height: must be even'],
    ['transcode.ladder', '{"720": 2800}', 'ladder: must be a list of rungs'],
    ['transcode.preset', '"placebo"', 'preset: must be one of ultrafast, superfast, veryfast, faster, fast, medium'],
    ['transcode.quotaGb', '"lots"', 'quotaGb: must be a number of GB, or null for automatic'],
    ['transcode.hardwareEncoder', '"h264_amf"', 'hardwareEncoder: must be one of off, auto, h264_nvenc, h264_qsv, h264_vaapi, h264_videotoolbox'],
  ])('a corrupt %s (%s) reads as the default, warned once in the log', (key, value, reason) => {
    const db = open();
    const { log, lines } = capturingLogger();
    const settings = createTranscodeSettings(db, log);
    settings.update({ preset: 'faster', quotaGb: 10, ladder: [{ height: 360, videoKbps: 900 }], hardwareEncoder: 'auto' });
    db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(value, key);

    const field = key.replace('transcode.', '') as keyof typeof DEFAULTS;
    const read = settings.get();
    expect(read[field]).toEqual(DEFAULTS[field]);
    // the other fields keep what was stored
    expect({ ...read, [field]: null }).toEqual({ ladder: [{ height: 360, videoKbps: 900 }], preset: 'faster', quotaGb: 10, hardwareEncoder: 'auto', [field]: null });
    settings.get();
    settings.ladder();
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toEqual([expect.objectContaining({ key, reason, msg: 'stored transcoding setting is unreadable; using the default' })]);
  });

  test('an automatic quota is a share of the space transcodes could use; a set one is GB', () => {
    expect(transcodeQuotaBytes(null, { freeBytes: 300e9, usedBytes: 100e9 })).toBe(400e9 * AUTO_QUOTA_SHARE);
    expect(transcodeQuotaBytes(null, { freeBytes: 0, usedBytes: 0 })).toBe(0);
    expect(transcodeQuotaBytes(2.5, { freeBytes: 1, usedBytes: 0 })).toBe(2_500_000_000);
    const settings = createTranscodeSettings(open(), silent);
    expect(settings.quotaBytes({ freeBytes: 1000, usedBytes: 0 })).toBe(1000 * AUTO_QUOTA_SHARE);
    settings.update({ quotaGb: 1 });
    expect(settings.quotaBytes({ freeBytes: 1000, usedBytes: 0 })).toBe(1e9);
  });
});

describe('the hardware encoder setting', () => {
  const open = databasesClosedAfterEach();

  test('off by default; stored like the preset; reset forgets it', () => {
    const settings = createTranscodeSettings(open(), silent);
    expect(settings.hardwareEncoder()).toBe('off');
    settings.update({ hardwareEncoder: 'h264_vaapi' });
    expect(settings.hardwareEncoder()).toBe('h264_vaapi');
    expect(settings.get().hardwareEncoder).toBe('h264_vaapi');
    settings.reset();
    expect(settings.hardwareEncoder()).toBe('off');
  });

  test('the test encodes run once, at the first question, whoever asks and however often', async () => {
    let runs = 0;
    const settings = createTranscodeSettings(open(), silent, {
      detectHardware: async () => {
        runs++;
        return statuses('h264_qsv');
      },
    });
    expect(runs).toBe(0);
    const [a, b] = await Promise.all([settings.hardware(), settings.hardware()]);
    expect(a).toEqual(statuses('h264_qsv'));
    expect(b).toBe(a);
    settings.update({ hardwareEncoder: 'auto' });
    expect(await settings.videoEncoder()).toBe('h264_qsv');
    expect(runs).toBe(1);
  });

  test.each<[HardwareEncoderSetting, HardwareEncoder[], HardwareEncoder | null]>([
    ['off', ['h264_nvenc'], null],
    ['auto', ['h264_vaapi', 'h264_nvenc'], 'h264_nvenc'],
    ['auto', [], null],
    ['h264_vaapi', ['h264_vaapi', 'h264_nvenc'], 'h264_vaapi'],
    ['h264_vaapi', ['h264_nvenc'], null],
  ])('%s with %j working encodes with %s', async (setting, working, expected) => {
    const settings = createTranscodeSettings(open(), silent, { detectHardware: async () => statuses(...working) });
    settings.update({ hardwareEncoder: setting });
    expect(await settings.videoEncoder()).toBe(expected);
  });

  test('off never runs a test encode; a named encoder that does not work is warned once, with its reason', async () => {
    const { log, lines } = capturingLogger();
    let runs = 0;
    const settings = createTranscodeSettings(open(), log, {
      detectHardware: async () => {
        runs++;
        return statuses();
      },
    });
    expect(await settings.videoEncoder()).toBeNull();
    expect(runs).toBe(0);
    settings.update({ hardwareEncoder: 'h264_vaapi' });
    expect(await settings.videoEncoder()).toBeNull();
    expect(await settings.videoEncoder()).toBeNull();
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toEqual([expect.objectContaining({ setting: 'h264_vaapi', why: 'h264_vaapi: no /dev/dri/renderD128', msg: 'no hardware encoder to use; encoding with libx264' })]);
  });

  test('a detection that fails means libx264 for now, and is tried again next time', async () => {
    let runs = 0;
    const settings = createTranscodeSettings(open(), silent, {
      detectHardware: async () => {
        if (++runs === 1) throw new Error('ffmpeg: spawn EACCES');
        return statuses('h264_nvenc');
      },
    });
    settings.update({ hardwareEncoder: 'auto' });
    expect(await settings.videoEncoder()).toBeNull();
    expect(await settings.videoEncoder()).toBe('h264_nvenc');
    expect(runs).toBe(2);
  });

  test('without a detector nothing is tried and every encoder reads as not tested', async () => {
    const settings = createTranscodeSettings(open(), silent);
    settings.update({ hardwareEncoder: 'auto' });
    expect(await settings.hardware()).toEqual(HARDWARE_ENCODERS.map((encoder) => ({ encoder, works: false, reason: `${encoder}: not tested on this server` })));
    expect(await settings.videoEncoder()).toBeNull();
  });
});

describe('HTTP /api/settings/transcoding', () => {
  let dataDir: string;
  let seed: ReturnType<typeof createSeed>;
  let app: ReturnType<typeof createSeedApp>;
  const path = '/api/settings/transcoding';

  const start = () => {
    seed = createSeed(testConfig(dataDir, { transcodeConcurrency: 1 }), silent);
    app = createSeedApp(seed, { name: 'Test Seed', webRoot: null, log: silent });
  };

  beforeAll(async () => {
    dataDir = await tempDir('seed-settings-http-');
    start();
  });
  afterAll(async () => {
    await seed.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await request(app).delete(path).expect(200);
  });

  test('GET answers the defaults, the defaults again, the presets and the automatic share', async () => {
    const res = await request(app).get(path).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ ...DEFAULTS, defaults: DEFAULTS, presets: [...X264_PRESETS], hardwareEncoders: [...HARDWARE_ENCODERS], autoQuotaShare: AUTO_QUOTA_SHARE } satisfies TranscodeSettingsDto);
  });

  test('PUT changes only the fields given, saves the ladder sorted, and it survives a restart', async () => {
    const ladder = [
      { height: 1080, videoKbps: 5000 },
      { height: 360, videoKbps: 700 },
      { height: 720, videoKbps: 2500 },
    ];
    const res = await request(app).put(path).send({ ladder, quotaGb: 120.5 }).expect(200);
    const sorted = [ladder[1], ladder[2], ladder[0]];
    expect(res.body).toMatchObject({ ladder: sorted, preset: 'veryfast', quotaGb: 120.5, defaults: DEFAULTS });
    expect((await request(app).put(path).send({ preset: 'medium' }).expect(200)).body).toMatchObject({ ladder: sorted, preset: 'medium' });

    await seed.shutdown();
    start();
    expect((await request(app).get(path).expect(200)).body).toMatchObject({ ladder: sorted, preset: 'medium', quotaGb: 120.5 });
    expect(seed.settings.ladder()).toEqual(sorted);
    expect(seed.settings.preset()).toBe('medium');
  });

  test('PUT hardwareEncoder stores the choice; the service hands it out', async () => {
    expect((await request(app).put(path).send({ hardwareEncoder: 'auto' }).expect(200)).body).toMatchObject({ hardwareEncoder: 'auto', preset: 'veryfast' });
    expect(seed.settings.hardwareEncoder()).toBe('auto');
    expect((await request(app).put(path).send({ hardwareEncoder: 'h264_nvenc' }).expect(200)).body.hardwareEncoder).toBe('h264_nvenc');
  });

  test('quotaGb: null goes back to automatic', async () => {
    await request(app).put(path).send({ quotaGb: 30 }).expect(200);
    expect((await request(app).put(path).send({ quotaGb: null }).expect(200)).body.quotaGb).toBeNull();
  });

  test('DELETE resets to the defaults', async () => {
    await request(app).put(path).send({ preset: 'ultrafast', ladder: [{ height: 480, videoKbps: 1000 }] }).expect(200);
    const res = await request(app).delete(path).expect(200);
    expect(res.body).toMatchObject(DEFAULTS);
    expect((await request(app).get(path)).body).toMatchObject(DEFAULTS);
  });

  const rungs = (...heights: number[]) => heights.map((height) => ({ height, videoKbps: 1000 }));
  test.each([
    [{ ladder: [{ height: 240, videoKbps: 400 }, { height: 361, videoKbps: 800 }] }, 'ladder.1.height: must be even'],
    [{ ladder: [{ height: 240, videoKbps: 400 }, { height: 100, videoKbps: 800 }] }, 'ladder.1.height: must be at least 144'],
    [{ ladder: [{ height: 8640, videoKbps: 400 }] }, 'ladder.0.height: must be at most 4320'],
    [{ ladder: [{ height: 480.5, videoKbps: 400 }] }, 'ladder.0.height: must be a whole number of pixels'],
    [{ ladder: [{ height: '720', videoKbps: 400 }] }, 'ladder.0.height: must be a number'],
    [{ ladder: [{ height: 720 }] }, 'ladder.0.videoKbps: must be a number'],
    [{ ladder: [{ height: 720, videoKbps: 99 }] }, 'ladder.0.videoKbps: must be at least 100'],
    [{ ladder: [{ height: 720, videoKbps: 100_001 }] }, 'ladder.0.videoKbps: must be at most 100000'],
    [{ ladder: [{ height: 720, videoKbps: 2800, crf: 20 }] }, 'ladder.0: Unrecognized key: "crf"'],
    [{ ladder: rungs(240, 720, 240) }, 'ladder.2.height: 240p is in the ladder twice'],
    [{ ladder: [] }, 'ladder: needs at least one rung'],
    [{ ladder: rungs(240, 288, 360, 432, 480, 576, 720, 1080, 2160) }, 'ladder: has more than 8 rungs'],
    [{ ladder: 'tall' }, 'ladder: must be a list of rungs'],
    [{ preset: 'placebo' }, 'preset: must be one of ultrafast, superfast, veryfast, faster, fast, medium'],
    [{ quotaGb: 0 }, 'quotaGb: must be at least 1 GB'],
    [{ quotaGb: '50' }, 'quotaGb: must be a number of GB, or null for automatic'],
    [{ colour: 'red' }, 'body: Unrecognized key: "colour"'],
    [{ hardwareEncoder: 'cuda' }, 'hardwareEncoder: must be one of off, auto, h264_nvenc, h264_qsv, h264_vaapi, h264_videotoolbox'],
    [{ hardwareEncoder: true }, 'hardwareEncoder: must be one of off, auto, h264_nvenc, h264_qsv, h264_vaapi, h264_videotoolbox'],
    [{}, 'body: give at least one of ladder, preset, quotaGb, hardwareEncoder'],
  ])('PUT %j is 400: %s', async (body, message) => {
    const res = await request(app).put(path).send(body).expect(400);
    expect(res.body).toEqual({ code: 'bad_request', message });
    expect((await request(app).get(path)).body).toMatchObject(DEFAULTS);
  });

  test('a bad field in a change stores none of it', async () => {
    await request(app).put(path).send({ preset: 'fast', ladder: [{ height: 7, videoKbps: 400 }] }).expect(400);
    expect((await request(app).get(path)).body.preset).toBe('veryfast');
  });

  test('malformed JSON is 400', async () => {
    const res = await request(app).put(path).set('Content-Type', 'application/json').send('{"preset":').expect(400);
    expect(res.body.code).toBe('bad_request');
  });

  test('a corrupt stored value answers the default, not a 500', async () => {
    seed.db.prepare(`INSERT INTO settings (key, value) VALUES ('transcode.ladder', '{oops') ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run();
    expect((await request(app).get(path).expect(200)).body.ladder).toEqual(DEFAULTS.ladder);
    // saving a good ladder over it mends it
    await request(app).put(path).send({ ladder: [{ height: 720, videoKbps: 2000 }] }).expect(200);
    expect((await request(app).get(path)).body.ladder).toEqual([{ height: 720, videoKbps: 2000 }]);
  });

  test('the OpenAPI document lists the route with its request schema', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    const route = doc.paths[path];
    expect(Object.keys(route).sort()).toEqual(['delete', 'get', 'put']);
    expect(route.put.requestBody.content['application/json'].schema.properties.ladder.maxItems).toBe(8);
    expect(route.put.requestBody.content['application/json'].schema.properties.hardwareEncoder.enum).toEqual(['off', 'auto', ...HARDWARE_ENCODERS]);
    expect(doc.components.schemas.TranscodeSettings).toBeDefined();
    expect(Object.keys(doc.paths['/api/settings/hardware'])).toEqual(['get']);
    expect(doc.components.schemas.HardwareSupport.required).toEqual(['encoders', 'automatic']);
  });
});

describe('HTTP /api/settings/hardware', () => {
  let dataDir: string;
  let seed: ReturnType<typeof createSeed>;
  const path = '/api/settings/hardware';
  /** the app over the real server, its settings given a detector as main.ts gives them the server's ffmpeg */
  const appWith = (detectHardware?: () => Promise<HardwareEncoderStatus[]>) =>
    createSeedApp({ ...seed, settings: createTranscodeSettings(seed.db, silent, { detectHardware }) }, { name: 'Test Seed', webRoot: null, log: silent });

  beforeAll(async () => {
    dataDir = await tempDir('seed-settings-hardware-');
    seed = createSeed(testConfig(dataDir, { transcodeConcurrency: 1 }), silent);
  });
  afterAll(async () => {
    await seed.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('this machine’s ffmpeg: every encoder with whether it works, and why not; what auto would use', async () => {
    const ffmpeg = locateTool('ffmpeg', null)!.path;
    const res = await request(appWith(() => inspectHardwareEncoders(ffmpeg))).get(path).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as HardwareSupportDto;
    expect(body.encoders.map((e) => e.encoder)).toEqual([...HARDWARE_ENCODERS]);
    for (const e of body.encoders) expect(e.works ? e.reason === null : e.reason?.startsWith(`${e.encoder}: `)).toBe(true);
    expect(body.automatic).toBe(body.encoders.find((e) => e.works)?.encoder ?? null);
  });

  test('detected once, then answered from memory', async () => {
    let runs = 0;
    const app = appWith(async () => {
      runs++;
      return statuses('h264_vaapi', 'h264_videotoolbox');
    });
    const first = (await request(app).get(path).expect(200)).body;
    expect(first).toEqual({
      encoders: [
        { encoder: 'h264_nvenc', works: false, reason: 'h264_nvenc: no /dev/dri/renderD128' },
        { encoder: 'h264_qsv', works: false, reason: 'h264_qsv: no /dev/dri/renderD128' },
        { encoder: 'h264_vaapi', works: true, reason: null },
        { encoder: 'h264_videotoolbox', works: true, reason: null },
      ],
      automatic: 'h264_vaapi',
    } satisfies HardwareSupportDto);
    expect((await request(app).get(path).expect(200)).body).toEqual(first);
    expect(runs).toBe(1);
  });

  test('a detection that fails is a 500 without ffmpeg’s words, and is tried again next time', async () => {
    let runs = 0;
    const app = appWith(async () => {
      if (++runs === 1) throw new Error('spawn /usr/bin/ffmpeg EACCES');
      return statuses();
    });
    const res = await request(app).get(path).expect(500);
    expect(res.body).toEqual({ code: 'internal', message: 'Internal error; details are in the server log.' });
    expect((await request(app).get(path).expect(200)).body.automatic).toBeNull();
  });
});
