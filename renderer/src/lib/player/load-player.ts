// video.js is most of the UI's weight: it loads when something is about to play, not with the grid.
// import() is cached, so warming it up on a card's focus or hover makes the click start at once.

export const loadVideoPlayer = () => import('./VideoPlayer.svelte');

let warmed = false;

export function warmUpVideoPlayer(): void {
  if (warmed) return;
  warmed = true;
  // a failure here is not the viewer's problem yet; the player page reports it if it happens again
  loadVideoPlayer().catch(() => (warmed = false));
}
