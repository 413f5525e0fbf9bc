import { describe, expect, test } from 'vitest';
import {
  automaticQuotaWords,
  fieldErrorOf,
  firstErrorField,
  formOf,
  hardwareChoices,
  hardwareSummary,
  presetHint,
  requestOf,
  rungErrors,
  sizePerHour,
  type SettingsForm,
} from '../../../../renderer/src/lib/admin/transcode-settings-form.js';
import { hrefOf, parseRoute } from '../../../../renderer/src/lib/routes.js';

const form = (over: Partial<SettingsForm> = {}): SettingsForm => ({
  rungs: [
    { key: 0, height: '360', videoKbps: '800' },
    { key: 1, height: '720', videoKbps: '2800' },
  ],
  preset: 'veryfast',
  quotaGb: '',
  hardwareEncoder: 'off',
  ...over,
});

describe('formOf', () => {
  test('shows saved values as text, an automatic quota as an empty field, rows keyed from firstKey', () => {
    expect(formOf({ ladder: [{ height: 480, videoKbps: 1400 }], preset: 'fast', quotaGb: null, hardwareEncoder: 'auto' }, 7)).toEqual({
      rungs: [{ key: 7, height: '480', videoKbps: '1400' }],
      preset: 'fast',
      quotaGb: '',
      hardwareEncoder: 'auto',
    });
    expect(formOf({ ladder: [], preset: 'medium', quotaGb: 12.5, hardwareEncoder: 'off' }).quotaGb).toBe('12.5');
  });
});

describe('requestOf', () => {
  test('numbers from the fields, rows in the order shown, empty quota = automatic', () => {
    expect(requestOf(form({ rungs: [{ key: 0, height: ' 1080 ', videoKbps: '5800' }, { key: 1, height: '240', videoKbps: '400' }] }))).toEqual({
      ok: true,
      request: { ladder: [{ height: 1080, videoKbps: 5800 }, { height: 240, videoKbps: 400 }], preset: 'veryfast', quotaGb: null, hardwareEncoder: 'off' },
    });
  });

  test.each([
    ['200', 200],
    ['  50 ', 50],
    ['2,5', 2.5],
  ])('quota %j is %j GB', (text, gb) => {
    expect(requestOf(form({ quotaGb: text }))).toMatchObject({ ok: true, request: { quotaGb: gb } });
  });

  test('ranges are the server’s to check: an odd height goes through as it is', () => {
    expect(requestOf(form({ rungs: [{ key: 0, height: '721', videoKbps: '5' }] }))).toMatchObject({ ok: true, request: { ladder: [{ height: 721, videoKbps: 5 }] } });
  });

  test('fields that are not numbers are named, by their row', () => {
    expect(requestOf(form({ rungs: [{ key: 0, height: '360', videoKbps: 'fast' }, { key: 1, height: '', videoKbps: '1e400' }], quotaGb: 'lots' }))).toEqual({
      ok: false,
      errors: {
        'ladder.0.videoKbps': 'must be a number',
        'ladder.1.height': 'is required',
        'ladder.1.videoKbps': 'must be a number',
        quotaGb: 'must be a number of GB, or empty for automatic',
      },
    });
  });
});

describe('the server’s errors, placed by the field they name', () => {
  test.each([
    ['ladder.1.height: must be even', { 'ladder.1.height': 'must be even' }],
    ['ladder.0.videoKbps: must be at least 100', { 'ladder.0.videoKbps': 'must be at least 100' }],
    ['ladder.2: Unrecognized key: "crf"', { 'ladder.2': 'Unrecognized key: "crf"' }],
    ['ladder: has more than 8 rungs', { ladder: 'has more than 8 rungs' }],
    ['preset: must be one of ultrafast, medium', { preset: 'must be one of ultrafast, medium' }],
    ['quotaGb: must be at least 1 GB', { quotaGb: 'must be at least 1 GB' }],
    ['hardwareEncoder: must be one of off, auto', { hardwareEncoder: 'must be one of off, auto' }],
    ['body: Unrecognized key: "colour"', { form: 'body: Unrecognized key: "colour"' }],
    ['The server answered 502 Bad Gateway', { form: 'The server answered 502 Bad Gateway' }],
  ])('%j', (message, errors) => {
    expect(fieldErrorOf(message)).toEqual(errors);
  });

  test('a row gets its own fields’ errors and its row error', () => {
    const errors = { 'ladder.1.height': 'must be even', 'ladder.1': 'odd', 'ladder.0.videoKbps': 'too low', 'ladder.10.height': 'not row 1' };
    expect(rungErrors(errors, 1)).toEqual({ height: 'must be even', videoKbps: undefined, row: 'odd' });
    expect(rungErrors(errors, 0)).toEqual({ height: undefined, videoKbps: 'too low', row: undefined });
  });

  test('the first error in the order of the form takes the focus', () => {
    expect(firstErrorField({ quotaGb: 'x', 'ladder.1.videoKbps': 'y', 'ladder.1.height': 'z' }, 2)).toBe('ladder.1.height');
    expect(firstErrorField({ form: 'x', preset: 'y' }, 2)).toBe('preset');
    expect(firstErrorField({ quotaGb: 'x', hardwareEncoder: 'y' }, 2)).toBe('hardwareEncoder');
    expect(firstErrorField({}, 2)).toBeNull();
  });
});

