import { expect, test } from 'vitest';
import { hrefOf, parseRoute, type Route } from '../../../renderer/src/lib/routes.js';

test.each<[string, Route]>([
  ['', { name: 'library' }],
  ['#', { name: 'library' }],
  ['#/', { name: 'library' }],
  ['#/setup', { name: 'setup' }],
  ['#/setup/', { name: 'setup' }],
  ['#/play/42', { name: 'play', id: 42 }],
  ['#/play/0', { name: 'not-found', path: '/play/0' }],
  ['#/play/abc', { name: 'not-found', path: '/play/abc' }],
  ['#/play/12345678901234567890', { name: 'not-found', path: '/play/12345678901234567890' }],
  ['#/nowhere', { name: 'not-found', path: '/nowhere' }],
])('%j parses to %j', (hash, route) => {
  expect(parseRoute(hash)).toEqual(route);
});

test.each<Route>([{ name: 'library' }, { name: 'setup' }, { name: 'play', id: 7 }, { name: 'not-found', path: '/x' }])(
  '%j survives printing and parsing',
  (route) => {
    expect(parseRoute(hrefOf(route))).toEqual(route);
  },
);
