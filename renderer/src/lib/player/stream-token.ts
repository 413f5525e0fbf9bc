// Stream URLs carry a signed token that ends after 6 hours (server/src/streaming/stream-token.ts). A
// player open longer, or paused overnight, asks /playback for a fresh one every hour, and every
// request VHS makes from then on carries the fresh token in place of the one its playlists were
// fetched with.

/** Often enough that a token never ends under a player that is still open (they last 6 hours). */
export const TOKEN_RENEW_MS = 60 * 60_000;

/** The token of a stream URL; null when it has none. */
export function tokenOf(url: string): string | null {
  const query = url.indexOf('?');
  return query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('token');
}

/** The URL with the value of its `token` parameter replaced; unchanged when it has none. */
export function withStreamToken(url: string, token: string): string {
  return url.replace(/([?&]token=)[^&#]*/, (_match, key: string) => `${key}${encodeURIComponent(token)}`);
}

export interface TokenRenewal {
  /** the freshest token so far */
  current(): string | null;
  stop(): void;
}

/**
 * Renews the token every `everyMs` with `renew` (a fresh stream URL, or null when the server did not
 * give one); a failed renewal keeps the token it had and tries again next time.
 */
export function renewStreamToken(deps: {
  first: string | null;
  renew: () => Promise<string | null>;
  every: (ms: number, tick: () => void) => () => void;
  everyMs?: number;
}): TokenRenewal {
  let token = deps.first;
  let stopped = false;
  const stopTimer = deps.every(deps.everyMs ?? TOKEN_RENEW_MS, () => {
    deps.renew().then(
      (url) => {
        const fresh = url === null ? null : tokenOf(url);
        if (fresh && !stopped) token = fresh;
      },
      () => undefined,
    );
  });
  return {
    current: () => token,
    stop() {
      stopped = true;
      stopTimer();
    },
  };
}