describe('hardware encoding', () => {
  const encoders = ['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox'] as const;
  const none = {
    kind: 'known',
    support: {
      encoders: encoders.map((encoder) => ({ encoder, works: false, reason: `${encoder}: no /dev/dri/renderD128` })),
      automatic: null,
    },
  } as const;
  const vaapiWorks = {
    kind: 'known',
    support: {
      encoders: encoders.map((encoder) => (encoder === 'h264_vaapi' ? { encoder, works: true, reason: null } : { encoder, works: false, reason: `${encoder}: not in this ffmpeg build` })),
      automatic: 'h264_vaapi',
    },
  } as const;

  test('Off, Automatic, then each encoder, saying whether it works here and why not', () => {
    expect(hardwareChoices(encoders, vaapiWorks)).toEqual([
      { value: 'off', label: 'Off', status: 'On the CPU (libx264): best quality per bit', available: true },
      { value: 'auto', label: 'Automatic', status: 'Uses VAAPI (Intel, AMD) here', available: true },
      { value: 'h264_nvenc', label: 'NVIDIA NVENC', status: 'Not available: h264_nvenc: not in this ffmpeg build', available: false },
      { value: 'h264_qsv', label: 'Intel Quick Sync', status: 'Not available: h264_qsv: not in this ffmpeg build', available: false },
      { value: 'h264_vaapi', label: 'VAAPI (Intel, AMD)', status: 'Works here', available: true },
      { value: 'h264_videotoolbox', label: 'Apple VideoToolbox', status: 'Not available: h264_videotoolbox: not in this ffmpeg build', available: false },
    ]);
    expect(hardwareChoices(encoders, none)[1]).toMatchObject({ value: 'auto', status: 'None works here: CPU instead' });
  });

  test('while the server tests, or when it could not, nothing is claimed to work', () => {
    expect(hardwareChoices(encoders, { kind: 'testing' }).map((c) => [c.status, c.available])).toEqual([
      ['On the CPU (libx264): best quality per bit', true],
      ['Testing this machine…', true],
      ...encoders.map(() => ['Testing this machine…', false]),
    ]);
    expect(hardwareChoices(['h264_nvenc'], { kind: 'failed', message: 'x' }).map((c) => c.status)).toEqual(['On the CPU (libx264): best quality per bit', 'Not tested', 'Not tested']);
  });

  test.each([
    ['off', vaapiWorks, 'Titles are encoded on the CPU (libx264).'],
    ['auto', vaapiWorks, 'Titles are encoded by VAAPI (Intel, AMD); if it fails on a title, the CPU (libx264) encodes that title instead.'],
    ['auto', none, 'No hardware encoder works on this machine: titles are encoded on the CPU (libx264).'],
    ['h264_vaapi', vaapiWorks, 'Titles are encoded by VAAPI (Intel, AMD); if it fails on a title, the CPU (libx264) encodes that title instead.'],
    ['h264_nvenc', vaapiWorks, 'NVIDIA NVENC does not work on this machine: titles are encoded on the CPU (libx264) instead.'],
    ['auto', { kind: 'testing' }, 'Testing which hardware encoders work on this machine…'],
    ['h264_qsv', { kind: 'failed', message: 'The server answered 500' }, 'Could not test the hardware encoders (The server answered 500). Titles are encoded on the CPU until a test succeeds.'],
  ] as const)('%s (%j): %s', (choice, state, words) => {
    expect(hardwareSummary(choice, state)).toBe(words);
  });
});

describe('words', () => {
  test('every preset has a hint; faster ones say they cost quality', () => {
    expect(presetHint('ultrafast')).toMatch(/lowest quality/);
    expect(presetHint('medium')).toMatch(/best quality/);
    expect(presetHint('veryfast')).toMatch(/good quality/);
  });

  test.each([
    ['2800', '1.3 GB per hour'],
    ['400', '180 MB per hour'],
    ['25000', '11 GB per hour'],
    ['', ''],
    ['x', ''],
  ])('%s kbps is %j', (kbps, words) => {
    expect(sizePerHour(kbps)).toBe(words);
  });

  test('the automatic quota in words', () => {
    expect(automaticQuotaWords(0.25)).toBe('Empty: automatic, up to a quarter of the free disk space of the data folder.');
    expect(automaticQuotaWords(0.3)).toBe('Empty: automatic, up to 30 % of the free disk space of the data folder.');
  });
});

test('#/admin/transcoding is a route of its own', () => {
  expect(parseRoute('#/admin/transcoding')).toEqual({ name: 'admin-transcoding' });
  expect(parseRoute('#/admin/transcoding/')).toEqual({ name: 'admin-transcoding' });
  expect(hrefOf({ name: 'admin-transcoding' })).toBe('#/admin/transcoding');
});
