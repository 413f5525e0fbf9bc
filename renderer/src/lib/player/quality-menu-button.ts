// The quality menu of the control bar: Auto and each rung VHS found in the master playlist, built on
// video.js's own MenuButton so it opens, moves and closes by keyboard like the audio and subtitle menus.
import videojs from 'video.js';
import type MenuButtonType from 'video.js/dist/types/menu/menu-button';
import type MenuItemType from 'video.js/dist/types/menu/menu-item';
import { currentChoice, levelSteps, qualityEntries, qualityLabel, sameChoice, type QualityChoice, type Rung } from './quality.ts';

type Player = ReturnType<typeof videojs>;

/** What videojs-contrib-quality-levels (bundled with video.js 8) gives; it ships no types. */
interface QualityLevel {
  height?: number;
  bitrate?: number;
  enabled: boolean;
}

interface QualityLevelList {
  readonly length: number;
  /** the level VHS plays (or loads) now; -1 before the first one */
  readonly selectedIndex: number;
  readonly [index: number]: QualityLevel | undefined;
  on(type: string | string[], listener: () => void): void;
  off(type: string | string[], listener: () => void): void;
}

const LEVEL_EVENTS = ['addqualitylevel', 'removequalitylevel'];

/** The player's level list (made by the plugin on its first call; VHS fills that same list). */
export function qualityLevelsOf(player: Player): QualityLevelList | null {
  const plugin = (player as unknown as { qualityLevels?: () => QualityLevelList }).qualityLevels;
  return typeof plugin === 'function' ? plugin.call(player) : null;
}

function rungsOf(levels: QualityLevelList): Rung[] {
  const rungs: Rung[] = [];
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level) rungs.push({ height: level.height ?? 0, bitrate: level.bitrate ?? 0, enabled: level.enabled });
  }
  return rungs;
}

function choose(levels: QualityLevelList, choice: QualityChoice): void {
  for (const step of levelSteps(rungsOf(levels), choice)) {
    const level = levels[step.index];
    if (level) level.enabled = step.enabled;
  }
}

const MenuButton = videojs.getComponent('MenuButton') as unknown as typeof MenuButtonType;
const MenuItem = videojs.getComponent('MenuItem') as unknown as typeof MenuItemType;

interface QualityItemOptions {
  label: string;
  choice: QualityChoice;
  selected: boolean;
  selectable: true;
  multiSelectable: false;
}

class QualityMenuItem extends MenuItem {
  readonly choice: QualityChoice;

  constructor(player: Player, options: QualityItemOptions) {
    super(player, options);
    this.choice = options.choice;
    this.el().setAttribute('data-testid', 'quality-item');
  }

  override handleClick(event: Event): void {
    super.handleClick(event);
    const levels = qualityLevelsOf(this.player());
    if (levels) choose(levels, this.choice);
    this.player().trigger('qualitychoice');
  }
}

export class QualityMenuButton extends MenuButton {
  // no initialisers (and no #private fields): the base constructor already calls update() and createItems()
  private levels?: QualityLevelList | null;
  private valueEl?: HTMLSpanElement | null;
  private onLevels!: () => void;
  private onChange!: () => void;

  constructor(player: Player, options: object = {}) {
    super(player, { ...options, title: 'Quality' });
    this.onLevels = () => this.update();
    this.onChange = () => this.refresh();
    this.levels = qualityLevelsOf(player);
    this.levels?.on(LEVEL_EVENTS, this.onLevels);
    this.levels?.on('change', this.onChange);
    player.on('qualitychoice', this.onChange);
    const button = this.menuButton_.el();
    button.setAttribute('data-testid', 'quality-button');
    this.valueEl = document.createElement('span');
    this.valueEl.className = 'vjs-quality-value';
    this.valueEl.setAttribute('aria-hidden', 'true');
    button.appendChild(this.valueEl);
    // the constructor's first update() ran before the levels were known
    this.update();
  }

  override buildCSSClass(): string {
    return `vjs-quality-button ${super.buildCSSClass()}`;
  }

  override buildWrapperCSSClass(): string {
    return `vjs-quality-menu ${super.buildWrapperCSSClass()}`;
  }

  override createItems(): QualityMenuItem[] {
    // called from the base constructor too, before this class's fields exist: ask the player
    const levels = qualityLevelsOf(this.player());
    const rungs = levels ? rungsOf(levels) : [];
    // Auto and a single rung is no choice at all
    this.hideThreshold_ = 2;
    if (rungs.length < 2) return [];
    const chosen = currentChoice(rungs);
    return qualityEntries(rungs).map(
      (entry) =>
        new QualityMenuItem(this.player(), {
          label: entry.label,
          choice: entry.choice,
          selected: sameChoice(entry.choice, chosen),
          selectable: true,
          multiSelectable: false,
        }),
    );
  }

  override update(): void {
    super.update();
    this.refresh();
  }

  private refresh(): void {
    const levels = this.levels;
    if (!levels || !this.valueEl) return;
    const rungs = rungsOf(levels);
    const label = qualityLabel(rungs, levels.selectedIndex);
    this.valueEl.textContent = label;
    this.controlText(`Quality: ${label}`);
    const chosen = currentChoice(rungs);
    for (const item of (this.items ?? []) as unknown as QualityMenuItem[]) item.selected(sameChoice(item.choice, chosen));
  }

  override dispose(): void {
    this.levels?.off(LEVEL_EVENTS, this.onLevels);
    this.levels?.off('change', this.onChange);
    this.player().off('qualitychoice', this.onChange);
    this.levels = null;
    this.valueEl = null;
    super.dispose();
  }
}

videojs.registerComponent('QualityMenuButton', QualityMenuButton as unknown as Parameters<typeof videojs.registerComponent>[1]);

/** The quality menu goes after the audio-track menu, before picture-in-picture and full screen. */
export function addQualityMenu(p: Player): void {
  const bar = p.getChild('ControlBar');
  if (!bar) return;
  const audio = bar.getChild('AudioTrackButton');
  const index = audio ? bar.children().indexOf(audio) + 1 : bar.children().length - 1;
  bar.addChild('QualityMenuButton', {}, index);
}
