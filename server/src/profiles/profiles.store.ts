import type { Db } from '../db/open.js';
import type { ApiKey, Avatar, DeviceKind, DeviceSession, Profile } from './profiles.types.js';
import type { MovieRating, TvRating } from './ratings.js';
import type { ProfileRole } from './viewer.js';

interface ProfileRow {
  id: number;
  name: string;
  avatar: Avatar;
  role: ProfileRole;
  audio_language: string | null;
  subtitle_language: string | null;
  movie_ceiling: MovieRating | null;
  tv_ceiling: TvRating | null;
  allow_unrated: number;
  all_libraries: number;
  pin_hash: string | null;
  created_at: number;
  library_ids: string | null;
}

const toProfile = (r: ProfileRow): Profile => ({
  id: r.id,
  name: r.name,
  avatar: r.avatar,
  role: r.role,
  audioLanguage: r.audio_language,
  subtitleLanguage: r.subtitle_language,
  movieCeiling: r.movie_ceiling,
  tvCeiling: r.tv_ceiling,
  allowUnrated: r.allow_unrated === 1,
  libraryIds: r.all_libraries === 1 ? null : r.library_ids ? r.library_ids.split(',').map(Number).sort((a, b) => a - b) : [],
  hasPin: r.pin_hash !== null,
  createdAt: r.created_at,
});

/** What a profile is made of, as it is written (its PIN is set on its own). */
export type ProfileFields = Omit<Profile, 'id' | 'hasPin' | 'createdAt'>;

