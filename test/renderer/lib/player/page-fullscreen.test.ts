import { describe, expect, test } from 'vitest';
import { leaveFullscreenUnlessPlaying, pageFullscreen, type FullscreenDocument, type FullscreenPlayer } from '../../../../renderer/src/lib/player/page-fullscreen.js';

function fakeDocument(enabled = true) {
  const listeners = new Set<() => void>();
  const root = { requestFullscreen: async () => doc.set(root as unknown as Element) };
  const doc = {
    fullscreenEnabled: enabled,
    fullscreenElement: null as Element | null,
    documentElement: root,
    exits: 0,
    exitFullscreen: async () => {
      doc.exits++;
      doc.set(null);
    },
    addEventListener: (_type: 'fullscreenchange', l: () => void) => listeners.add(l),
    removeEventListener: (_type: 'fullscreenchange', l: () => void) => listeners.delete(l),
    set(element: Element | null) {
      doc.fullscreenElement = element;
      for (const l of listeners) l();
    },
    listeners,
  };
  return doc satisfies FullscreenDocument;
}

/**
 * A player as video.js behaves: its constructor listens to the document before anyone else, and its
 * own 'fullscreenchange' runs the same reading of the document.
 */
function fakePlayer(doc: ReturnType<typeof fakeDocument>) {
  const own = { requested: 0 };
  const events: string[] = [];
  const player: FullscreenPlayer & { state: boolean } = {
    state: false,
    isFullscreen(value?: boolean) {
      if (value === undefined) return player.state;
      player.state = value;
      return undefined;
    },
    requestFullscreen: () => {
      own.requested++;
      return Promise.resolve();
    },
    exitFullscreen: () => Promise.resolve(),
    trigger(event: string) {
      events.push(event);
      if (event === 'fullscreenchange') player.documentFullscreenChange_?.();
    },
    // video.js: full screen only when the full-screen element is the player's own
    documentFullscreenChange_: () => player.isFullscreen(doc.fullscreenElement === ({} as Element)),
  };
  doc.addEventListener('fullscreenchange', () => player.documentFullscreenChange_?.());
  return { player, own, events };
}

describe('pageFullscreen', () => {
  test("the player's full screen is the page's, and video.js's state follows it", async () => {
    const doc = fakeDocument();
    const { player, own, events } = fakePlayer(doc);
    pageFullscreen(player, doc);
    await player.requestFullscreen();
    expect(own.requested).toBe(0); // not video.js's own element
    expect(doc.fullscreenElement).toBe(doc.documentElement);
    expect(player.isFullscreen()).toBe(true);
    expect(events).toEqual(['fullscreenchange']); // the button shows "leave full screen"
    await player.exitFullscreen();
    expect(player.isFullscreen()).toBe(false);
  });

  test('a player made while the page is in full screen (the next episode) starts knowing it', () => {
    const doc = fakeDocument();
    doc.fullscreenElement = doc.documentElement as unknown as Element;
    const { player } = fakePlayer(doc);
    pageFullscreen(player, doc);
    expect(player.isFullscreen()).toBe(true);
  });

  test("where the page cannot go full screen (an iPhone) video.js keeps its own; the undo stops following", async () => {
    const doc = fakeDocument(false);
    const { player, own } = fakePlayer(doc);
    pageFullscreen(player, doc)();
    await player.requestFullscreen();
    expect(own.requested).toBe(1);
    const doc2 = fakeDocument();
    const undo = pageFullscreen(fakePlayer(doc2).player, doc2);
    undo();
    expect(doc2.listeners.size).toBe(1); // video.js's own is left
  });
});

describe('leaveFullscreenUnlessPlaying', () => {
  test('leaves full screen for another page, not for the next episode', () => {
    const doc = fakeDocument();
    doc.fullscreenElement = doc.documentElement as unknown as Element;
    leaveFullscreenUnlessPlaying(doc, true);
    expect(doc.exits).toBe(0);
    leaveFullscreenUnlessPlaying(doc, false);
    expect(doc.exits).toBe(1);
    leaveFullscreenUnlessPlaying(doc, false); // not in full screen: nothing to leave
    expect(doc.exits).toBe(1);
  });
});
