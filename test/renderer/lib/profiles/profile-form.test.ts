import { describe, expect, test } from 'vitest';
import type { ProfileDto } from '../../../../server/src/http/api-types.js';
import {
  createRequestOf,
  editRequestOf,
  fieldErrorsOf,
  firstErrorField,
  formOfProfile,
  newProfileForm,
  toggledLibrary,
  type ProfileForm,
} from '../../../../renderer/src/lib/profiles/profile-form.js';

const mia: ProfileDto = {
  id: 2,
  name: 'Mia',
  avatar: 'owl',
  role: 'kid',
  audioLanguage: null,
  subtitleLanguage: 'en',
  movieCeiling: 'PG',
  tvCeiling: 'TV-Y7',
  allowUnrated: false,
  libraryIds: [3],
  hasPin: true,
  createdAt: '2025-01-01T00:00:00.000Z',
};
const sam: ProfileDto = { ...mia, id: 3, name: 'Sam', avatar: 'fox', role: 'adult', subtitleLanguage: null, movieCeiling: null, tvCeiling: null, libraryIds: null, hasPin: false };

const form = (over: Partial<ProfileForm> = {}): ProfileForm => ({ ...newProfileForm('cat'), name: 'Ana', ...over });

describe('a new profile', () => {
  test('starts as an adult seeing everything, with the avatar given and a kid’s limits ready', () => {
    expect(newProfileForm('bear')).toEqual({
      name: '',
      avatar: 'bear',
      role: 'adult',
      audioLanguage: '',
      subtitleLanguage: '',
      movieCeiling: 'G',
      tvCeiling: 'TV-Y7',
      allowUnrated: false,
      allLibraries: true,
      libraryIds: [],
      pinChoice: 'keep',
      pin: '',
    });
  });

  test('an adult: the fields without ceilings; the name trimmed; defaults as null', () => {
    expect(createRequestOf(form({ name: '  Ana ' }))).toEqual({
      ok: true,
      request: { name: 'Ana', avatar: 'cat', role: 'adult', audioLanguage: null, subtitleLanguage: null, libraryIds: null },
    });
  });

  test('a kid with a PIN, languages and chosen libraries', () => {
    const checked = createRequestOf(
      form({ role: 'kid', movieCeiling: 'PG-13', tvCeiling: 'TV-G', allowUnrated: true, audioLanguage: 'fr', subtitleLanguage: 'en', allLibraries: false, libraryIds: [5, 2], pinChoice: 'set', pin: '0420' }),
    );
    expect(checked).toEqual({
      ok: true,
      request: {
        name: 'Ana',
        avatar: 'cat',
        role: 'kid',
        audioLanguage: 'fr',
        subtitleLanguage: 'en',
        movieCeiling: 'PG-13',
        tvCeiling: 'TV-G',
        allowUnrated: true,
        libraryIds: [2, 5],
        pin: '0420',
      },
    });
  });

  test.each<[Partial<ProfileForm>, object]>([
    [{ name: '   ' }, { name: 'Give the profile a name' }],
    [{ name: 'x'.repeat(41) }, { name: 'At most 40 characters' }],
    [{ allLibraries: false, libraryIds: [] }, { libraries: 'Choose at least one library, or All libraries' }],
    [{ pinChoice: 'set', pin: '12' }, { pin: 'The PIN is 4 digits' }],
    [{ pinChoice: 'set', pin: '12a4' }, { pin: 'The PIN is 4 digits' }],
    [{ name: '', pinChoice: 'set', pin: '' }, { name: 'Give the profile a name', pin: 'The PIN is 4 digits' }],
  ])('%o is refused before sending: %o', (over, errors) => {
    expect(createRequestOf(form(over))).toEqual({ ok: false, errors });
  });

  test('a PIN typed and then switched back to "No PIN" is not sent', () => {
    expect(createRequestOf(form({ pinChoice: 'keep', pin: '1234' }))).toMatchObject({ ok: true, request: expect.not.objectContaining({ pin: expect.anything() }) });
  });
});

