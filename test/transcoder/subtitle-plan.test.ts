import { describe, expect, test } from 'vitest';
import { planSubtitles } from '../../transcoder/src/subtitle-plan.js';
import type { StreamInfo } from '../../transcoder/src/probe-details.js';

const stream = (index: number, over: Partial<StreamInfo>): StreamInfo => ({
  index, type: 'subtitle', codec: 'subrip', profile: null, language: null, title: null, channels: 0, channelLayout: null, sampleRate: 0,
  width: 0, height: 0, frameRate: 0, pixelFormat: null, bitDepth: 0, colorTransfer: null, colorPrimaries: null, bitRateKbps: 0,
  isDefault: false, isForced: false, isHearingImpaired: false, isAttachedPicture: false, isImageSubtitle: false, ...over,
});

describe('planSubtitles', () => {
  test('text streams become WebVTT, picture streams burn-in, others unsupported; streams count among subtitles only', () => {
    const streams = [
      stream(0, { type: 'video', codec: 'h264' }),
      stream(1, { type: 'audio', codec: 'aac' }),
      stream(2, { codec: 'subrip', language: 'eng' }),
      stream(3, { codec: 'hdmv_pgs_subtitle', language: 'fra', isImageSubtitle: true }),
      stream(4, { codec: 'ass', language: 'eng', title: 'Signs & Songs', isForced: true }),
      stream(5, { codec: 'mov_text', language: 'ger', isHearingImpaired: true }),
      stream(6, { codec: 'dvd_subtitle', isImageSubtitle: true }),
      stream(7, { codec: 'eia_608' }),
    ];
    expect(planSubtitles(streams, [])).toEqual([
      { kind: 'webvtt', source: { kind: 'embedded', sourceIndex: 0 }, codec: 'subrip', language: 'en', name: 'English', isForced: false },
      { kind: 'burn-in', source: { kind: 'embedded', sourceIndex: 1 }, codec: 'hdmv_pgs_subtitle', language: 'fr', name: 'French', isForced: false, reason: 'PGS (Blu-ray) subtitles are pictures: burned into the video when chosen' },
      { kind: 'webvtt', source: { kind: 'embedded', sourceIndex: 2 }, codec: 'ass', language: 'en', name: 'Signs & Songs', isForced: true },
      { kind: 'webvtt', source: { kind: 'embedded', sourceIndex: 3 }, codec: 'mov_text', language: 'de', name: 'German (SDH)', isForced: false },
      { kind: 'burn-in', source: { kind: 'embedded', sourceIndex: 4 }, codec: 'dvd_subtitle', language: null, name: 'Subtitles 5', isForced: false, reason: 'VobSub (DVD) subtitles are pictures: burned into the video when chosen' },
      { kind: 'unsupported', source: { kind: 'embedded', sourceIndex: 5 }, codec: 'eia_608', language: null, name: 'Subtitles 6', isForced: false, reason: 'eia_608 subtitles cannot be converted to WebVTT' },
    ]);
  });

  test('sidecars follow the streams, typed by extension; names stay unique', () => {
    const plan = planSubtitles([stream(2, { codec: 'subrip', language: 'eng' })], [
      { path: '/m/Movie.en.srt', language: 'en' },
      { path: '/m/Movie.fr.forced.ASS', language: 'fr', isForced: true },
      { path: '/m/Movie.pt-BR.vtt', language: 'pt-BR' },
      { path: '/m/Movie.sup', language: null },
      { path: '/m/Movie.idx', language: 'en' },
      { path: '/m/Movie.sub', language: 'en' },
    ]);
    expect(plan.map((p) => [p.kind, p.codec, p.language, p.name, p.isForced])).toEqual([
      ['webvtt', 'subrip', 'en', 'English', false],
      ['webvtt', 'subrip', 'en', 'English (2)', false],
      ['webvtt', 'ass', 'fr', 'French (forced)', true],
      ['webvtt', 'webvtt', 'pt-BR', 'Portuguese', false],
      ['burn-in', 'hdmv_pgs_subtitle', null, 'Subtitles 5', false],
      ['burn-in', 'dvd_subtitle', 'en', 'English (3)', false],
      ['unsupported', 'sub', 'en', 'English (4)', false],
    ]);
    expect(plan[1]!.source).toEqual({ kind: 'sidecar', path: '/m/Movie.en.srt' });
  });

  test('no subtitles, empty plan', () => {
    expect(planSubtitles([stream(0, { type: 'video', codec: 'h264' })])).toEqual([]);
  });
});
