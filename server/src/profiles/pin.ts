// PINs: four digits, kept only as an scrypt hash (memory-hard: 16 MiB per try), with a back-off
// after wrong guesses so ten thousand combinations take days, not seconds.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const PIN = /^[0-9]{4}$/;

/** N = 2^14, r = 8: 16 MiB and some 50 ms per hash on a small machine; p = 1 */
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

const derive = (pin: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_BYTES, { ...params, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** "scrypt$N$r$p$salt$hash", salt and hash in base64url. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `pin` is the one hashed; false for a malformed hash. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Wrong PINs let through before the back-off starts. */
export const FREE_TRIES = 3;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;

/**
 * How long until the next try is taken, after `failures` wrong PINs in a row, the last at
 * `lastFailureAt`: none for the first three, then 30 s doubling with each one, at most an hour.
 */
export function pinWaitMs(failures: number, lastFailureAt: number, now: number): number {
  if (failures < FREE_TRIES) return 0;
  const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_TRIES));
  return Math.max(0, lastFailureAt + wait - now);
}
