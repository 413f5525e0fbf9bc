// Hardware encoders: their argv in the ladder and just-in-time builders (absent = libx264 exactly as
// before), the choice an admin's setting means here, and detection by a test encode.
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { gopFrames, hlsArgs, type HlsJob } from '../../transcoder/src/hls-args.js';
import { detectHardwareEncoders, testEncodeArgs, testEncodeReason, type HardwareEncoderStatus } from '../../transcoder/src/hw-detect.js';
import { chooseEncoder, HARDWARE_ENCODERS, hwInitArgs, hwUploadFilter, videoEncoderArgs, type HardwareEncoder } from '../../transcoder/src/hw-encoders.js';
import { liveArgs, type LiveJob } from '../../transcoder/src/live-args.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createRunFfmpeg, TranscodeFailed, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';

const job: HlsJob = {
  input: '/media/Movie (2020)/Movie (2020).mkv',
  outDir: '/data/transcodes/.tmp/7',
  segmentSeconds: 4,
  rungs: [
    { name: '240p', width: 426, height: 240, videoKbps: 400 },
    { name: '720p', width: 1280, height: 720, videoKbps: 2800 },
  ],
  audio: { kbps: 128 },
};

const liveJob: LiveJob = {
  input: '/m/a.mkv',
  startIndex: 3,
  startSeconds: 12.012,
  segmentSeconds: 4,
  frameRate: 24000 / 1001,
  rungs: [{ rung: { name: '360p', width: 640, height: 360, videoKbps: 800 }, dir: '/l/1' }],
  audio: { kbps: 128 },
};

const hlsTail = (i: number) => [
  '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
  '-avoid_negative_ts', 'disabled', '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled',
  '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
  '-hls_segment_filename', `/data/transcodes/.tmp/7/${i}/seg-%05d.ts`,
  `/data/transcodes/.tmp/7/${i}/index.m3u8`,
];

describe('hlsArgs with a hardware encoder', () => {
  test('VAAPI: the device opened before the input, NV12 frames uploaded after each scale, its own rate control and level', () => {
    const perRung = (i: number, kbps: number, maxrate: number, levelIdc: string) => [
      '-map', `[v${i}]`, '-map', '0:a:0',
      '-c:v', 'h264_vaapi', '-profile:v', 'high', '-level:v', levelIdc, '-rc_mode', 'VBR',
      '-b:v', `${kbps}k`, '-maxrate:v', `${maxrate}k`, '-bufsize:v', `${kbps * 2}k`,
      '-g', '192', '-force_key_frames', 'expr:gte(t,n_forced*4)',
      ...hlsTail(i),
    ];
    expect(hlsArgs({ ...job, videoEncoder: 'h264_vaapi' }, 24)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-init_hw_device', 'vaapi=va:/dev/dri/renderD128', '-filter_hw_device', 'va',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]scale=1280:720,setsar=1,split=2[u1][c1];[u1]format=nv12,hwupload[v1];[c1]scale=426:240,setsar=1,format=nv12,hwupload[v0]',
      ...perRung(0, 400, 428, '30'),
      ...perRung(1, 2800, 2996, '31'),
    ]);
  });

  test('NVENC: no device to open, yuv420p frames, VBR, and every forced keyframe an IDR frame', () => {
    const args = hlsArgs({ ...job, rungs: job.rungs.slice(1), videoEncoder: 'h264_nvenc' }, 24);
    expect(args).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]split=1[s0];[s0]scale=1280:720,setsar=1,format=yuv420p[v0]',
      '-map', '[v0]', '-map', '0:a:0',
      '-c:v', 'h264_nvenc', '-profile:v', 'high', '-level:v', '3.1', '-rc', 'vbr',
      '-b:v', '2800k', '-maxrate:v', '2996k', '-bufsize:v', '5600k',
      '-g', '192', '-force_key_frames', 'expr:gte(t,n_forced*4)', '-forced-idr', '1',
      ...hlsTail(0),
    ]);
  });

  test('the tone map and frame-rate cap still run in software before the split; safe mode keeps its flags', () => {
    const args = hlsArgs({ ...job, videoEncoder: 'h264_qsv', toneMap: true, maxFrameRate: 60, safe: true }, 120);
    expect(args.slice(7, 13)).toEqual(['-init_hw_device', 'qsv=hw', '-filter_hw_device', 'hw', '-fflags', '+genpts']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toMatch(/^\[0:v:0\]zscale=.*,fps=60,scale=/);
    expect(graph).toContain('[u1]format=nv12,hwupload=extra_hw_frames=64[v1]');
    expect(args).toContain('-vsync');
  });

  test.each([undefined, null])('videoEncoder %s is libx264 exactly as before', (videoEncoder) => {
    const rung = (i: number, kbps: number, maxrate: number, level: string) => [
      '-map', `[v${i}]`, '-map', '0:a:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', level, '-pix_fmt', 'yuv420p',
      '-b:v', `${kbps}k`, '-maxrate:v', `${maxrate}k`, '-bufsize:v', `${kbps * 2}k`,
      '-force_key_frames', 'expr:gte(t,n_forced*4)', '-sc_threshold', '0',
      ...hlsTail(i),
    ];
    expect(hlsArgs({ ...job, videoEncoder }, 24)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]scale=1280:720,setsar=1,split=2[v1][c1];[c1]scale=426:240,setsar=1[v0]',
      ...rung(0, 400, 428, '3.0'),
      ...rung(1, 2800, 2996, '3.1'),
    ]);
    expect(hlsArgs({ ...job, videoEncoder }, 24)).toEqual(hlsArgs(job, 24));
  });
});

