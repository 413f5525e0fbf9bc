// Full screen is the whole page, not video.js's own element: the player page already fills the
// window, and a next episode (a new PlayerPage, a new player) then plays on in full screen instead
// of dropping out of it, which the browser would not let it re-enter without a click. Where the page
// cannot go full screen (an iPhone: only the <video> can), video.js keeps its own way.

/** What pageFullscreen() uses of a video.js player. */
export interface FullscreenPlayer {
  isFullscreen(value?: boolean): boolean | undefined;
  requestFullscreen(): Promise<unknown> | undefined;
  exitFullscreen(): Promise<unknown> | undefined;
  trigger(event: string): void;
  /**
   * video.js's own reading of a change (it listens to the document and to its own 'fullscreenchange'):
   * "full screen when the full-screen element is mine", which the page never is; replaced
   */
  documentFullscreenChange_?: (event?: unknown) => void;
}

/** What it uses of the document. */
export interface FullscreenDocument {
  fullscreenEnabled: boolean;
  fullscreenElement: Element | null;
  documentElement: { requestFullscreen(): Promise<void> };
  exitFullscreen(): Promise<void>;
  addEventListener(type: 'fullscreenchange', listener: () => void): void;
  removeEventListener(type: 'fullscreenchange', listener: () => void): void;
}

/** Makes the player's full screen the page's; returns the undo (the page stays as it is). */
export function pageFullscreen(player: FullscreenPlayer, doc: FullscreenDocument): () => void {
  if (!doc.fullscreenEnabled) return () => undefined;
  // the control bar's button, a double click and the F key all call these
  player.requestFullscreen = () => doc.documentElement.requestFullscreen();
  player.exitFullscreen = () => doc.exitFullscreen();
  // video.js's own reading would say "not full screen" (the page is, not its element); its state and
  // class (vjs-fullscreen) follow the page's below instead. Its listener on the document runs before
  // ours: were it to set the state, ours would see no change and never tell the button
  player.documentFullscreenChange_ = () => undefined;
  const follow = () => {
    const on = doc.fullscreenElement !== null;
    if (player.isFullscreen() === on) return;
    player.isFullscreen(on);
    player.trigger('fullscreenchange'); // the button's icon and words
  };
  doc.addEventListener('fullscreenchange', follow);
  follow(); // a next episode starts in the full screen the last one left
  return () => doc.removeEventListener('fullscreenchange', follow);
}

/** Leaves full screen when the player is left for another page (not for a next episode). */
export function leaveFullscreenUnlessPlaying(doc: Pick<FullscreenDocument, 'fullscreenElement' | 'exitFullscreen'>, stillPlaying: boolean): void {
  if (!stillPlaying && doc.fullscreenElement !== null) void doc.exitFullscreen().catch(() => undefined);
}
