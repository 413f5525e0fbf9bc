import { describe, expect, test } from 'vitest';
import { decideWindowOpen, isExternalWebLink, isPermissionAllowed, isServerUrl } from '../../app/src/navigation.js';

const origin = 'http://127.0.0.1:8420';

describe('isServerUrl', () => {
  test.each([
    ['http://127.0.0.1:8420/', true],
    ['http://127.0.0.1:8420/library/42?tab=cast#top', true],
    ['HTTP://127.0.0.1:8420/upper-case-scheme', true],
    ['http://0x7f.0.0.1:8420/', true], // WHATWG normalises the host to 127.0.0.1: the same server
    ['http://127.0.0.1:8420.evil.com/', false],
    ['http://127.0.0.1.evil.com:8420/', false],
    ['http://127.0.0.1:8420@evil.com/', false],
    ['http://evil.com/?http://127.0.0.1:8420', false],
    ['http://127.0.0.1:8421/', false],
    ['http://127.0.0.1/', false],
    ['http://127.0.0.1:80/', false],
    ['https://127.0.0.1:8420/', false],
    ['http://localhost:8420/', false], // same machine, different origin
    ['http://[::1]:8420/', false],
    ['ws://127.0.0.1:8420/', false],
    ['blob:http://127.0.0.1:8420/0b7c5f47', false], // URL.origin is the server's, the scheme is not http
    ['file:///etc/passwd', false],
    ['file://127.0.0.1:8420/etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['about:blank', false],
    ['//127.0.0.1:8420/', false], // relative: no base, not a URL
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isServerUrl(url, origin)).toBe(expected);
  });

  test('nothing is the server before it has reported its origin', () => {
    expect(isServerUrl('http://127.0.0.1:8420/', null)).toBe(false);
  });

  test('an origin given as `null` (what opaque URLs report) matches nothing', () => {
    expect(isServerUrl('file:///etc/passwd', 'null')).toBe(false);
    expect(isServerUrl('javascript:alert(1)', 'null')).toBe(false);
  });

  test('the default port is part of the origin', () => {
    expect(isServerUrl('http://127.0.0.1/x', 'http://127.0.0.1')).toBe(true);
    expect(isServerUrl('http://127.0.0.1:80/x', 'http://127.0.0.1')).toBe(true);
    expect(isServerUrl('http://127.0.0.1:8080/x', 'http://127.0.0.1')).toBe(false);
  });
});

describe('isExternalWebLink', () => {
  test.each([
    ['https://www.themoviedb.org/movie/603', true],
    ['http://example.com/', true],
    ['https://user:pass@example.com/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['smb://nas/share', false],
    ['ms-settings:privacy', false],
    ['javascript:alert(1)', false],
    ['mailto:someone@example.com', false],
    ['garbage', false],
  ])('%s → %s', (url, expected) => {
    expect(isExternalWebLink(url)).toBe(expected);
  });
});

describe('decideWindowOpen', () => {
  test('web links leave for the system browser', () => {
    expect(decideWindowOpen('https://www.imdb.com/title/tt0133093/', origin)).toEqual({
      kind: 'external',
      url: 'https://www.imdb.com/title/tt0133093/',
    });
  });

  test('the server itself and non-web schemes are denied', () => {
    expect(decideWindowOpen('http://127.0.0.1:8420/admin', origin)).toEqual({ kind: 'deny' });
    expect(decideWindowOpen('file:///etc/passwd', origin)).toEqual({ kind: 'deny' });
    expect(decideWindowOpen('javascript:alert(1)', origin)).toEqual({ kind: 'deny' });
  });
});

describe('isPermissionAllowed', () => {
  test.each([
    ['fullscreen', 'http://127.0.0.1:8420/watch/1', true],
    ['clipboard-sanitized-write', 'http://127.0.0.1:8420', true], // permission checks pass an origin
    ['fullscreen', 'https://evil.com/', false],
    ['media', 'http://127.0.0.1:8420/', false],
    ['geolocation', 'http://127.0.0.1:8420/', false],
    ['notifications', 'http://127.0.0.1:8420/', false],
    ['openExternal', 'http://127.0.0.1:8420/', false],
  ])('%s from %s → %s', (permission, url, expected) => {
    expect(isPermissionAllowed(permission, url, origin)).toBe(expected);
  });
});
