import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ApiKeyDto, DeviceDto, MeDto, ProfileDto, ProfilePickerDto, ProfileRequest, SignInRequest, SignInResponse } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import { parseInput } from '../http/validate.js';
import { bearerOf, cookieOf, SESSION_COOKIE } from './auth.js';
import { PIN } from './pin.js';
import type { ProfileFields } from './profiles.store.js';
import type { ProfilesService } from './profiles.service.js';
import { AVATARS, type ApiKey, type DeviceSession, type Profile } from './profiles.types.js';
import { MOVIE_RATINGS, TV_RATINGS } from './ratings.js';
import { viewerOf } from './request-viewer.js';
import { PROFILE_ROLES } from './viewer.js';

/** A browser stays signed in this long without using Seed (the server forgets the device after it too). */
export const COOKIE_MAX_AGE_MS = 180 * 24 * 60 * 60_000;

const name = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim().min(1, 'must not be empty').max(40, 'is at most 40 characters');
const language = z.string({ error: 'must be a language code like en' }).trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'must be a language code like en').nullable();
const pin = z.string({ error: 'must be 4 digits' }).regex(PIN, 'must be 4 digits');
const profileFields = {
  avatar: z.enum(AVATARS, { error: `must be one of ${AVATARS.join(', ')}` }),
  role: z.enum(PROFILE_ROLES, { error: 'must be admin, adult or kid' }),
  audioLanguage: language,
  subtitleLanguage: language,
  movieCeiling: z.enum(MOVIE_RATINGS, { error: `must be one of ${MOVIE_RATINGS.join(', ')}` }).nullable(),
  tvCeiling: z.enum(TV_RATINGS, { error: `must be one of ${TV_RATINGS.join(', ')}` }).nullable(),
  allowUnrated: z.boolean({ error: 'must be true or false' }),
  libraryIds: z.array(z.number({ error: 'must be library ids' }).int('must be library ids').positive('must be library ids'), { error: 'must be a list of library ids, or null for all' }).max(100, 'has too many libraries').nullable(),
};
export const createProfileSchema = z.strictObject({
  name,
  ...Object.fromEntries(Object.entries(profileFields).map(([k, v]) => [k, v.optional()])),
  pin: pin.nullable().optional(),
}) as unknown as z.ZodType<ProfileRequest>;
export const updateProfileSchema = z
  .strictObject({ name: name.optional(), ...Object.fromEntries(Object.entries(profileFields).map(([k, v]) => [k, v.optional()])) })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change' }) as unknown as z.ZodType<Partial<ProfileRequest>>;
export const pinSchema = z.strictObject({ pin });
export const signInSchema = z.strictObject({
  profileId: z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a profile id') }).int('must be a profile id').positive('must be a profile id'),
  pin: z.string({ error: 'must be 4 digits' }).max(16, 'must be 4 digits').optional(),
  kind: z.enum(['browser', 'app'], { error: 'must be browser or app' }).optional(),
  deviceName: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'is too long').optional(),
}) satisfies z.ZodType<SignInRequest>;
export const keySchema = z.strictObject({
  profileId: z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a profile id') }).int('must be a profile id').positive('must be a profile id'),
  name: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim().min(1, 'must not be empty').max(100, 'is too long'),
});

const iso = (ms: number) => new Date(ms).toISOString();

export const toProfileDto = (p: Profile): ProfileDto => ({
  id: p.id,
  name: p.name,
  avatar: p.avatar,
  role: p.role,
  audioLanguage: p.audioLanguage,
  subtitleLanguage: p.subtitleLanguage,
  movieCeiling: p.movieCeiling,
  tvCeiling: p.tvCeiling,
  allowUnrated: p.allowUnrated,
  libraryIds: p.libraryIds,
  hasPin: p.hasPin,
  createdAt: iso(p.createdAt),
});
export const toDeviceDto = (d: DeviceSession): DeviceDto => ({ id: d.id, profileId: d.profileId, kind: d.kind, deviceName: d.deviceName, address: d.address, createdAt: iso(d.createdAt), lastSeenAt: iso(d.lastSeenAt) });
const toKeyDto = (k: ApiKey): ApiKeyDto => ({ id: k.id, profileId: k.profileId, name: k.name, prefix: k.prefix, createdAt: iso(k.createdAt), lastUsedAt: k.lastUsedAt === null ? null : iso(k.lastUsedAt) });

/** "Chrome on Linux"-ish words for a browser that did not name itself. */
export function browserName(req: Request): string {
  const ua = req.get('User-Agent') ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\/|Chromium\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const system = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Tizen|Web0S|webOS/.test(ua) ? 'a TV' : /Linux/.test(ua) ? 'Linux' : null;
  return system ? `${browser} on ${system}` : browser;
}

