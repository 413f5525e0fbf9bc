// Moves an element into another one: the player's overlays live inside video.js's box, so they stay on
// screen in full screen (which shows that box only). Svelte still owns the element and removes it.
import type { Attachment } from 'svelte/attachments';

export const portal =
  (target: HTMLElement): Attachment<HTMLElement> =>
  (node) => {
    target.appendChild(node);
    return () => node.remove();
  };