describe('liveArgs with a hardware encoder', () => {
  test('NVENC from segment 3: the same keyframe instants and GOP as libx264, on the shared timeline', () => {
    expect(liveArgs({ ...liveJob, videoEncoder: 'h264_nvenc' })).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-ss', '12.011400',
      '-i', '/m/a.mkv',
      '-filter_complex', '[0:v:0]split=1[s0];[s0]scale=640:360,setsar=1,format=yuv420p[v0]',
      '-map', '[v0]', '-map', '0:a:0',
      '-c:v', 'h264_nvenc', '-profile:v', 'high', '-level:v', '3.0', '-rc', 'vbr',
      '-b:v', '800k', '-maxrate:v', '856k', '-bufsize:v', '1600k',
      '-g', '192', '-force_key_frames', 'expr:gte(t+12.012000+0.000001,(n_forced+3)*4)', '-forced-idr', '1',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-output_ts_offset', '12.012000',
      '-avoid_negative_ts', 'disabled',
      '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled', '-hls_time', '3.75', '-hls_playlist_type', 'vod', '-hls_flags', 'temp_file+independent_segments',
      '-start_number', '3',
      '-hls_segment_filename', '/l/1/seg-%05d.ts',
      '/l/1/ffmpeg.m3u8',
    ]);
  });

  test('VAAPI opens its device before the seek and the input', () => {
    const args = liveArgs({ ...liveJob, videoEncoder: 'h264_vaapi', progress: true });
    expect(args.slice(5, 13)).toEqual(['-progress', 'pipe:1', '-init_hw_device', 'vaapi=va:/dev/dri/renderD128', '-filter_hw_device', 'va', '-ss', '12.011400']);
  });

  test.each([undefined, null])('videoEncoder %s is libx264 exactly as before', (videoEncoder) => {
    const args = liveArgs({ ...liveJob, videoEncoder });
    expect(args).toEqual(liveArgs(liveJob));
    const at = args.indexOf('-c:v');
    expect(args.slice(at, at + 22)).toEqual([
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', '3.0', '-pix_fmt', 'yuv420p',
      '-b:v', '800k', '-maxrate:v', '856k', '-bufsize:v', '1600k',
      '-g', '192', '-sc_threshold', '0',
      '-force_key_frames', 'expr:gte(t+12.012000+0.000001,(n_forced+3)*4)',
    ]);
  });
});

