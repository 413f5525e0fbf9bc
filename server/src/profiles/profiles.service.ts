// Profiles, and how a device signs in to one: a device session (a cookie for a browser, a bearer
// token for an app or TV) or an API key for scripts. Only hashes of tokens, keys and PINs are kept.
import { createHash, randomBytes } from 'node:crypto';
import { AppError, badRequest, conflict, notFound, unauthorized } from '../errors.js';
import { hashPin, PIN, pinWaitMs, verifyPin } from './pin.js';
import type { ProfileFields, ProfilesStore } from './profiles.store.js';
import type { ApiKey, DeviceKind, DeviceSession, Profile } from './profiles.types.js';
import type { Viewer } from './viewer.js';

/** A device session token and an API key say what they are, so a leaked one is recognised. */
export const SESSION_TOKEN_PREFIX = 'seeds_';
export const API_KEY_PREFIX = 'seedk_';
/** A device not seen for this long is signed out. */
export const DEVICE_IDLE_MS = 180 * 24 * 60 * 60_000;
/** last_seen_at is written at most this often per device (not on every request). */
const SEEN_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** What a kid may see; everyone else sees everything (their libraries aside). */
export const viewerOf = (p: Profile): Viewer => ({
  profileId: p.id,
  role: p.role,
  ceiling: p.role === 'kid' ? { movie: p.movieCeiling, tv: p.tvCeiling, allowUnrated: p.allowUnrated } : null,
  libraryIds: p.libraryIds,
});

export interface SignIn {
  profileId: number;
  pin?: string;
  kind: DeviceKind;
  deviceName: string;
  address: string | null;
}

export interface Credentials {
  /** the browser's cookie */
  sessionToken?: string;
  /** Authorization: Bearer … (an app's device token or an API key) */
  bearer?: string;
  address: string | null;
}

export type ProfilesService = ReturnType<typeof createProfilesService>;

