// The page is in front again: the tab, the TV's browser or the installed app comes back, or the page
// returns from the browser's back-forward cache. What it shows from the server may have changed meanwhile
// (a play on another screen, a thumb), so rows built from the history load again.

/** Calls `reload` each time the page is shown again; returns the cleanup (for an $effect). */
export function onShownAgain(reload: () => void): () => void {
  const onVisible = () => {
    if (document.visibilityState === 'visible') reload();
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) reload();
  };
  document.addEventListener('visibilitychange', onVisible);
  addEventListener('pageshow', onPageShow);
  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    removeEventListener('pageshow', onPageShow);
  };
}
