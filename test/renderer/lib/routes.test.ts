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
  ['#/item/3', { name: 'item', id: 3 }],
  ['#/series/12/', { name: 'series', id: 12 }],
  ['#/series/0', { name: 'not-found', path: '/series/0' }],
  ['#/item/x', { name: 'not-found', path: '/item/x' }],
  ['#/admin/libraries', { name: 'admin-libraries' }],
  ['#/admin/queue', { name: 'admin-queue' }],
  ['#/admin/queue/', { name: 'admin-queue' }],
  ['#/admin', { name: 'not-found', path: '/admin' }],
  ['#/history', { name: 'history' }],
  ['#/history/', { name: 'history' }],
  ['#/nowhere', { name: 'not-found', path: '/nowhere' }],
])('%j parses to %j', (hash, route) => {
  expect(parseRoute(hash)).toEqual(route);
});

test.each<Route>([
  { name: 'library' },
  { name: 'setup' },
  { name: 'play', id: 7 },
  { name: 'item', id: 8 },
  { name: 'series', id: 9 },
  { name: 'admin-libraries' },
  { name: 'admin-queue' },
  { name: 'history' },
  { name: 'not-found', path: '/x' },
])(
  '%j survives printing and parsing',
  (route) => {
    expect(parseRoute(hrefOf(route))).toEqual(route);
  },
);

test('a query after the route belongs to the page: #/play/12?t=125 is the player of title 12', () => {
  expect(parseRoute('#/play/12?t=125')).toEqual(parseRoute('#/play/12'));
});