describe('the encoder table', () => {
  const opts = { level: '4.0', forceKeyFrames: 'expr:gte(t,n_forced*6)', gop: 300 };
  test.each<[HardwareEncoder, string[], string, string[]]>([
    ['h264_nvenc', [], 'format=yuv420p', ['-c:v', 'h264_nvenc', '-profile:v', 'high', '-level:v', '4.0', '-rc', 'vbr', '-b:v', '5000k', '-maxrate:v', '5350k', '-bufsize:v', '10000k', '-g', '300', '-force_key_frames', 'expr:gte(t,n_forced*6)', '-forced-idr', '1']],
    ['h264_qsv', ['-init_hw_device', 'qsv=hw', '-filter_hw_device', 'hw'], 'format=nv12,hwupload=extra_hw_frames=64', ['-c:v', 'h264_qsv', '-profile:v', 'high', '-level:v', '40', '-b:v', '5000k', '-maxrate:v', '5350k', '-bufsize:v', '10000k', '-g', '300', '-force_key_frames', 'expr:gte(t,n_forced*6)', '-forced_idr', '1']],
    ['h264_vaapi', ['-init_hw_device', 'vaapi=va:/dev/dri/renderD128', '-filter_hw_device', 'va'], 'format=nv12,hwupload', ['-c:v', 'h264_vaapi', '-profile:v', 'high', '-level:v', '40', '-rc_mode', 'VBR', '-b:v', '5000k', '-maxrate:v', '5350k', '-bufsize:v', '10000k', '-g', '300', '-force_key_frames', 'expr:gte(t,n_forced*6)']],
    ['h264_videotoolbox', [], 'format=yuv420p', ['-c:v', 'h264_videotoolbox', '-profile:v', 'high', '-level:v', '4.0', '-b:v', '5000k', '-maxrate:v', '5350k', '-g', '300', '-force_key_frames', 'expr:gte(t,n_forced*6)']],
  ])('%s', (encoder, init, upload, encode) => {
    expect(hwInitArgs(encoder)).toEqual(init);
    expect(hwUploadFilter(encoder)).toBe(upload);
    expect(videoEncoderArgs(encoder, { videoKbps: 5000 }, opts)).toEqual(encode);
  });

  test('the GOP is over two segments, 600 frames while the frame rate is unknown', () => {
    expect(gopFrames(25, 4)).toBe(200);
    expect(gopFrames(30000 / 1001, 6)).toBe(360);
    expect(gopFrames(0, 4)).toBe(600);
  });
});

describe('chooseEncoder', () => {
  const detected = (...working: HardwareEncoder[]) => HARDWARE_ENCODERS.map((encoder) => ({ encoder, works: working.includes(encoder) }));
  test.each<[Parameters<typeof chooseEncoder>[0], HardwareEncoder[], HardwareEncoder | null]>([
    ['off', ['h264_nvenc'], null],
    ['auto', [], null],
    ['auto', ['h264_vaapi', 'h264_qsv', 'h264_nvenc'], 'h264_nvenc'],
    ['auto', ['h264_vaapi', 'h264_qsv'], 'h264_qsv'],
    ['auto', ['h264_videotoolbox', 'h264_vaapi'], 'h264_vaapi'],
    ['auto', ['h264_videotoolbox'], 'h264_videotoolbox'],
    ['h264_vaapi', ['h264_vaapi', 'h264_nvenc'], 'h264_vaapi'],
    ['h264_vaapi', ['h264_nvenc'], null],
    ['h264_videotoolbox', [], null],
  ])('%s with %j working → %s', (setting, working, expected) => {
    expect(chooseEncoder(setting, detected(...working))).toBe(expected);
  });

  test('nothing detected yet means libx264', () => {
    expect(chooseEncoder('auto', [])).toBeNull();
    expect(chooseEncoder('h264_nvenc', [])).toBeNull();
  });
});

