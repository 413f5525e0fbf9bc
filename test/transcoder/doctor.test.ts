import { describe, expect, test } from 'vitest';
import { hardwareEncoderLines, inspectFfmpeg, inspectHardwareEncoders, parseEncoders, parseHwaccels, parseVersion } from '../../transcoder/src/doctor.js';
import { HARDWARE_ENCODERS } from '../../transcoder/src/hw-encoders.js';
import { locateTool } from '../../transcoder/src/locate.js';

describe('doctor parsers', () => {
  test('version', () => {
    expect(parseVersion('ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024')).toBe('5.1.6-0+deb12u1');
    expect(parseVersion('nonsense')).toBe('unknown');
  });

  test('encoders skip the legend', () => {
    const text = ['Encoders:', ' V..... = Video', ' A..... = Audio', ' ------', ' V....D libx264              libx264 H.264', ' V..... h264_vaapi           H.264/AVC (VAAPI)', ' A....D aac                  AAC'].join('\n');
    expect(parseEncoders(text)).toEqual(['libx264', 'h264_vaapi', 'aac']);
  });

  test('hwaccels', () => {
    expect(parseHwaccels('Hardware acceleration methods:\nvdpau\ncuda\n\n')).toEqual(['vdpau', 'cuda']);
  });

  test('each hardware encoder: works, or not available with the reason', () => {
    expect(
      hardwareEncoderLines([
        { encoder: 'h264_nvenc', works: true, reason: null },
        { encoder: 'h264_vaapi', works: false, reason: 'h264_vaapi: no /dev/dri/renderD128' },
      ]),
    ).toEqual(['hardware encoders (a 1 s test encode each):', '  works          h264_nvenc', '  not available  h264_vaapi: no /dev/dri/renderD128']);
  });
});

describe('locate and inspect (real ffmpeg)', () => {
  test('the system ffmpeg is found and has libx264', async () => {
    const ffmpeg = locateTool('ffmpeg', null)!;
    expect(ffmpeg.source).toMatch(/system|bundled/);
    const report = await inspectFfmpeg(ffmpeg.path);
    expect(report.h264Encoders).toContain('libx264');
    expect(report.version).not.toBe('unknown');
    // every hardware encoder is reported, whether this build has it or not
    expect(report.hardwareEncoders.map((s) => s.encoder)).toEqual([...HARDWARE_ENCODERS]);
    for (const status of report.hardwareEncoders) expect(status.works || status.reason?.startsWith(`${status.encoder}: `)).toBe(true);
    expect(await inspectHardwareEncoders(ffmpeg.path)).toEqual(report.hardwareEncoders);
  });

  test('a configured path that does not run is not silently replaced', () => {
    expect(locateTool('ffmpeg', '/nonexistent/ffmpeg')).toBeNull();
  });

  test('the npm-shipped ffprobe runs when configured', () => {
    const bundled = locateTool('ffprobe', null);
    expect(bundled).not.toBeNull();
  });
});
