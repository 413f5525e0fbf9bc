import { describe, expect, test } from 'vitest';
import { planAudio } from '../../transcoder/src/audio-plan.js';
import { languageName, languageTag, uniqueNames } from '../../transcoder/src/languages.js';
import type { AudioStream, MediaInfo } from '../../transcoder/src/media-info.js';
import type { StreamInfo } from '../../transcoder/src/probe-details.js';

const detail = (index: number, over: Partial<StreamInfo>): StreamInfo => ({
  index, type: 'audio', codec: 'ac3', profile: null, language: null, title: null, channels: 6, channelLayout: '5.1', sampleRate: 48000,
  width: 0, height: 0, frameRate: 0, pixelFormat: null, bitDepth: 0, colorTransfer: null, colorPrimaries: null, bitRateKbps: 448,
  isDefault: false, isForced: false, isHearingImpaired: false, isAttachedPicture: false, isImageSubtitle: false, ...over,
});

/** A film with a video stream at 0 and the given audio streams from 1 on. */
function media(tracks: Partial<StreamInfo>[], withDetails = true): MediaInfo {
  const audio: AudioStream[] = tracks.map((t, i) => ({ index: i + 1, codec: 'ac3', channels: 6, language: t.language ?? null }));
  return {
    formatName: 'matroska,webm', durationMs: 2000, sizeBytes: 1, bitRateKbps: 1, tags: {},
    video: { index: 0, codec: 'h264', width: 1920, height: 1080, frameRate: 24, pixelFormat: 'yuv420p', rotation: 0 },
    audio,
    ...(withDetails ? { details: { streams: tracks.map((t, i) => detail(i + 1, t)), chapters: [], hdr: null, tags: { title: null, date: null, genre: null, description: null, comment: null, show: null, episodeId: null, seasonNumber: null, episodeNumber: null } } } : {}),
  };
}

describe('planAudio', () => {
  test('no audio, no plan', () => {
    expect(planAudio(media([]))).toBeNull();
  });

  test('one track: the main one, no alternatives', () => {
    expect(planAudio(media([{ language: 'eng', isDefault: true }]))).toEqual({ main: { sourceIndex: 0, language: 'en', name: 'English' }, alternatives: [] });
  });

  test('the default-flagged track is the main one; the others follow in source order; a title wins over the language', () => {
    expect(planAudio(media([{ language: 'fra', title: 'Français (doublage)' }, { language: 'eng', isDefault: true }, { language: 'deu' }]))).toEqual({
      main: { sourceIndex: 1, language: 'en', name: 'English' },
      alternatives: [
        { sourceIndex: 0, language: 'fr', name: 'Français (doublage)' },
        { sourceIndex: 2, language: 'de', name: 'German' },
      ],
    });
  });

  test('no default flag: the first track; unknown or missing languages are "Track N"; names are unique', () => {
    expect(planAudio(media([{ language: 'eng' }, { language: 'eng' }, { language: 'und' }, { language: 'tlh' }]))).toEqual({
      main: { sourceIndex: 0, language: 'en', name: 'English' },
      alternatives: [
        { sourceIndex: 1, language: 'en', name: 'English (2)' },
        { sourceIndex: 2, language: null, name: 'Track 3' },
        { sourceIndex: 3, language: 'tlh', name: 'Track 4' },
      ],
    });
  });

  test('an older probe without details: the first track, named by its language', () => {
    expect(planAudio(media([{ language: 'ger' }, { language: 'jpn', isDefault: true }], false))).toEqual({
      main: { sourceIndex: 0, language: 'de', name: 'German' },
      alternatives: [{ sourceIndex: 1, language: 'ja', name: 'Japanese' }],
    });
  });
});

describe('languages', () => {
  test.each([
    ['eng', 'en', 'English'],
    ['fre', 'fr', 'French'],
    ['FRA', 'fr', 'French'],
    ['pt-br', 'pt-BR', 'Portuguese'],
    ['zh_hant', 'zh-Hant', 'Chinese'],
    ['tlh', 'tlh', null],
    ['und', null, null],
    ['', null, null],
    ['English', null, null],
  ])('%s → tag %s, name %s', (code, tag, name) => {
    expect(languageTag(code)).toBe(tag);
    expect(languageName(code)).toBe(name);
  });

  test('unique names count up, even past a name that already has a number', () => {
    expect(uniqueNames(['English', 'English (2)', 'English', 'French'])).toEqual(['English', 'English (2)', 'English (3)', 'French']);
  });
});
