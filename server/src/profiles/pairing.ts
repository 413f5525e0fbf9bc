// Pairing a TV with a phone: the TV asks for a short code and shows it, an admin signed in on a
// phone approves it for a profile, and the TV collects a device session for that profile. Codes live
// in memory only (a restart forgets them, and a TV asks again); the clock is injected for tests.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ipv6Groups, unmapped } from '../discovery/address-kind.js';
import { AppError, badRequest, conflict } from '../errors.js';
import type { ProfilesService } from './profiles.service.js';
import type { DeviceKind, DeviceSession, Profile } from './profiles.types.js';

/** No 0/O, 1/I/L or U/V look-alikes: a code read off a TV across the room is typed right. */
export const PAIR_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIR_CODE_LENGTH = 6;
/** Long enough to find the phone and sign in on it; short enough that a code seen over a shoulder soon means nothing. */
export const PAIR_CODE_TTL_MS = 10 * 60_000;
/**
 * Codes kept at once, household-wide: far more than a household's screens, so that a device with
 * many addresses cannot crowd the others out (an entry is a few hundred bytes). When full, the
 * oldest code not yet approved makes room.
 */
export const MAX_OPEN_CODES = 1000;
/** Codes one address (an IPv6 /64) may ask for per window: a TV reopening its pairing screen now and then, not a loop. */
export const CODES_PER_ADDRESS = 10;
export const RATE_WINDOW_MS = 10 * 60_000;

const CODE = new RegExp(`^[${PAIR_ALPHABET}]{${PAIR_CODE_LENGTH}}$`);

/** What a typed code becomes: upper case, without the spaces or dashes a person adds. */
export const normaliseCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]+/g, '');
export const isPairCode = (code: string): boolean => CODE.test(code);

export interface PairRequest {
  kind: DeviceKind;
  deviceName: string;
  /** the asker's user agent in words ("Chrome on a TV"), shown to the admin who approves */
  agent: string;
  address: string | null;
}

/** What the admin sees of the device asking, before approving it. */
export interface PairAsker {
  kind: DeviceKind;
  deviceName: string;
  agent: string;
  address: string | null;
  askedAt: number;
  /** how long ago it asked, on the server's clock */
  ageMs: number;
}

/** What the TV sees when it polls its code. */
export type PairState =
  | { status: 'waiting'; expiresAt: number }
  | { status: 'approved'; token: string; device: DeviceSession; profile: Profile }
  | { status: 'refused' };

