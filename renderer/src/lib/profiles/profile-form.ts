// The Add / Edit profile form as plain data: the fields, what is checked before sending, the
// requests it makes, and the server's errors placed by the field they name. Pure, so the tests need no browser.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { ProfileDto, ProfileRequest } from '../api.ts';
import type { AvatarKey } from './avatars.ts';
import { PIN_LENGTH } from './pin-pad.ts';
import type { MovieRating, Role, TvRating } from './profile-words.ts';

export const NAME_MAX = 40;

/** keep: leave the PIN as it is (none for a new profile); set: a new one; remove: take it off */
export type PinChoice = 'keep' | 'set' | 'remove';

export interface ProfileForm {
  name: string;
  avatar: AvatarKey;
  role: Role;
  /** '' for the default */
  audioLanguage: string;
  subtitleLanguage: string;
  /** kids only; kept while another role is chosen, so switching back does not lose them */
  movieCeiling: MovieRating;
  tvCeiling: TvRating;
  allowUnrated: boolean;
  allLibraries: boolean;
  /** the libraries chosen when not all */
  libraryIds: number[];
  pinChoice: PinChoice;
  pin: string;
}

/** A kid's limits until the admin picks others (the server's own default for a new kid). */
const KID_DEFAULTS = { movieCeiling: 'G', tvCeiling: 'TV-Y7' } as const;

export function newProfileForm(avatar: AvatarKey): ProfileForm {
  return {
    name: '',
    avatar,
    role: 'adult',
    audioLanguage: '',
    subtitleLanguage: '',
    ...KID_DEFAULTS,
    allowUnrated: false,
    allLibraries: true,
    libraryIds: [],
    pinChoice: 'keep',
    pin: '',
  };
}

export function formOfProfile(p: ProfileDto): ProfileForm {
  return {
    name: p.name,
    avatar: p.avatar,
    role: p.role,
    audioLanguage: p.audioLanguage ?? '',
    subtitleLanguage: p.subtitleLanguage ?? '',
    movieCeiling: p.movieCeiling ?? KID_DEFAULTS.movieCeiling,
    tvCeiling: p.tvCeiling ?? KID_DEFAULTS.tvCeiling,
    allowUnrated: p.allowUnrated,
    allLibraries: p.libraryIds === null,
    libraryIds: p.libraryIds ?? [],
    pinChoice: 'keep',
    pin: '',
  };
}

/** Form fields by name: name, pin, libraries, role; "form" for the rest. */
export type ProfileField = 'name' | 'pin' | 'libraries' | 'role' | 'avatar' | 'languages' | 'ceilings' | 'form';
export type FieldErrors = Partial<Record<ProfileField, string>>;

/** The order the fields come in on the page: the first with an error takes the focus. */
export const FIELD_ORDER: readonly ProfileField[] = ['name', 'avatar', 'role', 'ceilings', 'languages', 'libraries', 'pin', 'form'];

export const firstErrorField = (errors: FieldErrors): ProfileField | null => FIELD_ORDER.find((field) => errors[field] !== undefined) ?? null;

type Fields = Omit<ProfileRequest, 'pin'>;

/** Every field of the request the form stands for (ceilings only for a kid). */
function fieldsOf(form: ProfileForm): Fields {
  return {
    name: form.name.trim(),
    avatar: form.avatar,
    role: form.role,
    audioLanguage: form.audioLanguage === '' ? null : form.audioLanguage,
    subtitleLanguage: form.subtitleLanguage === '' ? null : form.subtitleLanguage,
    ...(form.role === 'kid' ? { movieCeiling: form.movieCeiling, tvCeiling: form.tvCeiling, allowUnrated: form.allowUnrated } : {}),
    libraryIds: form.allLibraries ? null : [...form.libraryIds].sort((a, b) => a - b),
  };
}

function check(form: ProfileForm, hasPin: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const name = form.name.trim();
  if (name === '') errors.name = 'Give the profile a name';
  else if (name.length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters`;
  if (!form.allLibraries && form.libraryIds.length === 0) errors.libraries = 'Choose at least one library, or All libraries';
  if (form.pinChoice === 'set' && !new RegExp(`^[0-9]{${PIN_LENGTH}}$`).test(form.pin)) errors.pin = `The PIN is ${PIN_LENGTH} digits`;
  if (form.pinChoice === 'remove' && !hasPin) errors.pin = 'This profile has no PIN';
  return errors;
}

export type CreateCheck = { ok: true; request: ProfileRequest } | { ok: false; errors: FieldErrors };

/** The POST /api/profiles body, or what to fix first. */
export function createRequestOf(form: ProfileForm): CreateCheck {
  const errors = check(form, false);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { ...fieldsOf(form), ...(form.pinChoice === 'set' ? { pin: form.pin } : {}) } };
}

/** PIN change of an edit: none, a new PIN, or off. */
export type PinChange = { kind: 'none' } | { kind: 'set'; pin: string } | { kind: 'remove' };

export type EditCheck = { ok: true; patch: Partial<Fields>; pin: PinChange } | { ok: false; errors: FieldErrors };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The PATCH body with only the fields that changed (nothing to send when none did), and the PIN
 * change (PUT or DELETE /pin), or what to fix first.
 */
export function editRequestOf(form: ProfileForm, profile: ProfileDto): EditCheck {
  const errors = check(form, profile.hasPin);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const fields = fieldsOf(form);
  const before: Record<string, unknown> = { ...profile };
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (!same(value, before[key])) patch[key] = value;
  const pin: PinChange = form.pinChoice === 'set' ? { kind: 'set', pin: form.pin } : form.pinChoice === 'remove' ? { kind: 'remove' } : { kind: 'none' };
  return { ok: true, patch: patch as Partial<Fields>, pin };
}

/**
 * Where the server's refusal belongs: "name: must not be empty" and "a profile named Sam already
 * exists" by the name, "pin: …" by the PIN, "the household needs an admin…" by the role.
 */
export function fieldErrorsOf(message: string): FieldErrors {
  const named = /^(name|pin|role|avatar|libraryIds|audioLanguage|subtitleLanguage|movieCeiling|tvCeiling|allowUnrated)(?:\.\d+)?: (.+)$/.exec(message);
  if (named) {
    const [, key, rest] = named as unknown as [string, string, string];
    const field: ProfileField =
      key === 'libraryIds' ? 'libraries'
      : key === 'audioLanguage' || key === 'subtitleLanguage' ? 'languages'
      : key === 'movieCeiling' || key === 'tvCeiling' || key === 'allowUnrated' ? 'ceilings'
      : (key as ProfileField);
    return { [field]: `${capitalised(rest)}` };
  }
  if (/^a profile named .+ already exists$/.test(message)) return { name: capitalised(message) };
  if (/needs an admin/.test(message)) return { role: capitalised(message) };
  return { form: capitalised(message) };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Toggles a library in the chosen list. */
export const toggledLibrary = (ids: readonly number[], id: number): number[] => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
