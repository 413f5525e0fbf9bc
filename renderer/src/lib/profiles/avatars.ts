// The built-in avatars a profile picks from: a name and two colours each (Avatar.svelte draws the picture).
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { ProfileDto } from '../api.ts';

export type AvatarKey = ProfileDto['avatar'];

/** In the order the choice grid shows them (the server's order). */
export const AVATARS = ['sprout', 'fox', 'owl', 'bear', 'cat', 'rocket', 'star', 'wave'] as const satisfies readonly AvatarKey[];

export interface AvatarLook {
  label: string;
  /** the circle's gradient, light to dark */
  from: string;
  to: string;
}

export const AVATAR_LOOKS: Readonly<Record<AvatarKey, AvatarLook>> = {
  sprout: { label: 'Sprout', from: '#4fdc8f', to: '#1c8f52' },
  fox: { label: 'Fox', from: '#ffab5e', to: '#d9541f' },
  owl: { label: 'Owl', from: '#a98bff', to: '#5d3fc4' },
  bear: { label: 'Bear', from: '#cf9a6b', to: '#7d4d2c' },
  cat: { label: 'Cat', from: '#6cc0ff', to: '#2b6cc0' },
  rocket: { label: 'Rocket', from: '#ff7a92', to: '#b8304f' },
  star: { label: 'Star', from: '#ffd95e', to: '#d98d0f' },
  wave: { label: 'Wave', from: '#4fd9d2', to: '#167f95' },
};

export const avatarLook = (key: AvatarKey): AvatarLook => AVATAR_LOOKS[key] ?? AVATAR_LOOKS.star;

/** A new profile's avatar: the first one nobody in the household has yet (else the first). */
export function freeAvatar(taken: readonly AvatarKey[]): AvatarKey {
  return AVATARS.find((key) => !taken.includes(key)) ?? AVATARS[0];
}