interface OpenCode extends PairRequest {
  code: string;
  pairIdHash: Buffer;
  askedAt: number;
  expiresAt: number;
  result: { status: 'approved'; token: string; device: DeviceSession; profile: Profile } | { status: 'refused' } | null;
  /** the TV was sent its approved session at least once; until then it is signed out at expiry */
  collected: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whose share of codes a request spends: an IPv4 address (however the socket wrote it), or the /64
 * of an IPv6 one, since a single device may hold any number of addresses in its /64.
 */
export function rateKey(address: string | null): string {
  if (address === null) return 'unknown';
  // ::ffff:10.0.0.1 and ::ffff:a00:1 are the IPv4 client 10.0.0.1
  const plain = unmapped(address);
  if (isIP(plain) !== 6) return plain;
  const groups = ipv6Groups(plain);
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

const gone = (code: string) => new AppError(404, 'pair_code_unknown', `pairing code ${code} is not known or has expired: show a new code on the TV`);

export type PairingService = ReturnType<typeof createPairingService>;

export function createPairingService(deps: {
  profiles: Pick<ProfilesService, 'openSession' | 'revokeDevice'>;
  now: () => number;
  /** a code (tests pick their own); random from PAIR_ALPHABET otherwise */
  newCode?: () => string;
}) {
  const open = new Map<string, OpenCode>();
  /** when each address asked for codes, within the rate window */
  const asked = new Map<string, number[]>();
  const randomCode = () => Array.from({ length: PAIR_CODE_LENGTH }, () => PAIR_ALPHABET[randomInt(PAIR_ALPHABET.length)]).join('');
  const newCode = deps.newCode ?? randomCode;

  /** Forgets expired codes; a session approved but never collected is signed out again. */
  function sweep(now: number): void {
    for (const [code, entry] of open) {
      if (entry.expiresAt > now) continue;
      open.delete(code);
      if (entry.result?.status === 'approved' && !entry.collected) {
        try {
          deps.profiles.revokeDevice(entry.result.device.id);
        } catch {
          // its profile (and so the device) was removed meanwhile
        }
      }
    }
    for (const [address, times] of asked) {
      const recent = times.filter((t) => now - t < RATE_WINDOW_MS);
      if (recent.length === 0) asked.delete(address);
      else asked.set(address, recent);
    }
  }

  /** The entry of a code and its pairId; another pairId is as unknown as a code never given. */
  function mustHold(typed: string, pairId: string): OpenCode {
    const entry = mustGet(typed);
    if (!timingSafeEqual(sha256(pairId), entry.pairIdHash)) throw gone(entry.code);
    return entry;
  }

  function mustGet(typed: string): OpenCode {
    const code = normaliseCode(typed);
    if (!isPairCode(code)) throw badRequest(`code: must be ${PAIR_CODE_LENGTH} letters and digits (no 0, 1, I, L, O or U)`);
    sweep(deps.now());
    const entry = open.get(code);
    if (!entry) throw gone(code);
    return entry;
  }

  return {
    /** A new code for a TV, and the secret only it holds to collect the result. */
    create(input: PairRequest): { code: string; pairId: string; expiresAt: number } {
      const now = deps.now();
      sweep(now);
      const key = rateKey(input.address);
      const times = asked.get(key) ?? [];
      if (times.length >= CODES_PER_ADDRESS) {
        const seconds = Math.ceil((times[0]! + RATE_WINDOW_MS - now) / 1000);
        throw new AppError(429, 'pair_rate_limited', `too many pairing codes asked for from this address: try again in ${seconds} s`, seconds);
      }
      if (open.size >= MAX_OPEN_CODES) {
        // the Map keeps insertion order: the first one not approved is the oldest such
        const oldest = [...open.values()].find((e) => e.result?.status !== 'approved');
        if (!oldest) {
          const seconds = Math.max(1, Math.ceil((Math.min(...[...open.values()].map((e) => e.expiresAt)) - now) / 1000));
          throw new AppError(429, 'pair_codes_full', `too many pairing codes are open: try again in ${seconds} s`, seconds);
        }
        open.delete(oldest.code);
      }
      let code = newCode();
      for (let tries = 0; open.has(code); tries++) {
        if (tries > 20) throw conflict('could not find a free pairing code: try again');
        code = newCode();
      }
      const pairId = randomBytes(24).toString('base64url');
      const expiresAt = now + PAIR_CODE_TTL_MS;
      open.set(code, { ...input, code, pairIdHash: sha256(pairId), askedAt: now, expiresAt, result: null, collected: false });
      asked.set(key, [...times, now]);
      return { code, pairId, expiresAt };
    },

    /**
     * The TV polls its code with its pairId. An approved session is answered to every poll until the
     * code expires (an answer lost on the way is asked for again); a refusal once, then the code is
     * forgotten. Another pairId is answered as an unknown code, so polls tell nobody which codes are open.
     */
    collect(typed: string, pairId: string): PairState {
      const entry = mustHold(typed, pairId);
      if (entry.result === null) return { status: 'waiting', expiresAt: entry.expiresAt };
      if (entry.result.status === 'refused') open.delete(entry.code);
      else entry.collected = true;
      return entry.result;
    },

    /** The state of a code, as collect() sees it, without collecting anything (HEAD). */
    peek(typed: string, pairId: string): PairState['status'] {
      return mustHold(typed, pairId).result?.status ?? 'waiting';
    },

    /** Who asked for a code, for the admin about to approve it. */
    asker(typed: string): PairAsker {
      const { kind, deviceName, agent, address, askedAt } = mustGet(typed);
      return { kind, deviceName, agent, address, askedAt, ageMs: Math.max(0, deps.now() - askedAt) };
    },

    /** An admin approves: the TV's device session is made now, for the chosen profile, and kept until the TV collects it. */
    approve(typed: string, profileId: number): { device: DeviceSession; profile: Profile } {
      const entry = mustGet(typed);
      if (entry.result) throw conflict(`pairing code ${entry.code} was already ${entry.result.status}`);
      const { token, device, profile } = deps.profiles.openSession({ profileId, kind: entry.kind, deviceName: entry.deviceName, address: entry.address });
      entry.result = { status: 'approved', token, device, profile };
      return { device, profile };
    },

    /** An admin refuses: the TV hears so at its next poll. */
    refuse(typed: string): void {
      const entry = mustGet(typed);
      if (entry.result?.status === 'approved') throw conflict(`pairing code ${entry.code} was already approved: sign the device out on the Profiles page instead`);
      entry.result = { status: 'refused' };
    },

    /** Codes open now (for tests and metrics). */
    openCount(): number {
      sweep(deps.now());
      return open.size;
    },
  };
}
