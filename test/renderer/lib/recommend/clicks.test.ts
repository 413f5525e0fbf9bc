// reportShelfClick: one POST /api/recommend/click with what the card knows; it never waits or throws.
import { afterEach, expect, test, vi } from 'vitest';
import { reportShelfClick } from '../../../../renderer/src/lib/recommend/clicks.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

test('posts the click as JSON and returns at once', () => {
  const fetch = vi.fn(() => new Promise<Response>(() => undefined)); // an answer that never comes
  vi.stubGlobal('fetch', fetch);
  expect(reportShelfClick(12, 345, 'top-picks', 2)).toBeUndefined();
  expect(fetch).toHaveBeenCalledTimes(1);
  const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  expect(path).toBe('/api/recommend/click');
  expect(init.method).toBe('POST');
  expect(JSON.parse(init.body as string)).toEqual({ itemId: 12, impressionId: 345, shelf: 'top-picks', position: 2 });
});

test('without an impression the field is left out; a failure is swallowed', async () => {
  const fetch = vi.fn(() => Promise.reject(new TypeError('network down')));
  vi.stubGlobal('fetch', fetch);
  const unhandled = vi.fn();
  process.on('unhandledRejection', unhandled);
  reportShelfClick(7, null, 'trending', 0);
  await new Promise((r) => setTimeout(r, 10));
  process.off('unhandledRejection', unhandled);
  expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual({ itemId: 7, shelf: 'trending', position: 0 });
  expect(unhandled).not.toHaveBeenCalled();
});