describe('detectHardwareEncoders', () => {
  test('the test encode is one second of testsrc2 with the ladder’s own init, upload and encoder options', () => {
    expect(testEncodeArgs('h264_vaapi')).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-init_hw_device', 'vaapi=va:/dev/dri/renderD128', '-filter_hw_device', 'va',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=1',
      '-vf', 'scale=320:240,setsar=1,format=nv12,hwupload',
      '-c:v', 'h264_vaapi', '-profile:v', 'high', '-level:v', '30', '-rc_mode', 'VBR', '-b:v', '500k', '-maxrate:v', '535k', '-bufsize:v', '1000k',
      '-g', '60', '-force_key_frames', 'expr:gte(t,n_forced*1)',
      '-f', 'null', '-',
    ]);
  });

  test('each listed encoder is tried at once; unlisted ones and missing devices are not tried; every one answers', async () => {
    const tried: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const fake: RunFfmpeg = async (args) => {
      const encoder = args[args.indexOf('-c:v') + 1]!;
      tried.push(encoder);
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      if (encoder === 'h264_qsv') throw new TranscodeFailed(1, '[h264_qsv @ 0x5600aa] Error initializing an internal MFX session: unsupported (-3)\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0\n', args);
    };
    const result = await detectHardwareEncoders(fake, ['libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_omx'], { hasDevice: () => false });
    expect(result).toEqual<HardwareEncoderStatus[]>([
      { encoder: 'h264_nvenc', works: true, reason: null },
      { encoder: 'h264_qsv', works: false, reason: 'h264_qsv: no /dev/dri/renderD128' },
      { encoder: 'h264_vaapi', works: false, reason: 'h264_vaapi: no /dev/dri/renderD128' },
      { encoder: 'h264_videotoolbox', works: false, reason: 'h264_videotoolbox: not in this ffmpeg build' },
    ]);
    expect(tried).toEqual(['h264_nvenc']);

    tried.length = 0;
    const withDevices = await detectHardwareEncoders(fake, ['h264_nvenc', 'h264_qsv', 'h264_vaapi'], { hasDevice: () => true });
    expect(tried.sort()).toEqual(['h264_nvenc', 'h264_qsv', 'h264_vaapi']);
    expect(mostAtOnce).toBe(3);
    expect(withDevices.map((s) => [s.encoder, s.works, s.reason])).toEqual([
      ['h264_nvenc', true, null],
      ['h264_qsv', false, 'h264_qsv: Error initializing an internal MFX session: unsupported (-3)'],
      ['h264_vaapi', true, null],
      ['h264_videotoolbox', false, 'h264_videotoolbox: not in this ffmpeg build'],
    ]);
  });

  test('a test encode that hangs is stopped and reported', async () => {
    const hangs: RunFfmpeg = (_args, opts) =>
      new Promise((_resolve, reject) => opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason), { once: true }));
    const [nvenc] = await detectHardwareEncoders(hangs, ['h264_nvenc'], { timeoutMs: 50 });
    expect(nvenc).toEqual({ encoder: 'h264_nvenc', works: false, reason: 'h264_nvenc: the test encode took over 0.05 s' });
  });

  test.each([
    ['[AVHWDeviceContext @ 0x55c32a647980] No VA display found for device /dev/dri/renderD128.\nDevice creation failed: -22.\nFailed to set value \'vaapi=va:/dev/dri/renderD128\' for option \'init_hw_device\': Invalid argument\nError parsing global options: Invalid argument\n', 'No VA display found for device /dev/dri/renderD128.'],
    ['Device creation failed: -542398533.\nFailed to set value \'qsv=hw\' for option \'init_hw_device\': Generic error in an external library\nError parsing global options: Generic error in an external library\n', 'cannot open the device qsv=hw: Generic error in an external library'],
    ['[h264_nvenc @ 0x55a186c50480] Cannot load libcuda.so.1\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height\n', 'Cannot load libcuda.so.1'],
    ['Conversion failed!\n', 'Conversion failed!'],
    ['', 'ffmpeg failed'],
  ])('ffmpeg’s stderr gives the reason that says why: %#', (stderr, reason) => {
    expect(testEncodeReason(stderr)).toBe(reason);
  });

  test('on this machine (real ffmpeg): every encoder answers, a missing GPU with a readable reason', async () => {
    const ffmpeg = locateTool('ffmpeg', null)!.path;
    const result = await detectHardwareEncoders(createRunFfmpeg(ffmpeg), [...HARDWARE_ENCODERS]);
    expect(result.map((s) => s.encoder)).toEqual([...HARDWARE_ENCODERS]);
    for (const status of result) {
      if (!status.works) expect(status.reason).toMatch(new RegExp(`^${status.encoder}: \\S`));
    }
    if (!existsSync('/dev/dri/renderD128') && process.platform === 'linux') {
      expect(result.find((s) => s.encoder === 'h264_vaapi')).toEqual({ encoder: 'h264_vaapi', works: false, reason: 'h264_vaapi: no /dev/dri/renderD128' });
    }
  });
});
