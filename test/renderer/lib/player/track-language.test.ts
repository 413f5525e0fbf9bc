import { describe, expect, test } from 'vitest';
import { preferredTrack, sameLanguage } from '../../../../renderer/src/lib/player/track-language.js';

describe('track languages', () => {
  test('two- and three-letter codes and regional tags match the preferred language', () => {
    expect(sameLanguage('fr', 'fr')).toBe(true);
    expect(sameLanguage('fre', 'fr')).toBe(true);
    expect(sameLanguage('fra', 'FR')).toBe(true);
    expect(sameLanguage('fr-CA', 'fr')).toBe(true);
    expect(sameLanguage('eng', 'fr')).toBe(false);
    expect(sameLanguage('', 'fr')).toBe(false);
    expect(sameLanguage(null, 'fr')).toBe(false);
  });

  test('the first track in the language; none without a match or a preference', () => {
    const tracks = [{ language: 'eng' }, { language: 'ger' }, { language: 'deu' }];
    expect(preferredTrack(tracks, 'de')).toBe(1);
    expect(preferredTrack(tracks, 'ja')).toBeNull();
    expect(preferredTrack(tracks, null)).toBeNull();
  });
});
