// The current hash route as rune state, plus an in-app "back" that never leaves the app.
import { rememberFocus } from './focus-memory.ts';
import { hrefOf, parseRoute, type Route } from './routes.ts';

interface EntryState {
  seedDepth: number;
}

const depthOf = (state: unknown): number | null =>
  typeof state === 'object' && state !== null && typeof (state as EntryState).seedDepth === 'number'
    ? (state as EntryState).seedDepth
    : null;

class Router {
  route = $state<Route>(parseRoute(location.hash));
  /** how many in-app entries lie behind this one in the browser history */
  #depth = depthOf(history.state) ?? 0;

  constructor() {
    if (depthOf(history.state) === null) history.replaceState({ seedDepth: 0 } satisfies EntryState, '');
    addEventListener('hashchange', () => {
      // focus still sits on the page being left: note it, so coming back lands there
      rememberFocus(hrefOf(this.route));
      // a link click makes a new history entry without state; browser back/forward restore a stamped one
      const restored = depthOf(history.state);
      this.#depth = restored ?? this.#depth + 1;
      if (restored === null) history.replaceState({ seedDepth: this.#depth } satisfies EntryState, '');
      this.route = parseRoute(location.hash);
    });
  }

  get href(): string {
    return hrefOf(this.route);
  }

  go(route: Route): void {
    location.hash = hrefOf(route);
  }

  /** Swap the current entry, e.g. a redirect that "back" should not return to. */
  replace(route: Route): void {
    history.replaceState({ seedDepth: this.#depth } satisfies EntryState, '', hrefOf(route));
    this.route = parseRoute(location.hash);
  }

  /** Back to the previous in-app page; to the library when the app was opened on this page. */
  back(): void {
    if (this.#depth > 0) history.back();
    else this.replace({ name: 'library' });
  }
}

export const router = new Router();
