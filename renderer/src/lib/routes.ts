// The hash routes of the UI, parsed and printed without touching `location`.

export type Route =
  | { name: 'library' }
  | { name: 'setup' }
  | { name: 'item'; id: number }
  | { name: 'series'; id: number }
  | { name: 'play'; id: number }
  | { name: 'admin-libraries' }
  | { name: 'admin-queue' }
  | { name: 'admin-transcoding' }
  | { name: 'admin-sessions' }
  | { name: 'admin-profiles' }
  | { name: 'admin-network' }
  | { name: 'admin-experiments' }
  | { name: 'history' }
  | { name: 'search' }
  /** an admin approves a TV's pairing code (typed, or in the link: #/pair/AB3K7Q) */
  | { name: 'pair'; code: string | null }
  | { name: 'not-found'; path: string };

/** ids are positive integers that fit a double exactly */
const withId = /^\/(item|series|play)\/([1-9]\d{0,14})$/;

export function parseRoute(hash: string): Route {
  // a query (`#/play/12?t=125`) belongs to the page, not to the route
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '').replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'library' };
  if (path === '/setup') return { name: 'setup' };
  if (path === '/admin/libraries') return { name: 'admin-libraries' };
  if (path === '/admin/queue') return { name: 'admin-queue' };
  if (path === '/admin/transcoding') return { name: 'admin-transcoding' };
  if (path === '/admin/sessions') return { name: 'admin-sessions' };
  if (path === '/admin/profiles') return { name: 'admin-profiles' };
  if (path === '/admin/network') return { name: 'admin-network' };
  if (path === '/admin/experiments') return { name: 'admin-experiments' };
  if (path === '/history') return { name: 'history' };
  if (path === '/search') return { name: 'search' };
  if (path === '/pair') return { name: 'pair', code: null };
  const pair = /^\/pair\/([A-Za-z0-9-]{1,16})$/.exec(path);
  if (pair?.[1]) return { name: 'pair', code: pair[1].toUpperCase() };
  const match = withId.exec(path);
  if (match?.[1] && match[2]) {
    const id = Number(match[2]);
    switch (match[1]) {
      case 'item':
        return { name: 'item', id };
      case 'series':
        return { name: 'series', id };
      default:
        return { name: 'play', id };
    }
  }
  return { name: 'not-found', path };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'library':
      return '#/';
    case 'setup':
      return '#/setup';
    case 'item':
      return `#/item/${route.id}`;
    case 'series':
      return `#/series/${route.id}`;
    case 'play':
      return `#/play/${route.id}`;
    case 'admin-libraries':
      return '#/admin/libraries';
    case 'admin-queue':
      return '#/admin/queue';
    case 'admin-transcoding':
      return '#/admin/transcoding';
    case 'admin-sessions':
      return '#/admin/sessions';
    case 'admin-profiles':
      return '#/admin/profiles';
    case 'admin-network':
      return '#/admin/network';
    case 'admin-experiments':
      return '#/admin/experiments';
    case 'history':
      return '#/history';
    case 'search':
      return '#/search';
    case 'pair':
      return route.code === null ? '#/pair' : `#/pair/${encodeURIComponent(route.code)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}