const clearCookie = (res: Response) => res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });

/** Sign-in (the picker, sign in and out, who am I) and, for admins, profiles, devices and API keys. */
export function profilesRoutes(profiles: ProfilesService): Router {
  const router = Router();

  router.get('/auth/profiles', (_req, res) => {
    const body: ProfilePickerDto = {
      signInNeeded: profiles.signInNeeded(),
      profiles: profiles.list().map((p) => ({ id: p.id, name: p.name, avatar: p.avatar, role: p.role, hasPin: p.hasPin })),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.post('/auth/signin', async (req, res) => {
    const input = parseInput(signInSchema, req.body, 'body');
    const kind = input.kind ?? 'browser';
    const { token, device, profile } = await profiles.signIn({ profileId: input.profileId, pin: input.pin, kind, deviceName: input.deviceName ?? (kind === 'browser' ? browserName(req) : 'App'), address: req.ip ?? null });
    // a browser keeps its session in a cookie scripts cannot read; an app gets the token to send itself
    if (kind === 'browser') res.cookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: COOKIE_MAX_AGE_MS });
    const body: SignInResponse = { profile: toProfileDto(profile), device: toDeviceDto(device), ...(kind === 'app' ? { token } : {}) };
    res.status(201).json(body);
  });

  router.post('/auth/signout', (req, res) => {
    const token = bearerOf(req) ?? cookieOf(req, SESSION_COOKIE);
    if (token) profiles.signOut(token);
    clearCookie(res);
    res.sendStatus(204);
  });

  router.get('/auth/me', (_req, res) => {
    const profile = profiles.get(viewerOf(res).profileId);
    const device = res.locals.device as DeviceSession | null | undefined;
    const body: MeDto = { profile: toProfileDto(profile), signInNeeded: profiles.signInNeeded(), device: device ? toDeviceDto(device) : null };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.get('/profiles', (_req, res) => {
    res.json({ profiles: profiles.list().map(toProfileDto) });
  });
  router.post('/profiles', async (req, res) => {
    const input = parseInput(createProfileSchema, req.body, 'body');
    const { pin: newPin, ...rest } = input;
    const fields: ProfileFields = {
      name: rest.name,
      avatar: rest.avatar ?? 'star',
      role: rest.role ?? 'adult',
      audioLanguage: rest.audioLanguage ?? null,
      subtitleLanguage: rest.subtitleLanguage ?? null,
      movieCeiling: rest.movieCeiling ?? null,
      tvCeiling: rest.tvCeiling ?? null,
      allowUnrated: rest.allowUnrated ?? false,
      libraryIds: rest.libraryIds ?? null,
    };
    res.status(201).json(toProfileDto(await profiles.create(fields, newPin ?? null)));
  });
  router.get('/profiles/:id', (req, res) => {
    res.json(toProfileDto(profiles.get(idParam(req.params.id))));
  });
  router.patch('/profiles/:id', (req, res) => {
    const id = idParam(req.params.id);
    const patch = parseInput(updateProfileSchema, req.body, 'body');
    res.json(toProfileDto(profiles.update(id, patch as Partial<ProfileFields>)));
  });
  router.delete('/profiles/:id', (req, res) => {
    profiles.remove(idParam(req.params.id));
    res.sendStatus(204);
  });
  router.put('/profiles/:id/pin', async (req, res) => {
    const id = idParam(req.params.id);
    const { pin: newPin } = parseInput(pinSchema, req.body, 'body');
    res.json(toProfileDto(await profiles.setPin(id, newPin)));
  });
  router.delete('/profiles/:id/pin', async (req, res) => {
    res.json(toProfileDto(await profiles.setPin(idParam(req.params.id), null)));
  });

  router.get('/devices', (_req, res) => {
    res.json({ devices: profiles.devices().map(toDeviceDto) });
  });
  router.delete('/devices/:id', (req, res) => {
    profiles.revokeDevice(idParam(req.params.id));
    res.sendStatus(204);
  });

  router.get('/keys', (_req, res) => {
    res.json({ keys: profiles.keys().map(toKeyDto) });
  });
  router.post('/keys', (req, res) => {
    const input = parseInput(keySchema, req.body, 'body');
    const { key, apiKey } = profiles.createKey(input.profileId, input.name);
    res.status(201).json({ ...toKeyDto(apiKey), key });
  });
  router.delete('/keys/:id', (req, res) => {
    profiles.revokeKey(idParam(req.params.id));
    res.sendStatus(204);
  });
  return router;
}
