import { Router } from 'express';
import { z } from 'zod';
import { unmapped } from '../discovery/address-kind.js';
import { AppError } from '../errors.js';
import type { PairApprovedDto, PairApproveRequest, PairAskerDto, PairCodeDto, PairRequestDto, PairStateDto } from '../http/api-types.js';
import { parseInput } from '../http/validate.js';
import { SESSION_COOKIE } from './auth.js';
import type { PairingService } from './pairing.js';
import { browserName, COOKIE_MAX_AGE_MS, toDeviceDto, toProfileDto } from './profiles.routes.js';

export const pairRequestSchema = z.strictObject({
  kind: z.enum(['browser', 'app'], { error: 'must be browser or app' }).optional(),
  deviceName: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'is too long').optional(),
}) satisfies z.ZodType<PairRequestDto>;
export const pairApproveSchema = z.strictObject({
  profileId: z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a profile id') }).int('must be a profile id').positive('must be a profile id'),
}) satisfies z.ZodType<PairApproveRequest>;
const pollQuery = z.object({
  pairId: z.string({ error: (issue) => (issue.input === undefined ? 'is required (the pairId answered with the code)' : 'must be a string') }).min(1, 'must not be empty').max(200, 'is too long'),
});

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * TV pairing: POST /pair and GET /pair/{code} are public (the pairId guards the result), approving
 * and refusing are an admin's (auth.ts's tables say so).
 */
export function pairingRoutes(pairing: PairingService): Router {
  const router = Router();

  router.post('/pair', (req, res) => {
    // JSON only (an empty {} will do): a page on another site can post a form or text/plain without
    // asking first, but a JSON post from it needs a CORS preflight, which Seed never grants
    if (!req.is('application/json')) throw new AppError(415, 'unsupported_media_type', 'body: send JSON (Content-Type: application/json), {} at least');
    const input = parseInput(pairRequestSchema, req.body ?? {}, 'body');
    const kind = input.kind ?? 'browser';
    const agent = browserName(req);
    const { code, pairId, expiresAt } = pairing.create({ kind, deviceName: input.deviceName ?? (kind === 'browser' ? agent : 'App'), agent, address: req.ip ?? null });
    const body: PairCodeDto = { code, pairId, expiresAt: iso(expiresAt) };
    res.status(201).set('Cache-Control', 'no-store').json(body);
  });

  // a HEAD is answered without collecting: its answer has no body, so a session given to it would be lost
  router.head('/pair/:code', (req, res) => {
    const { pairId } = parseInput(pollQuery, req.query, 'query');
    pairing.peek(req.params.code, pairId);
    res.set('Cache-Control', 'no-store').status(200).end();
  });

  router.get('/pair/:code', (req, res) => {
    const { pairId } = parseInput(pollQuery, req.query, 'query');
    const state = pairing.collect(req.params.code, pairId);
    res.set('Cache-Control', 'no-store');
    let body: PairStateDto;
    switch (state.status) {
      case 'waiting':
        body = { status: 'waiting', expiresAt: iso(state.expiresAt) };
        break;
      case 'refused':
        body = { status: 'refused' };
        break;
      case 'approved':
        // a browser keeps its session in a cookie scripts cannot read, as at sign-in; an app gets the token
        if (state.device.kind === 'browser') res.cookie(SESSION_COOKIE, state.token, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: COOKIE_MAX_AGE_MS });
        body = { status: 'approved', profile: toProfileDto(state.profile), device: toDeviceDto(state.device), ...(state.device.kind === 'app' ? { token: state.token } : {}) };
        break;
    }
    res.json(body);
  });

  router.get('/pair/:code/device', (req, res) => {
    const asker = pairing.asker(req.params.code);
    const body: PairAskerDto = {
      kind: asker.kind,
      deviceName: asker.deviceName,
      agent: asker.agent,
      address: asker.address === null ? null : unmapped(asker.address),
      askedAt: iso(asker.askedAt),
      ageSeconds: Math.floor(asker.ageMs / 1000),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });

  router.post('/pair/:code/approve', (req, res) => {
    const { profileId } = parseInput(pairApproveSchema, req.body, 'body');
    const { device, profile } = pairing.approve(req.params.code, profileId);
    const body: PairApprovedDto = { profile: toProfileDto(profile), device: toDeviceDto(device) };
    res.json(body);
  });

  router.delete('/pair/:code', (req, res) => {
    pairing.refuse(req.params.code);
    res.sendStatus(204);
  });
  return router;
}