interface DeviceRow {
  id: number;
  profile_id: number;
  kind: DeviceKind;
  device_name: string;
  address: string | null;
  created_at: number;
  last_seen_at: number;
}
const toDevice = (r: DeviceRow): DeviceSession => ({
  id: r.id,
  profileId: r.profile_id,
  kind: r.kind,
  deviceName: r.device_name,
  address: r.address,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

interface KeyRow {
  id: number;
  profile_id: number;
  name: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}
const toKey = (r: KeyRow): ApiKey => ({ id: r.id, profileId: r.profile_id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at });

export type ProfilesStore = ReturnType<typeof createProfilesStore>;

/** Profiles with their libraries and PIN hash, device sessions, API keys and wrong-PIN counts. */
export function createProfilesStore(db: Db) {
  const selectProfile = `SELECT p.*, (SELECT group_concat(library_id) FROM profile_libraries l WHERE l.profile_id = p.id) AS library_ids FROM profiles p`;
  const all = db.prepare<[], ProfileRow>(`${selectProfile} ORDER BY p.id`);
  const byId = db.prepare<[number], ProfileRow>(`${selectProfile} WHERE p.id = ?`);
  const byName = db.prepare<[string], ProfileRow>(`${selectProfile} WHERE p.name = ?`);
  const pinOf = db.prepare<[number], { pin_hash: string | null }>(`SELECT pin_hash FROM profiles WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO profiles (name, avatar, role, audio_language, subtitle_language, movie_ceiling, tv_ceiling, allow_unrated, all_libraries, created_at)
     VALUES (@name, @avatar, @role, @audioLanguage, @subtitleLanguage, @movieCeiling, @tvCeiling, @allowUnrated, @allLibraries, @at)`,
  );
  const update = db.prepare(
    `UPDATE profiles SET name = @name, avatar = @avatar, role = @role, audio_language = @audioLanguage, subtitle_language = @subtitleLanguage,
       movie_ceiling = @movieCeiling, tv_ceiling = @tvCeiling, allow_unrated = @allowUnrated, all_libraries = @allLibraries WHERE id = @id`,
  );
  const clearLibraries = db.prepare(`DELETE FROM profile_libraries WHERE profile_id = ?`);
  const addLibrary = db.prepare(`INSERT OR IGNORE INTO profile_libraries (profile_id, library_id) SELECT ?, id FROM libraries WHERE id = ?`);
  const remove = db.prepare(`DELETE FROM profiles WHERE id = ?`);
  const setPin = db.prepare(`UPDATE profiles SET pin_hash = ? WHERE id = ?`);
  const counts = db.prepare<[], { profiles: number; pins: number; admins: number }>(
    `SELECT COUNT(*) AS profiles, COUNT(pin_hash) AS pins, SUM(role = 'admin') AS admins FROM profiles`,
  );

  const insertDevice = db.prepare(
    `INSERT INTO device_sessions (token_hash, profile_id, kind, device_name, address, created_at, last_seen_at) VALUES (@tokenHash, @profileId, @kind, @deviceName, @address, @at, @at)`,
  );
  const deviceByHash = db.prepare<[string], DeviceRow>(`SELECT * FROM device_sessions WHERE token_hash = ?`);
  const seenDevice = db.prepare(`UPDATE device_sessions SET last_seen_at = @at, address = @address WHERE id = @id`);
  const devices = db.prepare<[], DeviceRow>(`SELECT * FROM device_sessions ORDER BY last_seen_at DESC, id DESC`);
  const removeDevice = db.prepare(`DELETE FROM device_sessions WHERE id = ?`);
  const removeDeviceByHash = db.prepare(`DELETE FROM device_sessions WHERE token_hash = ?`);

  const insertKey = db.prepare(`INSERT INTO api_keys (profile_id, name, key_hash, prefix, created_at) VALUES (@profileId, @name, @keyHash, @prefix, @at)`);
  const keyByHash = db.prepare<[string], KeyRow>(`SELECT id, profile_id, name, prefix, created_at, last_used_at FROM api_keys WHERE key_hash = ?`);
  const usedKey = db.prepare(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`);
  const keys = db.prepare<[], KeyRow>(`SELECT id, profile_id, name, prefix, created_at, last_used_at FROM api_keys ORDER BY id`);
  const removeKey = db.prepare(`DELETE FROM api_keys WHERE id = ?`);

  const attempts = db.prepare<[number], { failures: number; last_failure_at: number }>(`SELECT failures, last_failure_at FROM pin_attempts WHERE profile_id = ?`);
  const failed = db.prepare(
    `INSERT INTO pin_attempts (profile_id, failures, last_failure_at) VALUES (?, 1, ?)
     ON CONFLICT (profile_id) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at`,
  );
  const succeeded = db.prepare(`DELETE FROM pin_attempts WHERE profile_id = ?`);

  const writeLibraries = (id: number, libraryIds: number[] | null) => {
    clearLibraries.run(id);
    for (const libraryId of libraryIds ?? []) addLibrary.run(id, libraryId);
  };
  const row = (f: ProfileFields) => ({ ...f, allowUnrated: f.allowUnrated ? 1 : 0, allLibraries: f.libraryIds === null ? 1 : 0 });

  return {
    list: (): Profile[] => all.all().map(toProfile),
    get(id: number): Profile | null {
      const r = byId.get(id);
      return r ? toProfile(r) : null;
    },
    /** By name, ignoring case. */
    byName(name: string): Profile | null {
      const r = byName.get(name);
      return r ? toProfile(r) : null;
    },
    /** How many profiles, with a PIN, and admins. */
    counts(): { profiles: number; pins: number; admins: number } {
      const c = counts.get()!;
      return { profiles: c.profiles, pins: c.pins, admins: c.admins ?? 0 };
    },
    insert: db.transaction((fields: ProfileFields, at: number): number => {
      const id = Number(insert.run({ ...row(fields), at }).lastInsertRowid);
      writeLibraries(id, fields.libraryIds);
      return id;
    }) as (fields: ProfileFields, at: number) => number,
    update: db.transaction((id: number, fields: ProfileFields): void => {
      update.run({ ...row(fields), id });
      writeLibraries(id, fields.libraryIds);
    }) as (id: number, fields: ProfileFields) => void,
    /** Its device sessions, keys and libraries go with it; its playback sessions stay, without it. */
    remove: (id: number): boolean => remove.run(id).changes > 0,
    pinHash: (id: number): string | null => pinOf.get(id)?.pin_hash ?? null,
    setPinHash: (id: number, hash: string | null): void => void setPin.run(hash, id),

    insertDevice: (d: { tokenHash: string; profileId: number; kind: DeviceKind; deviceName: string; address: string | null; at: number }): void => void insertDevice.run(d),
    deviceByTokenHash(tokenHash: string): DeviceSession | null {
      const r = deviceByHash.get(tokenHash);
      return r ? toDevice(r) : null;
    },
    deviceSeen: (id: number, at: number, address: string | null): void => void seenDevice.run({ id, at, address }),
    devices: (): DeviceSession[] => devices.all().map(toDevice),
    removeDevice: (id: number): boolean => removeDevice.run(id).changes > 0,
    removeDeviceByTokenHash: (tokenHash: string): boolean => removeDeviceByHash.run(tokenHash).changes > 0,

    insertKey: (k: { profileId: number; name: string; keyHash: string; prefix: string; at: number }): void => void insertKey.run(k),
    keyByHash(keyHash: string): ApiKey | null {
      const r = keyByHash.get(keyHash);
      return r ? toKey(r) : null;
    },
    keyUsed: (id: number, at: number): void => void usedKey.run(at, id),
    keys: (): ApiKey[] => keys.all().map(toKey),
    removeKey: (id: number): boolean => removeKey.run(id).changes > 0,

    pinAttempts(profileId: number): { failures: number; lastFailureAt: number } | null {
      const r = attempts.get(profileId);
      return r ? { failures: r.failures, lastFailureAt: r.last_failure_at } : null;
    },
    pinFailed: (profileId: number, at: number): void => void failed.run(profileId, at),
    pinSucceeded: (profileId: number): void => void succeeded.run(profileId),
  };
}
