import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProbeDetails, parseProbeDetails, probeDetailsArgs } from '../../transcoder/src/probe-details.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createRunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clips } from '../helpers/clips.js';

const details = (json: unknown) => parseProbeDetails(JSON.stringify(json));

describe('probeDetailsArgs', () => {
  test('streams, format and chapters as JSON; the path after --', () => {
    expect(probeDetailsArgs('/m/-odd.mkv')).toEqual([
      '-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-show_chapters', '--', '/m/-odd.mkv',
    ]);
  });
});

describe('parseProbeDetails (pure)', () => {
  test('an empty probe: no streams, no chapters, SDR, all tags null', () => {
    const d = details({});
    expect(d).toEqual({
      streams: [],
      chapters: [],
      hdr: null,
      tags: { title: null, date: null, genre: null, description: null, comment: null, show: null, episodeId: null, seasonNumber: null, episodeNumber: null },
    });
    expect(Object.isFrozen(d) && Object.isFrozen(d.streams) && Object.isFrozen(d.tags)).toBe(true);
  });

  test('missing and garbage numbers become 0 or null, never NaN', () => {
    const [s] = details({ streams: [{ codec_type: 'video', width: 'wide', bit_rate: 'N/A', avg_frame_rate: '0/0', r_frame_rate: 'x' }] }).streams;
    expect(s).toMatchObject({ index: 0, codec: 'unknown', width: 0, height: 0, frameRate: 0, bitRateKbps: 0, bitDepth: 0, sampleRate: 0, channels: 0, profile: null });
    expect(Object.values(s!).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
    expect(Object.isFrozen(s)).toBe(true);
  });

  test('a typical Blu-ray remux: HEVC 10-bit HDR10, TrueHD + AC-3, PGS + SRT, a font', () => {
    const d = details({
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'hevc', profile: 'Main 10', width: 3840, height: 2160, avg_frame_rate: '24000/1001', pix_fmt: 'yuv420p10le', color_transfer: 'smpte2084', color_primaries: 'bt2020', disposition: { default: 1 }, tags: { 'BPS-eng': '52000000', title: 'Main' } },
        { index: 1, codec_type: 'audio', codec_name: 'truehd', channels: 8, channel_layout: '7.1', sample_rate: '48000', bits_per_raw_sample: '24', disposition: { default: 1 }, tags: { language: 'eng' } },
        { index: 2, codec_type: 'audio', codec_name: 'ac3', channels: 6, channel_layout: '5.1(side)', sample_rate: '48000', bit_rate: '640000', tags: { LANGUAGE: 'FRE', title: 'Français' } },
        { index: 3, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle', disposition: { forced: 1 }, tags: { language: 'eng' } },
        { index: 4, codec_type: 'subtitle', codec_name: 'subrip', disposition: { hearing_impaired: 1 }, tags: { language: 'und' } },
        { index: 5, codec_type: 'attachment', codec_name: 'ttf', tags: { filename: 'font.ttf' } },
      ],
    });
    expect(d.hdr).toBe('hdr10');
    expect(d.streams.map((s) => s.type)).toEqual(['video', 'audio', 'audio', 'subtitle', 'subtitle', 'attachment']);
    expect(d.streams[0]).toMatchObject({ codec: 'hevc', profile: 'Main 10', width: 3840, height: 2160, frameRate: 23.976, bitDepth: 10, pixelFormat: 'yuv420p10le', colorTransfer: 'smpte2084', colorPrimaries: 'bt2020', bitRateKbps: 52000, isDefault: true, title: 'Main' });
    expect(d.streams[1]).toMatchObject({ codec: 'truehd', channels: 8, channelLayout: '7.1', sampleRate: 48000, bitDepth: 24, language: 'eng', isDefault: true, frameRate: 0, pixelFormat: null });
    expect(d.streams[2]).toMatchObject({ language: 'fre', title: 'Français', bitRateKbps: 640, isDefault: false });
    expect(d.streams[3]).toMatchObject({ isImageSubtitle: true, isForced: true, language: 'eng' });
    expect(d.streams[4]).toMatchObject({ isImageSubtitle: false, isHearingImpaired: true, language: null });
    expect(d.streams[5]).toMatchObject({ type: 'attachment', codec: 'ttf' });
  });

  test.each([
    [{ color_transfer: 'arib-std-b67' }, 'hlg'],
    [{ color_transfer: 'smpte2084', side_data_list: [{ side_data_type: 'DOVI configuration record', dv_profile: 8 }] }, 'dolby-vision'],
    [{ codec_tag_string: 'dvh1' }, 'dolby-vision'],
    [{ color_transfer: 'bt709' }, null],
    [{}, null],
  ])('HDR of %j is %s', (video, hdr) => {
    expect(details({ streams: [{ codec_type: 'video', ...video }] }).hdr).toBe(hdr);
  });

  test('cover art is not the video whose HDR counts', () => {
    const d = details({
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 }, color_transfer: 'smpte2084' },
        { index: 1, codec_type: 'video', codec_name: 'h264', color_transfer: 'bt709' },
      ],
    });
    expect(d.hdr).toBeNull();
    expect(d.streams[0]!.isAttachedPicture).toBe(true);
  });

  test.each([
    ['yuv420p', 8], ['yuvj420p', 8], ['yuv420p10le', 10], ['yuv422p12le', 12], ['p010le', 10], ['gbrp10le', 10], ['weird', 0],
  ])('bit depth of %s is %i', (pix_fmt, bitDepth) => {
    expect(details({ streams: [{ codec_type: 'video', pix_fmt }] }).streams[0]!.bitDepth).toBe(bitDepth);
  });

  test.each(['dvd_subtitle', 'dvb_subtitle', 'hdmv_pgs_subtitle', 'xsub'])('%s is an image subtitle', (codec_name) => {
    expect(details({ streams: [{ codec_type: 'subtitle', codec_name }] }).streams[0]!.isImageSubtitle).toBe(true);
  });

  test('an unknown stream type counts as data', () => {
    expect(details({ streams: [{ codec_type: 'nonsense' }, {}] }).streams.map((s) => s.type)).toEqual(['data', 'data']);
  });

  test('chapters from seconds or from the time base, sorted, titles optional', () => {
    const d = details({
      chapters: [
        { id: 2, time_base: '1/1000', start: 60000, end: 120500, tags: { title: 'Two' } },
        { id: 1, time_base: '1/1000000000', start: 0, start_time: '0.000000', end: 60000000000, end_time: '60.000000', tags: { TITLE: 'One' } },
        { id: 3, time_base: '1/1000', start_time: '120.500000', end_time: 'N/A' },
      ],
    });
    expect(d.chapters).toEqual([
      { startMs: 0, endMs: 60000, title: 'One' },
      { startMs: 60000, endMs: 120500, title: 'Two' },
      { startMs: 120500, endMs: 120500, title: null },
    ]);
  });

  test('container tags from MP4 and Matroska names', () => {
    expect(details({ format: { tags: { title: 'Pilot', date: '2008', genre: 'Drama', synopsis: 'Long', comment: 'c', show: 'Breaking', episode_id: 'S01E01', season_number: '1', episode_sort: '1' } } }).tags).toEqual({
      title: 'Pilot', date: '2008', genre: 'Drama', description: 'Long', comment: 'c', show: 'Breaking', episodeId: 'S01E01', seasonNumber: 1, episodeNumber: 1,
    });
    expect(details({ format: { tags: { TITLE: 'Film', DATE_RELEASED: '1999-03-31', DESCRIPTION: 'd', season_number: 'x' } } }).tags).toMatchObject({ title: 'Film', date: '1999-03-31', description: 'd', seasonNumber: null });
  });

  test('text that is not JSON throws', () => {
    expect(() => parseProbeDetails('not json')).toThrow();
  });
});

