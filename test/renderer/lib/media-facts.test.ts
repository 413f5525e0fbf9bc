import { describe, expect, test } from 'vitest';
import type { MediaFileDto, PersonCreditDto, StreamDto, SubtitleDto, VersionDto } from '../../../server/src/http/api-types.js';
import {
  audioLabel,
  audioLanguages,
  channelLayout,
  creditGroups,
  formatBytes,
  languageName,
  playedVersion,
  resolutionLabel,
  subtitleLabel,
  subtitleLabels,
  versionName,
} from '../../../renderer/src/lib/media-facts.js';

const streamBase = { title: null, frameRate: null, bitDepth: null, bitRateKbps: null, default: false, forced: false, imageSubtitle: false };
const audio = (language: string | null, channels = 2, codec = 'aac'): StreamDto => ({ ...streamBase, type: 'audio', codec, language, channels, width: null, height: null });
const sub = (patch: Partial<SubtitleDto>): SubtitleDto => ({
  id: 1,
  format: 'srt',
  language: 'en',
  forced: false,
  default: false,
  hearingImpaired: false,
  external: true,
  ...patch,
});
const file = (patch: Partial<MediaFileDto>): MediaFileDto => ({
  id: 1,
  path: '/media/Movie (2020)/Movie (2020).mkv',
  part: null,
  sizeBytes: 1_000_000,
  durationMs: 60_000,
  width: 1920,
  height: 1080,
  format3D: null,
  hdr: null,
  bitRateKbps: 5000,
  container: 'matroska,webm',
  missing: false,
  streams: [{ ...streamBase, type: 'video', codec: 'h264', language: null, channels: null, width: 1920, height: 1080 }],
  chapters: [],
  subtitles: [],
  ...patch,
});

describe('formatBytes', () => {
  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [130_466, '127 KB'],
    [1_080_000, '1.03 MB'],
    [4_800_000_000, '4.47 GB'],
    [-1, ''],
    [Number.NaN, ''],
  ])('%s → %j', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('resolutionLabel', () => {
  test.each([
    [3840, 2160, '4K'],
    [1920, 1080, '1080p'],
    // a scope film is still 1080p
    [1920, 800, '1080p'],
    [1280, 720, '720p'],
    [720, 576, '576p'],
    [640, 480, '480p'],
    [320, 180, '180p'],
    [null, 1080, null],
    [0, 0, null],
  ])('%sx%s → %j', (w, h, expected) => {
    expect(resolutionLabel(w, h)).toBe(expected);
  });
});

describe('languages and tracks', () => {
  test.each([
    ['en', 'English'],
    ['eng', 'English'],
    ['fre', 'French'],
    ['pt-BR', 'Brazilian Portuguese'],
    ['und', null],
    ['', null],
    [null, null],
    ['xx', 'XX'],
  ])('languageName(%j) → %j', (code, expected) => {
    expect(languageName(code)).toBe(expected);
  });

  test.each([
    [1, 'mono'],
    [2, 'stereo'],
    [6, '5.1'],
    [8, '7.1'],
    [3, '3 channels'],
    [null, null],
  ])('channelLayout(%j) → %j', (channels, expected) => {
    expect(channelLayout(channels)).toBe(expected);
  });

  test('an audio track reads as language, codec and layout', () => {
    expect(audioLabel(audio('eng', 6, 'ac3'))).toBe('English · AC3 5.1');
    expect(audioLabel(audio('und', 1))).toBe('Unknown language · AAC mono');
  });

  test('a subtitle names its flags', () => {
    expect(subtitleLabel(sub({}))).toBe('English');
    expect(subtitleLabel(sub({ hearingImpaired: true }))).toBe('English (SDH)');
    expect(subtitleLabel(sub({ language: 'fr', forced: true, default: true }))).toBe('French (Forced, Default)');
    expect(subtitleLabel(sub({ language: null }))).toBe('Unknown language');
  });

  test('languages and subtitles of a title are listed once each, in track order', () => {
    const parts = [
      file({ streams: [audio('en'), audio('fr')], subtitles: [sub({ id: 1 }), sub({ id: 2, hearingImpaired: true })] }),
      file({ id: 2, part: 2, streams: [audio('en')], subtitles: [sub({ id: 3 })] }),
    ];
    expect(audioLanguages(parts)).toEqual(['English', 'French']);
    expect(subtitleLabels(parts)).toEqual(['English', 'English (SDH)']);
  });

  test('subtitle tracks inside the file are listed too, before the files next to it', () => {
    const inside = (language: string, forced = false): StreamDto => ({ ...streamBase, forced, type: 'subtitle', codec: 'subrip', language, channels: null, width: null, height: null });
    const parts = [file({ streams: [audio('en'), inside('fr'), inside('en', true)], subtitles: [sub({ language: 'de' })] })];
    expect(subtitleLabels(parts)).toEqual(['French', 'English (Forced)', 'German']);
  });
});

describe('versions', () => {
  const version = (label: string | null, parts: MediaFileDto[]): VersionDto => ({ label, parts });

  test('the first version plays; none when there is none', () => {
    const a = version('Director’s Cut', [file({})]);
    expect(playedVersion([a, version(null, [file({ id: 2 })])])).toBe(a);
    expect(playedVersion([])).toBeNull();
  });

  test('a version is named by its label, else its resolution, else its place', () => {
    expect(versionName(version('Director’s Cut', [file({})]), 0)).toBe('Director’s Cut');
    expect(versionName(version(null, [file({ width: 1280, height: 720 })]), 0)).toBe('720p');
    expect(versionName(version(null, []), 1)).toBe('Version 2');
  });
});

test('credits are grouped by role, each person once', () => {
  const people: PersonCreditDto[] = [
    { id: 1, name: 'Ada', role: 'director', character: null },
    { id: 2, name: 'Alan', role: 'writer', character: null },
    { id: 1, name: 'Ada', role: 'writer', character: null },
    { id: 3, name: 'Grace', role: 'actor', character: 'Herself' },
    { id: 3, name: 'Grace', role: 'actor', character: 'Herself' },
    { id: 4, name: 'Linus', role: 'actor', character: null },
  ];
  const groups = creditGroups(people);
  expect(groups.directors).toEqual(['Ada']);
  expect(groups.writers).toEqual(['Alan', 'Ada']);
  expect(groups.cast.map((p) => p.name)).toEqual(['Grace', 'Linus']);
});
