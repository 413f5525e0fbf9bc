// Short-lived signed stream tokens: a link to a title's stream works for one title (and one client
// when it named itself) for a few hours, so a copied URL cannot be replayed after the session.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

/** Long enough to watch a long film; a player renews it by asking /playback again. */
export const STREAM_TOKEN_TTL_MS = 6 * 60 * 60 * 1000;

export interface StreamTokenClaims {
  itemId: number;
  /** when the token stops working, in ms since the epoch (stored to the second) */
  expiresAtMs: number;
  /** the client that asked for it; null when it did not name itself */
  clientId: string | null;
}

/** Why a token is refused: 401 asks for a new one, 403 says this one is for something else. */
export type TokenRefusal =
  | { status: 401; code: 'token_missing' | 'token_invalid' | 'token_expired'; message: string }
  | { status: 403; code: 'token_other_title' | 'token_other_client'; message: string };

export const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ITEM_ID = /^[1-9][0-9]{0,15}$/;
const SECONDS = /^[0-9]{1,12}$/;

const signature = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** base64url of `itemId.expirySeconds[.clientId].signature`, the HMAC-SHA256 of what precedes it. */
export function signStreamToken(secret: Buffer, claims: StreamTokenClaims): string {
  if (claims.clientId !== null && !CLIENT_ID.test(claims.clientId)) throw new Error(`client id ${claims.clientId} has characters a token cannot carry`);
  const payload = [String(claims.itemId), String(Math.floor(claims.expiresAtMs / 1000)), ...(claims.clientId === null ? [] : [claims.clientId])].join('.');
  return Buffer.from(`${payload}.${signature(secret, payload)}`).toString('base64url');
}

/** The claims of a token this secret signed, or null when it is malformed or tampered with. */
function readToken(secret: Buffer, token: string): StreamTokenClaims | null {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) return null;
  const parts = Buffer.from(token, 'base64url').toString('utf8').split('.');
  if (parts.length !== 3 && parts.length !== 4) return null;
  const [itemId, expiry] = parts as [string, string];
  const clientId = parts.length === 4 ? parts[2]! : null;
  if (!ITEM_ID.test(itemId) || !SECONDS.test(expiry) || (clientId !== null && !CLIENT_ID.test(clientId))) return null;
  const given = Buffer.from(parts.at(-1)!);
  const expected = Buffer.from(signature(secret, parts.slice(0, -1).join('.')));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { itemId: Number(itemId), expiresAtMs: Number(expiry) * 1000, clientId };
}

/**
 * Checks a token for a request of title `itemId`, from a client that named itself or not (a bare
 * `<video src>` cannot send a header, so an anonymous request is let through on the title alone).
 */
export function checkStreamToken(
  secret: Buffer,
  token: string | undefined,
  expected: { itemId: number; clientId: string | null; nowMs: number },
): { ok: true; claims: StreamTokenClaims } | ({ ok: false } & TokenRefusal) {
  if (token === undefined || token === '') return { ok: false, status: 401, code: 'token_missing', message: `a stream token is required: ask /api/items/${expected.itemId}/playback for the URL` };
  const claims = readToken(secret, token);
  if (!claims) return { ok: false, status: 401, code: 'token_invalid', message: 'token invalid' };
  if (claims.itemId !== expected.itemId) return { ok: false, status: 403, code: 'token_other_title', message: 'token for another title' };
  if (expected.clientId !== null && claims.clientId !== null && claims.clientId !== expected.clientId) return { ok: false, status: 403, code: 'token_other_client', message: 'token for another client' };
  if (expected.nowMs >= claims.expiresAtMs) return { ok: false, status: 401, code: 'token_expired', message: 'token expired' };
  return { ok: true, claims };
}

export interface StreamTokens {
  /** A token for a title's stream URLs, valid from now for the TTL. */
  sign(itemId: number, clientId?: string | null): string;
  /** The token and its claims when it lets this request through; else throws 401/403 naming why. */
  verify(token: string | undefined, expected: { itemId: number; clientId: string | null }): { token: string; claims: StreamTokenClaims };
}

/** `secret` is read at first use (the settings table is only asked when a stream is). */
export function createStreamTokens(deps: { secret: () => Buffer; now: () => number; ttlMs?: number }): StreamTokens {
  let secret: Buffer | null = null;
  const key = () => (secret ??= deps.secret());
  const ttlMs = deps.ttlMs ?? STREAM_TOKEN_TTL_MS;
  return {
    sign: (itemId, clientId = null) => signStreamToken(key(), { itemId, expiresAtMs: deps.now() + ttlMs, clientId }),
    verify(token, expected) {
      const result = checkStreamToken(key(), token, { ...expected, nowMs: deps.now() });
      if (!result.ok) throw new AppError(result.status, result.code, result.message);
      return { token: token!, claims: result.claims };
    },
  };
}

/** A secret for a process that keeps none (tests, tools): its tokens end with it. */
export const randomStreamSecret = (): Buffer => randomBytes(32);
