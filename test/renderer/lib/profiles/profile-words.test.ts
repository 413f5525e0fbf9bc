import { describe, expect, test } from 'vitest';
import { AVATARS, AVATAR_LOOKS, avatarLook, freeAvatar } from '../../../../renderer/src/lib/profiles/avatars.js';
import {
  bearerHint,
  ceilingWords,
  keyPrefixWords,
  languageChoices,
  languageName,
  languageWords,
  lastSeenWords,
  lastUsedWords,
  librariesWords,
  MOVIE_RATINGS,
  pinWords,
  roleLabel,
  TV_RATINGS,
} from '../../../../renderer/src/lib/profiles/profile-words.js';
import { hrefOf, parseRoute } from '../../../../renderer/src/lib/routes.js';

const kid = { role: 'kid', movieCeiling: 'PG', tvCeiling: 'TV-Y7', allowUnrated: false } as const;

describe('ceilingWords', () => {
  test.each([
    [kid, 'Movies up to PG · TV up to TV-Y7 · unrated titles hidden'],
    [{ ...kid, allowUnrated: true }, 'Movies up to PG · TV up to TV-Y7 · unrated titles shown'],
    [{ ...kid, movieCeiling: null }, 'Movies up to the equal of TV-Y7 · TV up to TV-Y7 · unrated titles hidden'],
    [{ ...kid, tvCeiling: null }, 'Movies up to PG · TV up to the equal of PG · unrated titles hidden'],
    [{ ...kid, movieCeiling: null, tvCeiling: null }, 'Movies for all ages · TV for all ages · unrated titles hidden'],
    [{ role: 'adult', movieCeiling: null, tvCeiling: null, allowUnrated: false }, 'Every title'],
    [{ role: 'admin', movieCeiling: null, tvCeiling: null, allowUnrated: false }, 'Every title'],
  ] as const)('%o → %s', (profile, words) => {
    expect(ceilingWords(profile)).toBe(words);
  });

  test('ratings run from the youngest audience up, as the server orders them', () => {
    expect(MOVIE_RATINGS).toEqual(['G', 'PG', 'PG-13', 'R', 'NC-17']);
    expect(TV_RATINGS).toEqual(['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA']);
  });
});

describe('languages', () => {
  test('names by code; the default in words of its use; an unknown code as it is', () => {
    expect(languageName('fr', 'audio')).toBe('French');
    expect(languageName(null, 'audio')).toBe('Default (the title’s own)');
    expect(languageName('', 'subtitles')).toBe('Default (off unless forced)');
    expect(languageName('tlh', 'audio')).toBe('tlh');
  });

  test('the choices: Default first, then the list by name; a code set elsewhere stays a choice', () => {
    const choices = languageChoices('audio', '');
    expect(choices[0]).toEqual({ value: '', label: 'Default (the title’s own)' });
    expect(choices.map((c) => c.value)).toContain('en');
    const names = choices.slice(1).map((c) => c.label);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(languageChoices('audio', 'tlh').at(-1)).toEqual({ value: 'tlh', label: 'tlh' });
    expect(languageChoices('audio', 'fr').filter((c) => c.value === 'fr')).toHaveLength(1);
  });

  test('a profile’s languages in a line; nothing when both are the default', () => {
    expect(languageWords({ audioLanguage: 'fr', subtitleLanguage: 'en' })).toBe('French audio · English subtitles');
    expect(languageWords({ audioLanguage: null, subtitleLanguage: 'de' })).toBe('German subtitles');
    expect(languageWords({ audioLanguage: null, subtitleLanguage: null })).toBeNull();
  });
});

test('librariesWords: all, by name, by count when a name is unknown', () => {
  const libraries = [
    { id: 1, name: 'Movies' },
    { id: 2, name: 'Shows' },
  ];
  expect(librariesWords(null, libraries)).toBe('All libraries');
  expect(librariesWords([2], libraries)).toBe('Shows');
  expect(librariesWords([1, 2], libraries)).toBe('Movies, Shows');
  expect(librariesWords([1, 7], libraries)).toBe('2 libraries');
  expect(librariesWords([7], [])).toBe('1 library');
  expect(librariesWords([], libraries)).toBe('No library');
});

test('roles, PINs, keys and times in words', () => {
  expect(roleLabel('kid')).toBe('Kid');
  expect(pinWords(true)).toBe('PIN');
  expect(pinWords(false)).toBe('No PIN');
  expect(keyPrefixWords('seedk_Ab12Cd')).toBe('seedk_Ab12Cd…');
  expect(bearerHint('seedk_x')).toBe('Authorization: Bearer seedk_x');
  const now = Date.parse('2025-03-01T12:00:00Z');
  expect(lastUsedWords(null, now)).toBe('never used');
  expect(lastUsedWords('2025-03-01T11:57:00Z', now)).toBe('used 3 minutes ago');
  expect(lastSeenWords('2025-03-01T11:59:50Z', now)).toBe('seen just now');
});

describe('avatars', () => {
  test('the server’s eight, each with a name and two colours', () => {
    expect(AVATARS).toEqual(['sprout', 'fox', 'owl', 'bear', 'cat', 'rocket', 'star', 'wave']);
    for (const key of AVATARS) expect(AVATAR_LOOKS[key]).toMatchObject({ label: expect.any(String), from: expect.stringMatching(/^#/), to: expect.stringMatching(/^#/) });
    expect(avatarLook('nope' as never)).toBe(AVATAR_LOOKS.star);
  });

  test('a new profile gets the first avatar nobody has', () => {
    expect(freeAvatar([])).toBe('sprout');
    expect(freeAvatar(['sprout', 'fox'])).toBe('owl');
    expect(freeAvatar([...AVATARS])).toBe('sprout');
  });
});

test('the Profiles page has its route', () => {
  expect(parseRoute('#/admin/profiles')).toEqual({ name: 'admin-profiles' });
  expect(parseRoute('#/admin/profiles/')).toEqual({ name: 'admin-profiles' });
  expect(hrefOf({ name: 'admin-profiles' })).toBe('#/admin/profiles');
});
