// Whether this device shows the 10-foot UI: the class `tv` on <html> (app.css scales type and
// spacing up and thickens the focus ring under it). Chosen by the user agent, unless the viewer
// toggled it on this device (kept in localStorage, per device: a TV and a phone differ).
import { isTvMode, parseTvModeChoice, TV_MODE_KEY, type TvModeChoice } from './tv-mode.ts';

class TvMode {
  choice = $state<TvModeChoice>(readChoice());

  constructor() {
    this.#apply();
  }

  get on(): boolean {
    return isTvMode(this.choice, navigator.userAgent);
  }

  /** The toggle: the opposite of what shows now, remembered on this device. */
  toggle(): void {
    this.set(!this.on);
  }

  set(on: boolean): void {
    this.choice = on ? 'on' : 'off';
    try {
      localStorage.setItem(TV_MODE_KEY, this.choice);
    } catch {
      // private mode or storage off: the choice lasts until the page reloads
    }
    this.#apply();
  }

  #apply(): void {
    document.documentElement.classList.toggle('tv', this.on);
  }
}

function readChoice(): TvModeChoice {
  try {
    return parseTvModeChoice(localStorage.getItem(TV_MODE_KEY));
  } catch {
    return null;
  }
}

/** Created on import, before the app mounts: the first frame already has the right size. */
export const tvMode = new TvMode();
