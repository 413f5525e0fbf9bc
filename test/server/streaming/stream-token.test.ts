import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../../server/src/db/open.js';
import { AppError } from '../../../server/src/errors.js';
import { createSettingsStore } from '../../../server/src/settings/settings.store.js';
import { withToken } from '../../../server/src/streaming/playlist-token.js';
import { streamSecret } from '../../../server/src/streaming/stream-secret.js';
import { checkStreamToken, createStreamTokens, signStreamToken, STREAM_TOKEN_TTL_MS } from '../../../server/src/streaming/stream-token.js';

const SECRET = Buffer.alloc(32, 7);
const OTHER_SECRET = Buffer.alloc(32, 8);
const T0 = 1_700_000_000_000;

describe('stream tokens', () => {
  const token = signStreamToken(SECRET, { itemId: 42, expiresAtMs: T0 + 1000, clientId: null });

  test('a token is base64url of itemId.expiry.signature and lets its title through until it expires', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').toString()).toMatch(/^42\.1700000001\.[A-Za-z0-9_-]{43}$/);
    expect(checkStreamToken(SECRET, token, { itemId: 42, clientId: null, nowMs: T0 })).toEqual({ ok: true, claims: { itemId: 42, expiresAtMs: T0 + 1000, clientId: null } });
  });

  test.each([
    ['no token', undefined, {}, { status: 401, code: 'token_missing', message: 'a stream token is required: ask /api/items/42/playback for the URL' }],
    ['an empty token', '', {}, { status: 401, code: 'token_missing' }],
    ['an expired token', token, { nowMs: T0 + 1000 }, { status: 401, code: 'token_expired', message: 'token expired' }],
    ['a token for another title', token, { itemId: 43 }, { status: 403, code: 'token_other_title', message: 'token for another title' }],
    ['garbage', 'not a token!', {}, { status: 401, code: 'token_invalid', message: 'token invalid' }],
    ['base64url of garbage', Buffer.from('a.b.c').toString('base64url'), {}, { status: 401, code: 'token_invalid' }],
  ])('%s is refused, naming why', (_name, given, over, refusal) => {
    expect(checkStreamToken(SECRET, given, { itemId: 42, clientId: null, nowMs: T0, ...over })).toMatchObject({ ok: false, ...refusal });
  });

  test('a token is refused when tampered with or signed with another secret', () => {
    const [, , signature] = Buffer.from(token, 'base64url').toString().split('.');
    const otherTitle = Buffer.from(`43.1700000001.${signature}`).toString('base64url');
    expect(checkStreamToken(SECRET, otherTitle, { itemId: 43, clientId: null, nowMs: T0 })).toMatchObject({ ok: false, code: 'token_invalid' });
    const later = Buffer.from(`42.1800000000.${signature}`).toString('base64url');
    expect(checkStreamToken(SECRET, later, { itemId: 42, clientId: null, nowMs: T0 })).toMatchObject({ ok: false, code: 'token_invalid' });
    expect(checkStreamToken(OTHER_SECRET, token, { itemId: 42, clientId: null, nowMs: T0 })).toMatchObject({ ok: false, code: 'token_invalid' });
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    expect(checkStreamToken(SECRET, flipped, { itemId: 42, clientId: null, nowMs: T0 })).toMatchObject({ ok: false });
  });

  test('a token bound to a client is refused to another client that names itself, not to a bare <video>', () => {
    const bound = signStreamToken(SECRET, { itemId: 42, expiresAtMs: T0 + 1000, clientId: 'tv-1' });
    expect(checkStreamToken(SECRET, bound, { itemId: 42, clientId: 'tv-1', nowMs: T0 })).toMatchObject({ ok: true, claims: { clientId: 'tv-1' } });
    expect(checkStreamToken(SECRET, bound, { itemId: 42, clientId: 'phone-2', nowMs: T0 })).toMatchObject({ ok: false, status: 403, code: 'token_other_client', message: 'token for another client' });
    expect(checkStreamToken(SECRET, bound, { itemId: 42, clientId: null, nowMs: T0 })).toMatchObject({ ok: true });
    expect(() => signStreamToken(SECRET, { itemId: 42, expiresAtMs: T0, clientId: 'a.b' })).toThrow(/cannot carry/);
  });

  test('createStreamTokens signs for the TTL from an injected clock and throws 401/403 as AppError', () => {
    let now = T0;
    let reads = 0;
    const tokens = createStreamTokens({ secret: () => (reads++, SECRET), now: () => now });
    expect(reads).toBe(0); // the secret is read at first use
    const t = tokens.sign(42);
    expect(tokens.verify(t, { itemId: 42, clientId: null })).toMatchObject({ token: t, claims: { itemId: 42 } });
    now = T0 + STREAM_TOKEN_TTL_MS - 1000;
    expect(tokens.verify(t, { itemId: 42, clientId: null })).toMatchObject({ token: t, claims: { itemId: 42 } });
    now = T0 + STREAM_TOKEN_TTL_MS;
    expect(() => tokens.verify(t, { itemId: 42, clientId: null })).toThrow(expect.objectContaining({ status: 401, code: 'token_expired' }));
    now = T0;
    const refused = (() => {
      try {
        tokens.verify(t, { itemId: 7, clientId: null });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 403, message: 'token for another title' });
    expect(reads).toBe(1);
  });
});

describe('the token secret', () => {
  test('is made on first use, kept in the settings table, and replaced when unusable', () => {
    const db = openDatabase(':memory:');
    const settings = createSettingsStore(db);
    let made = 0;
    const random = () => Buffer.alloc(32, ++made);
    const first = streamSecret(settings, random);
    expect(first).toEqual(Buffer.alloc(32, 1));
    expect(settings.get('stream.tokenSecret')).toBe(first.toString('base64url'));
    expect(streamSecret(settings, random)).toEqual(first); // a restart keeps it: links stay valid
    expect(made).toBe(1);
    settings.setMany([['stream.tokenSecret', 'short']]);
    expect(streamSecret(settings, random)).toEqual(Buffer.alloc(32, 2));
    db.close();
  });
});

describe('withToken puts the token on every URI of a playlist', () => {
  test('a master playlist: variant URIs and URI="…" attributes', () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",DEFAULT=YES,URI="a1/index.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Main",DEFAULT=YES',
      '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aud"',
      '0/index.m3u8',
      '',
    ].join('\n');
    expect(withToken(master, 'T0K-_')).toBe(
      [
        '#EXTM3U',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",DEFAULT=YES,URI="a1/index.m3u8?token=T0K-_"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Main",DEFAULT=YES',
        '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aud"',
        '0/index.m3u8?token=T0K-_',
        '',
      ].join('\n'),
    );
  });

  test('a media playlist with CRLF line ends, an EXT-X-MAP and a URI that has a query already', () => {
    const media = '#EXTM3U\r\n#EXT-X-MAP:URI="init.mp4"\r\n#EXTINF:2.000,\r\nseg-00000.ts\r\n#EXTINF:2.000,\r\nseg-00001.ts?v=2\r\n#EXT-X-ENDLIST\r\n';
    expect(withToken(media, 'abc')).toBe(
      '#EXTM3U\r\n#EXT-X-MAP:URI="init.mp4?token=abc"\r\n#EXTINF:2.000,\r\nseg-00000.ts?token=abc\r\n#EXTINF:2.000,\r\nseg-00001.ts?v=2&token=abc\r\n#EXT-X-ENDLIST\r\n',
    );
  });
});