describe('editing', () => {
  test('the form shows the profile; unset ceilings get a kid’s defaults', () => {
    expect(formOfProfile(mia)).toMatchObject({ name: 'Mia', role: 'kid', subtitleLanguage: 'en', audioLanguage: '', allLibraries: false, libraryIds: [3], pinChoice: 'keep', pin: '' });
    expect(formOfProfile(sam)).toMatchObject({ movieCeiling: 'G', tvCeiling: 'TV-Y7', allLibraries: true, libraryIds: [] });
  });

  test('unchanged: nothing to send', () => {
    expect(editRequestOf(formOfProfile(mia), mia)).toEqual({ ok: true, patch: {}, pin: { kind: 'none' } });
    expect(editRequestOf(formOfProfile(sam), sam)).toEqual({ ok: true, patch: {}, pin: { kind: 'none' } });
  });

  test('only the fields changed are sent', () => {
    expect(editRequestOf({ ...formOfProfile(mia), name: 'Mia B', tvCeiling: 'TV-PG', allLibraries: true }, mia)).toEqual({
      ok: true,
      patch: { name: 'Mia B', tvCeiling: 'TV-PG', libraryIds: null },
      pin: { kind: 'none' },
    });
  });

  test('a kid made an adult: the role alone (the server drops the ceilings); an adult made a kid: the ceilings too (allowUnrated as it was)', () => {
    expect(editRequestOf({ ...formOfProfile(mia), role: 'adult' }, mia)).toEqual({ ok: true, patch: { role: 'adult' }, pin: { kind: 'none' } });
    expect(editRequestOf({ ...formOfProfile(sam), role: 'kid' }, sam)).toEqual({
      ok: true,
      patch: { role: 'kid', movieCeiling: 'G', tvCeiling: 'TV-Y7' },
      pin: { kind: 'none' },
    });
  });

  test('PIN: changed, removed, or refused', () => {
    expect(editRequestOf({ ...formOfProfile(mia), pinChoice: 'set', pin: '9876' }, mia)).toEqual({ ok: true, patch: {}, pin: { kind: 'set', pin: '9876' } });
    expect(editRequestOf({ ...formOfProfile(mia), pinChoice: 'remove' }, mia)).toEqual({ ok: true, patch: {}, pin: { kind: 'remove' } });
    expect(editRequestOf({ ...formOfProfile(sam), pinChoice: 'remove' }, sam)).toEqual({ ok: false, errors: { pin: 'This profile has no PIN' } });
    expect(editRequestOf({ ...formOfProfile(sam), pinChoice: 'set', pin: '123' }, sam)).toEqual({ ok: false, errors: { pin: 'The PIN is 4 digits' } });
  });
});

describe('the server’s refusals, by field', () => {
  test.each([
    ['a profile named Sam already exists', { name: 'A profile named Sam already exists' }],
    ['name: must not be empty', { name: 'Must not be empty' }],
    ['pin: must be 4 digits', { pin: 'Must be 4 digits' }],
    ['the household needs an admin: make another profile admin first', { role: 'The household needs an admin: make another profile admin first' }],
    ['libraryIds: must be a list of library ids, or null for all', { libraries: 'Must be a list of library ids, or null for all' }],
    ['libraryIds.0: must be library ids', { libraries: 'Must be library ids' }],
    ['audioLanguage: must be a language code like en', { languages: 'Must be a language code like en' }],
    ['movieCeiling: must be one of G, PG, PG-13, R, NC-17', { ceilings: 'Must be one of G, PG, PG-13, R, NC-17' }],
    ['profile 9 not found', { form: 'Profile 9 not found' }],
  ])('%s', (message, errors) => {
    expect(fieldErrorsOf(message)).toEqual(errors);
  });

  test('the first field with an error, in page order, takes the focus', () => {
    expect(firstErrorField({ pin: 'x', name: 'y' })).toBe('name');
    expect(firstErrorField({ form: 'x', libraries: 'y' })).toBe('libraries');
    expect(firstErrorField({})).toBeNull();
  });
});

test('toggledLibrary adds and takes away', () => {
  expect(toggledLibrary([1], 2)).toEqual([1, 2]);
  expect(toggledLibrary([1, 2], 1)).toEqual([2]);
});