describe('probe details (real ffprobe)', () => {
  const ffmpeg = locateTool('ffmpeg', null)!.path;
  const probeDetails = createProbeDetails(locateTool('ffprobe', null)!.path);
  let dir = '';
  let clip = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'probe-details-'));
    clip = join(dir, 'chapters.mkv');
    const meta = join(dir, 'meta.txt');
    const srt = join(dir, 'subs.srt');
    await writeFile(meta, ';FFMETADATA1\ntitle=Chapter Test\ngenre=Documentary\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=Opening\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2000\ntitle=Ending\n');
    await writeFile(srt, '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    await createRunFfmpeg(ffmpeg)([
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=15:duration=2',
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
      '-f', 'lavfi', '-i', 'sine=frequency=880:duration=2',
      '-i', meta, '-i', srt,
      '-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '4:s', '-map_metadata', '3', '-map_chapters', '3',
      '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fre', '-metadata:s:a:1', 'title=Commentary',
      '-metadata:s:s:0', 'language=eng', '-disposition:a:0', 'default', '-disposition:a:1', '0', '-disposition:s:0', 'forced',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-c:s', 'srt',
      '-y', clip,
    ]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('a clip with chapters, two audio languages and a forced subtitle', async () => {
    const d = await probeDetails(clip);
    expect(d.chapters).toEqual([
      { startMs: 0, endMs: 1000, title: 'Opening' },
      { startMs: 1000, endMs: 2000, title: 'Ending' },
    ]);
    expect(d.streams.map((s) => [s.type, s.codec, s.language])).toEqual([
      ['video', 'h264', null],
      ['audio', 'aac', 'eng'],
      ['audio', 'aac', 'fre'],
      ['subtitle', 'subrip', 'eng'],
    ]);
    expect(d.streams[0]).toMatchObject({ width: 160, height: 90, frameRate: 15, bitDepth: 8, pixelFormat: 'yuv420p' });
    expect(d.streams[1]).toMatchObject({ channels: 2, channelLayout: 'stereo', sampleRate: 44100, isDefault: true });
    expect(d.streams[2]).toMatchObject({ title: 'Commentary', isDefault: false });
    expect(d.streams[3]).toMatchObject({ isForced: true, isImageSubtitle: false });
    expect(d.tags).toMatchObject({ title: 'Chapter Test', genre: 'Documentary' });
    expect(d.hdr).toBeNull();
  });

  test('the shared tiny clip has no chapters', async () => {
    const d = await probeDetails(clips.tiny);
    expect(d.chapters).toEqual([]);
    expect(d.streams.map((s) => s.type)).toEqual(['video', 'audio']);
  });
});
