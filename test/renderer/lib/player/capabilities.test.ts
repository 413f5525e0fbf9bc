import { describe, expect, test } from 'vitest';
import { probeCapabilities, type MediaProbe } from '../../../../renderer/src/lib/player/capabilities.js';

/** A browser that answers yes to the types matching `canPlay` (the <video> element) or `mse` (MediaSource). */
const browser = (canPlay: RegExp | null, mse: RegExp | null): MediaProbe & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    canPlayType: (type) => (asked.push(type), canPlay?.test(type) ? 'probably' : ''),
    isTypeSupported: (type) => mse?.test(type) ?? false,
  };
};

describe('probeCapabilities asks the browser with codec strings', () => {
  test('a Chrome-like browser: H.264, VP9, AV1, AAC, Opus, MP3, FLAC; MP4 and WebM files', () => {
    const chrome = browser(/^video\/(mp4|webm)$|avc1|vp09\.00|av01\.0\.08M\.08|mp4a\.40\.2|opus|audio\/mpeg|flac/, /avc1|vp09\.00|av01/);
    expect(probeCapabilities(chrome, { hdrScreen: false })).toEqual({
      video: ['h264', 'av1', 'vp9'],
      audio: ['aac', 'mp3', 'opus', 'flac'],
      containers: ['mp4', 'webm'],
      maxHeight: null,
      hdr: false,
    });
    expect(chrome.asked).toContain('video/mp4; codecs="hvc1.1.6.L120.90"');
  });

  test('a Safari-like browser: HEVC (hvc1), AC-3 and E-AC-3 through MediaSource; HDR on an HDR screen with a 10-bit decoder', () => {
    const safari = browser(/^video\/mp4$/, /avc1|hvc1|mp4a\.40\.2|ac-3|ec-3/);
    expect(probeCapabilities(safari, { hdrScreen: true })).toEqual({ video: ['h264', 'hevc'], audio: ['aac', 'ac3', 'eac3'], containers: ['mp4'], maxHeight: null, hdr: true });
    expect(probeCapabilities(safari, { hdrScreen: false }).hdr).toBe(false);
  });

  test('a TV browser that opens MKV files; MediaSource has no say in which containers play as files', () => {
    const tv = browser(/^video\/(mp4|x-matroska)$|avc1|hev1/, /audio\/webm/);
    expect(probeCapabilities(tv, { hdrScreen: true })).toEqual({ video: ['h264', 'hevc'], audio: ['opus'], containers: ['mp4', 'mkv'], maxHeight: null, hdr: false });
  });

  test('a browser that plays nothing says so', () => {
    expect(probeCapabilities(browser(null, null), { hdrScreen: true })).toEqual({ video: [], audio: [], containers: [], maxHeight: null, hdr: false });
  });
});
