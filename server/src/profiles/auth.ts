// Who a request acts for, and what only an admin may do. The API answers 401 until a device picks a
// profile (once sign-in is needed), and 403 to profiles that are not admins on the admin routes.
import type { Request, RequestHandler } from 'express';
import { forbidden, unauthorized } from '../errors.js';
import type { ProfilesService } from './profiles.service.js';
import { viewerOf } from './request-viewer.js';

/** The browser's device session cookie (HttpOnly: scripts on the page never see it). */
export const SESSION_COOKIE = 'seed_session';

/**
 * [method, path] anyone may call (paths under /api; '*' any method): health, the picker and sign-in, the
 * API description, stream files (their signed token guards them), and a TV asking for a pairing code
 * and collecting it (its secret pairId guards the result).
 */
const PUBLIC: readonly (readonly [string, RegExp])[] = [
  ['*', /^\/(health|server|openapi\.json)$/],
  ['*', /^\/auth\/(profiles|signin|signout)$/],
  ['*', /^\/items\/\d+\/(file|remux\/[^/]+|hls\/master\.m3u8|hls\/[^/]+\/[^/]+)$/],
  ['POST', /^\/pair$/],
  ['GET', /^\/pair\/[^/]+$/],
];

/** [method, path] that only an admin may call (paths under /api). */
const ADMIN_ONLY: readonly (readonly [string, RegExp])[] = [
  ['POST', /^\/libraries$/],
  ['PATCH', /^\/libraries\/[^/]+$/],
  ['DELETE', /^\/libraries\/[^/]+$/],
  ['POST', /^\/libraries\/[^/]+\/scan$/],
  ['GET', /^\/libraries\/[^/]+\/skipped$/],
  ['*', /^\/jobs(\/.*)?$/],
  ['*', /^\/settings(\/.*)?$/],
  ['*', /^\/storage$/],
  ['GET', /^\/sessions(\/[^/]+)?$/],
  ['GET', /^\/qoe$/],
  ['*', /^\/profiles(\/.*)?$/],
  ['*', /^\/devices(\/.*)?$/],
  ['*', /^\/keys(\/.*)?$/],
  ['POST', /^\/pair\/[^/]+\/approve$/],
  ['GET', /^\/pair\/[^/]+\/device$/],
  ['DELETE', /^\/pair\/[^/]+$/],
  ['*', /^\/experiments(\/.*)?$/],
];

/**
 * A path as Express's routing sees it: any case, trailing slashes ignored (ids are matched as any
 * segment, since the routes decode "%31" and read "1.0" as 1). The tables above are written for it.
 */
const routePath = (path: string): string => path.toLowerCase().replace(/\/+$/, '') || '/';

/** Whether a table of [method, path] has `method path` (a GET entry answers HEAD too). */
const listed = (table: readonly (readonly [string, RegExp])[], method: string, path: string): boolean =>
  table.some(([m, pattern]) => (m === '*' || m === method || (m === 'GET' && method === 'HEAD')) && pattern.test(routePath(path)));

export const isPublic = (path: string, method = 'GET'): boolean => listed(PUBLIC, method, path);

/** Whether only an admin may call `method path` (a path under /api). */
export const needsAdmin = (method: string, path: string): boolean => listed(ADMIN_ONLY, method, path);

/** The value of one cookie of the request; undefined when it sent none of that name. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no cookie
      }
    }
  }
  return undefined;
}

export const bearerOf = (req: Request): string | undefined => /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '')?.[1];

/**
 * For every /api request (mount under /api): puts the viewer on `res.locals.viewer` (see viewerOf),
 * 401 when sign-in is needed and the request has no device session or key, 403 on admin routes.
 */
export function authenticate(profiles: ProfilesService): RequestHandler {
  return (req, res, next) => {
    if (isPublic(req.path, req.method)) return next();
    const found = profiles.authenticate({ sessionToken: cookieOf(req, SESSION_COOKIE), bearer: bearerOf(req), address: req.ip ?? null });
    if (!found) throw unauthorized('sign_in_required', "choose who's watching first (POST /api/auth/signin)");
    res.locals.viewer = found.viewer;
    res.locals.profile = found.profile;
    res.locals.device = found.device;
    if (needsAdmin(req.method, req.path) && viewerOf(res).role !== 'admin') throw forbidden(`only an admin can do this; ${found.profile.name} is ${found.profile.role === 'kid' ? 'a kid' : 'an adult'} profile`);
    next();
  };
}

/** /metrics (outside /api): an admin's key or session, or nobody needed while sign-in is not. */
export function adminOnly(profiles: ProfilesService): RequestHandler {
  return (req, _res, next) => {
    const found = profiles.authenticate({ sessionToken: cookieOf(req, SESSION_COOKIE), bearer: bearerOf(req), address: req.ip ?? null });
    if (!found) throw unauthorized('sign_in_required', 'send an admin API key: Authorization: Bearer …');
    if (found.viewer.role !== 'admin') throw forbidden('only an admin can read the metrics');
    next();
  };
}