export function createProfilesService(deps: { store: ProfilesStore; now: () => number }) {
  const { store } = deps;
  const mustGet = (id: number): Profile => {
    const profile = store.get(id);
    if (!profile) throw notFound(`profile ${id}`);
    return profile;
  };
  /** Kid ceilings only on kids; a new kid without ceilings gets G and TV-Y7. */
  const normalised = (f: ProfileFields): ProfileFields =>
    f.role === 'kid'
      ? { ...f, movieCeiling: f.movieCeiling ?? (f.tvCeiling === null ? 'G' : null), tvCeiling: f.tvCeiling ?? (f.movieCeiling === null ? 'TV-Y7' : null) }
      : { ...f, movieCeiling: null, tvCeiling: null, allowUnrated: false };
  const nameFree = (name: string, except: number | null) => {
    const other = store.byName(name);
    if (other && other.id !== except) throw conflict(`a profile named ${other.name} already exists`);
  };
  const lastAdmin = (id: number) => store.counts().admins <= 1 && store.get(id)?.role === 'admin';

  return {
    list: (): Profile[] => store.list(),
    get: mustGet,

    /** Sign-in is needed once the household has more than one profile, or any PIN. */
    signInNeeded(): boolean {
      const c = store.counts();
      return c.profiles > 1 || c.pins > 0;
    },

    async create(fields: ProfileFields, pin: string | null = null): Promise<Profile> {
      nameFree(fields.name, null);
      if (pin !== null && !PIN.test(pin)) throw badRequest('pin: must be 4 digits');
      const id = store.insert(normalised(fields), deps.now());
      if (pin !== null) store.setPinHash(id, await hashPin(pin));
      return mustGet(id);
    },

    update(id: number, patch: Partial<ProfileFields>): Profile {
      const before = mustGet(id);
      const fields = normalised({ ...before, ...patch });
      if (patch.name !== undefined) nameFree(fields.name, id);
      if (before.role === 'admin' && fields.role !== 'admin' && lastAdmin(id)) throw conflict('the household needs an admin: make another profile admin first');
      store.update(id, fields);
      return mustGet(id);
    },

    remove(id: number): void {
      mustGet(id);
      if (lastAdmin(id)) throw conflict('the household needs an admin: make another profile admin first');
      store.remove(id);
    },

    /** A 4-digit PIN, or null to take it off. */
    async setPin(id: number, pin: string | null): Promise<Profile> {
      mustGet(id);
      if (pin !== null && !PIN.test(pin)) throw badRequest('pin: must be 4 digits');
      store.setPinHash(id, pin === null ? null : await hashPin(pin));
      store.pinSucceeded(id);
      return mustGet(id);
    },

    /** Signs a device in to a profile (its PIN checked, with back-off after wrong ones); answers the token to keep. */
    async signIn(input: SignIn): Promise<{ token: string; device: DeviceSession; profile: Profile }> {
      const profile = mustGet(input.profileId);
      const hash = store.pinHash(profile.id);
      if (hash !== null) {
        const attempts = store.pinAttempts(profile.id);
        const waitMs = attempts ? pinWaitMs(attempts.failures, attempts.lastFailureAt, deps.now()) : 0;
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          throw new AppError(429, 'pin_locked', `too many wrong PINs: try again in ${seconds} s`, seconds);
        }
        if (input.pin === undefined || input.pin === '') throw unauthorized('pin_required', `${profile.name} has a PIN`);
        // counted as wrong before the hash is checked, so guesses sent at once meet the back-off too
        store.pinFailed(profile.id, deps.now());
        if (!PIN.test(input.pin) || !(await verifyPin(input.pin, hash))) throw unauthorized('pin_wrong', 'wrong PIN');
        store.pinSucceeded(profile.id);
      }
      return this.openSession(input);
    },

    /** A device session for the profile without its PIN: sign-in past the PIN check, and a TV an admin paired. */
    openSession(input: Omit<SignIn, 'pin'>): { token: string; device: DeviceSession; profile: Profile } {
      const profile = mustGet(input.profileId);
      const token = newSecret(SESSION_TOKEN_PREFIX);
      const tokenHash = sha256(token);
      store.insertDevice({ tokenHash, profileId: profile.id, kind: input.kind, deviceName: input.deviceName, address: input.address, at: deps.now() });
      return { token, device: store.deviceByTokenHash(tokenHash)!, profile };
    },

    signOut: (token: string): void => void store.removeDeviceByTokenHash(sha256(token)),

    /**
     * The viewer a request acts for: its device session or API key; with neither, the only profile
     * while sign-in is not needed. Throws 401 naming why (a revoked device, a deleted profile, a wrong key).
     */
    authenticate(credentials: Credentials): { viewer: Viewer; profile: Profile; device: DeviceSession | null; key: ApiKey | null } | null {
      const now = deps.now();
      const secret = credentials.bearer ?? credentials.sessionToken;
      if (secret !== undefined && secret !== '') {
        if (secret.startsWith(API_KEY_PREFIX)) {
          const key = store.keyByHash(sha256(secret));
          if (!key) throw unauthorized('key_invalid', 'this API key is not known (revoked, or its profile was removed)');
          if (key.lastUsedAt === null || now - key.lastUsedAt > SEEN_EVERY_MS) store.keyUsed(key.id, now);
          const profile = mustGetOr401(key.profileId);
          return { viewer: viewerOf(profile), profile, device: null, key };
        }
        const device = store.deviceByTokenHash(sha256(secret));
        // a browser's stale cookie (its device signed out) in a household that needs no sign-in: the only profile
        if (!device && credentials.bearer === undefined && !this.signInNeeded()) return onlyProfile();
        if (!device) throw unauthorized('signed_out', 'this device is signed out (revoked, expired, or its profile was removed): choose a profile again');
        if (now - device.lastSeenAt > DEVICE_IDLE_MS) {
          store.removeDevice(device.id);
          throw unauthorized('signed_out', 'this device was not used for six months and is signed out: choose a profile again');
        }
        if (now - device.lastSeenAt > SEEN_EVERY_MS) store.deviceSeen(device.id, now, credentials.address);
        const profile = mustGetOr401(device.profileId);
        return { viewer: viewerOf(profile), profile, device, key: null };
      }
      return this.signInNeeded() ? null : onlyProfile();
    },

    devices: (): DeviceSession[] => store.devices(),
    revokeDevice(id: number): void {
      if (!store.removeDevice(id)) throw notFound(`device ${id}`);
    },

    keys: (): ApiKey[] => store.keys(),
    /** A new API key for the profile; the key itself is shown once, only its hash is kept. */
    createKey(profileId: number, name: string): { key: string; apiKey: ApiKey } {
      mustGet(profileId);
      const key = newSecret(API_KEY_PREFIX);
      const keyHash = sha256(key);
      store.insertKey({ profileId, name, keyHash, prefix: key.slice(0, API_KEY_PREFIX.length + 6), at: deps.now() });
      return { key, apiKey: store.keyByHash(keyHash)! };
    },
    revokeKey(id: number): void {
      if (!store.removeKey(id)) throw notFound(`API key ${id}`);
    },
  };

  function onlyProfile() {
    const only = store.list()[0]!;
    return { viewer: viewerOf(only), profile: only, device: null, key: null };
  }

  function mustGetOr401(id: number): Profile {
    const profile = store.get(id);
    if (!profile) throw unauthorized('signed_out', 'the profile was removed: choose a profile again');
    return profile;
  }
}
