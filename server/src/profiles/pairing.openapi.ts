// The TV pairing routes in the OpenAPI document (server/src/http/openapi.ts merges these).
import { z } from 'zod';
import { PAIR_ALPHABET, PAIR_CODE_LENGTH } from './pairing.js';
import { pairApproveSchema, pairRequestSchema } from './pairing.routes.js';

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: z.ZodType, required = true) => ({ required, content: { 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) } } });
const error = (description: string) => json(ref('Error'), description);
const codeParam = {
  name: 'code',
  in: 'path',
  required: true,
  description: `${PAIR_CODE_LENGTH} characters from ${PAIR_ALPHABET} (any case; spaces and dashes ignored)`,
  schema: { type: 'string' },
};
const admin = { 401: error('Sign-in needed'), 403: error('Only an admin may do this') };
const unknown = {
  400: error('Not a pairing code (code: …)'),
  404: error('No such code, or it expired (pair_code_unknown)'),
};

export const pairingPaths = {
  '/api/pair': {
    post: {
      summary: 'A TV asks for a pairing code to show (no sign-in needed). It polls GET /api/pair/{code} with the pairId until an admin approves the code from a phone; valid 10 minutes',
      requestBody: body(pairRequestSchema),
      responses: {
        201: json({ type: 'object', required: ['code', 'pairId', 'expiresAt'], properties: { code: { type: 'string' }, pairId: { type: 'string', description: 'the secret needed to collect the result' }, expiresAt: { type: 'string', format: 'date-time' } } }, 'A new code'),
        400: error('Bad input; the message names the field'),
        415: error('The body is not JSON (unsupported_media_type): send {} at least, as application/json'),
        429: error('Too many codes from this address or its IPv6 /64 (pair_rate_limited), or open at once and all approved (pair_codes_full): wait retryAfterSeconds'),
      },
    },
  },
  '/api/pair/{code}': {
    get: {
      summary:
        "The TV's poll: waiting, approved (a browser gets its session cookie, an app the token; answered again to each poll until the code expires) or refused (once, then the code is gone). A HEAD answers 200 or 404 and collects nothing",
      parameters: [codeParam, { name: 'pairId', in: 'query', required: true, description: 'as answered by POST /api/pair', schema: { type: 'string' } }],
      responses: {
        200: json({
          oneOf: [
            { type: 'object', required: ['status', 'expiresAt'], properties: { status: { const: 'waiting' }, expiresAt: { type: 'string', format: 'date-time' } } },
            { type: 'object', required: ['status', 'profile', 'device'], properties: { status: { const: 'approved' }, profile: ref('Profile'), device: ref('Device'), token: { type: 'string', description: 'apps only: send as Authorization: Bearer' } } },
            { type: 'object', required: ['status'], properties: { status: { const: 'refused' } } },
          ],
        }),
        ...unknown,
        404: error('No such code, it expired, or another pairId: only the screen that asked for the code can collect it (pair_code_unknown)'),
      },
    },
    delete: { summary: 'Refuses a code (admin): the TV hears so at its next poll', parameters: [codeParam], responses: { 204: { description: 'Refused' }, ...unknown, 409: error('Already approved'), ...admin } },
  },
  '/api/pair/{code}/device': {
    get: {
      summary: 'Who asked for a code (admin): shown before approving it',
      parameters: [codeParam],
      responses: {
        200: json({
          type: 'object',
          required: ['kind', 'deviceName', 'agent', 'address', 'askedAt', 'ageSeconds'],
          properties: {
            kind: { enum: ['browser', 'app'] },
            deviceName: { type: 'string', description: 'the name the device gave, or its user agent in words' },
            agent: { type: 'string', description: 'its user agent in words: "Chrome on a TV"' },
            address: { type: ['string', 'null'], description: 'the address it asked from' },
            askedAt: { type: 'string', format: 'date-time' },
            ageSeconds: { type: 'integer', description: "seconds since it asked, on the server's clock" },
          },
        }),
        ...unknown,
        ...admin,
      },
    },
  },
  '/api/pair/{code}/approve': {
    post: {
      summary: 'Approves a code for a profile (admin, no PIN needed): the TV gets a device session for it at its next poll',
      parameters: [codeParam],
      requestBody: body(pairApproveSchema),
      responses: {
        200: json({ type: 'object', required: ['profile', 'device'], properties: { profile: ref('Profile'), device: ref('Device') } }, 'Approved'),
        ...unknown,
        409: error('Already approved or refused'),
        ...admin,
        404: error('No such code, or it expired (pair_code_unknown); or no such profile'),
      },
    },
  },
};
