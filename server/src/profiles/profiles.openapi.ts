// The profile and sign-in routes in the OpenAPI document (server/src/http/openapi.ts merges these).
import { z } from 'zod';
import { AVATARS } from './profiles.types.js';
import { createProfileSchema, keySchema, pinSchema, signInSchema, updateProfileSchema } from './profiles.routes.js';
import { MOVIE_RATINGS, TV_RATINGS } from './ratings.js';

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) } } });
const error = (description: string) => json(ref('Error'), description);
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const nullable = (type: string) => ({ type: [type, 'null'] });
const auth = { 401: error('Sign-in needed (sign_in_required), or a revoked device, removed profile or unknown key (signed_out, key_invalid)') };
const admin = { ...auth, 403: error('Only an admin may do this') };

export const profileSchemas = {
  Profile: {
    type: 'object',
    required: ['id', 'name', 'avatar', 'role', 'audioLanguage', 'subtitleLanguage', 'movieCeiling', 'tvCeiling', 'allowUnrated', 'libraryIds', 'hasPin', 'createdAt'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      avatar: { enum: AVATARS },
      role: { enum: ['admin', 'adult', 'kid'] },
      audioLanguage: nullable('string'),
      subtitleLanguage: nullable('string'),
      movieCeiling: { enum: [...MOVIE_RATINGS, null], description: 'kids: the highest MPAA rating shown' },
      tvCeiling: { enum: [...TV_RATINGS, null], description: 'kids: the highest TV rating shown' },
      allowUnrated: { type: 'boolean' },
      libraryIds: { type: ['array', 'null'], items: { type: 'integer' }, description: 'null: every library' },
      hasPin: { type: 'boolean' },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  Device: {
    type: 'object',
    required: ['id', 'profileId', 'kind', 'deviceName', 'address', 'createdAt', 'lastSeenAt'],
    properties: {
      id: { type: 'integer' },
      profileId: { type: 'integer' },
      kind: { enum: ['browser', 'app'] },
      deviceName: { type: 'string' },
      address: nullable('string'),
      createdAt: { type: 'string', format: 'date-time' },
      lastSeenAt: { type: 'string', format: 'date-time' },
    },
  },
  ApiKey: {
    type: 'object',
    required: ['id', 'profileId', 'name', 'prefix', 'createdAt', 'lastUsedAt'],
    properties: { id: { type: 'integer' }, profileId: { type: 'integer' }, name: { type: 'string' }, prefix: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, lastUsedAt: { type: ['string', 'null'], format: 'date-time' } },
  },
};

export const profilePaths = {
  '/api/auth/profiles': {
    get: {
      summary: "The \"Who's watching?\" picker: every profile's name, avatar and whether it has a PIN; whether sign-in is needed (no sign-in needed to ask)",
      responses: { 200: json({ type: 'object', required: ['signInNeeded', 'profiles'], properties: { signInNeeded: { type: 'boolean' }, profiles: { type: 'array', items: { type: 'object' } } } }) },
    },
  },
  '/api/auth/signin': {
    post: {
      summary: 'Signs this device in to a profile: a browser gets an HttpOnly cookie, an app (kind: app) the bearer token to send as Authorization: Bearer',
      requestBody: body(signInSchema),
      responses: {
        201: json({ type: 'object', required: ['profile', 'device'], properties: { profile: ref('Profile'), device: ref('Device'), token: { type: 'string' } } }, 'Signed in'),
        400: error('Bad input; the message names the field'),
        401: error('The profile has a PIN (pin_required) or it was wrong (pin_wrong)'),
        404: error('No such profile'),
        429: error('Too many wrong PINs in a row (pin_locked): wait retryAfterSeconds (also the Retry-After header)'),
      },
    },
  },
  '/api/auth/signout': { post: { summary: "Signs this device out (its cookie or bearer token is forgotten)", responses: { 204: { description: 'Signed out' } } } },
  '/api/auth/me': {
    get: {
      summary: 'The profile this request acts for, and its device session',
      responses: { 200: json({ type: 'object', required: ['profile', 'signInNeeded', 'device'], properties: { profile: ref('Profile'), signInNeeded: { type: 'boolean' }, device: { oneOf: [ref('Device'), { type: 'null' }] } } }), ...auth },
    },
  },
  '/api/profiles': {
    get: { summary: 'Every profile (admin)', responses: { 200: json({ type: 'object', required: ['profiles'], properties: { profiles: { type: 'array', items: ref('Profile') } } }), ...admin } },
    post: { summary: 'Adds a profile (admin); kids get ceilings (G and TV-Y7 unless given)', requestBody: body(createProfileSchema), responses: { 201: json(ref('Profile'), 'Added'), 400: error('Bad input'), 409: error('The name is taken'), ...admin } },
  },
  '/api/profiles/{id}': {
    get: { summary: 'One profile (admin)', parameters: [idParam], responses: { 200: json(ref('Profile')), 404: error('Not found'), ...admin } },
    patch: { summary: 'Changes a profile (admin)', parameters: [idParam], requestBody: body(updateProfileSchema), responses: { 200: json(ref('Profile')), 400: error('Bad input'), 404: error('Not found'), 409: error('The name is taken, or the last admin would go'), ...admin } },
    delete: { summary: 'Removes a profile (admin): its devices and keys are signed out', parameters: [idParam], responses: { 204: { description: 'Removed' }, 404: error('Not found'), 409: error('The last admin cannot go'), ...admin } },
  },
  '/api/profiles/{id}/pin': {
    put: { summary: "Sets a profile's 4-digit PIN (admin)", parameters: [idParam], requestBody: body(pinSchema), responses: { 200: json(ref('Profile')), 400: error('Not 4 digits'), 404: error('Not found'), ...admin } },
    delete: { summary: "Takes a profile's PIN off (admin)", parameters: [idParam], responses: { 200: json(ref('Profile')), 404: error('Not found'), ...admin } },
  },
  '/api/devices': { get: { summary: 'Signed-in devices (admin)', responses: { 200: json({ type: 'object', required: ['devices'], properties: { devices: { type: 'array', items: ref('Device') } } }), ...admin } } },
  '/api/devices/{id}': { delete: { summary: 'Signs a device out (admin)', parameters: [idParam], responses: { 204: { description: 'Revoked' }, 404: error('Not found'), ...admin } } },
  '/api/keys': {
    get: { summary: 'API keys, by prefix (admin)', responses: { 200: json({ type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: ref('ApiKey') } } }), ...admin } },
    post: { summary: 'A new API key for a profile (admin); the key is in this answer only', requestBody: body(keySchema), responses: { 201: json({ allOf: [ref('ApiKey'), { type: 'object', required: ['key'], properties: { key: { type: 'string' } } }] }, 'Made'), 400: error('Bad input'), 404: error('No such profile'), ...admin } },
  },
  '/api/keys/{id}': { delete: { summary: 'Revokes an API key (admin)', parameters: [idParam], responses: { 204: { description: 'Revoked' }, 404: error('Not found'), ...admin } } },
};
