// The hash routes of the UI, parsed and printed without touching `location`.

export type Route =
  | { name: 'library' }
  | { name: 'setup' }
  | { name: 'play'; id: number }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'library' };
  if (path === '/setup') return { name: 'setup' };
  const play = /^\/play\/([1-9]\d{0,14})$/.exec(path);
  if (play?.[1]) return { name: 'play', id: Number(play[1]) };
  return { name: 'not-found', path };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'library':
      return '#/';
    case 'setup':
      return '#/setup';
    case 'play':
      return `#/play/${route.id}`;
    case 'not-found':
      return `#${route.path}`;
  }
}
