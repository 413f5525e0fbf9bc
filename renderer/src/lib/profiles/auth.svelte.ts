// Who is watching: the profile this browser acts for (GET /api/auth/me), or the "Who's watching?"
// picker when it must choose one. Any request answering 401 sign_in_required / signed_out (api.ts
// calls back) brings the picker back. One instance for the app.
import {
  getMe,
  getProfilePicker,
  onSignInNeeded,
  signIn,
  signOut,
  type MeDto,
  type ProfilePickerDto,
} from '../api.ts';
import { catalog } from '../library/catalog.svelte.ts';
import { router } from '../router.svelte.ts';
import { errorMessage } from '../toasts.svelte.ts';

export type PickerProfile = ProfilePickerDto['profiles'][number];

export type AuthStatus =
  | { kind: 'loading' }
  | { kind: 'signed-in'; me: MeDto }
  | { kind: 'picking' }
  | { kind: 'failed'; message: string };

const LAST_PROFILE_KEY = 'seed.lastProfileId';

class Auth {
  status = $state<AuthStatus>({ kind: 'loading' });
  /** everyone in the household as the picker lists them (no sign-in needed to ask) */
  household = $state<PickerProfile[]>([]);
  /** the profile picked last on this browser: the picker starts on it */
  lastProfileId = $state<number | null>(readLastProfile());
  /** bumped by every load and every trip to the picker: an answer of an older one is dropped */
  #generation = 0;
  /** a stale cookie is cleared once, not in a loop */
  #clearedStaleCookie = false;

  constructor() {
    onSignInNeeded(() => void this.#toPicker());
  }

  get me(): MeDto | null {
    return this.status.kind === 'signed-in' ? this.status.me : null;
  }

  get signedIn(): boolean {
    return this.status.kind === 'signed-in';
  }

  get isAdmin(): boolean {
    return this.me?.profile.role === 'admin';
  }

  /** Who this browser is, and the household; the picker when it must choose. Quiet while signed in (a refresh). */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    if (this.status.kind === 'failed') this.status = { kind: 'loading' };
    try {
      const [me, picker] = await Promise.all([getMe(), getProfilePicker()]);
      if (generation !== this.#generation) return;
      this.household = picker.profiles;
      this.status = { kind: 'signed-in', me };
    } catch (err) {
      // a 401 has sent us to the picker already (api.ts called back, which made this answer stale)
      if (generation !== this.#generation) return;
      this.status = { kind: 'failed', message: errorMessage(err, 'The server sent an answer this page does not understand.') };
    }
  }

  /** Signs this browser in; throws the server's refusal (pin_wrong, pin_locked…) for the PIN pad to show. */
  async signIn(profileId: number, pin?: string): Promise<void> {
    await signIn({ profileId, ...(pin === undefined ? {} : { pin }) });
    this.#rememberLast(profileId);
    this.#forgetProfileData();
    await this.load();
  }

  /** Signed in another way: an admin approved this screen's pairing code, and the server set its cookie. */
  async pairedAs(profileId: number): Promise<void> {
    this.#rememberLast(profileId);
    this.#forgetProfileData();
    await this.load();
  }

  /** "Switch profile": signs this browser out and shows the picker; the app starts at home for the next one. */
  async switchProfile(): Promise<void> {
    await signOut();
    router.replace({ name: 'library' });
    await this.#toPicker();
  }

  /**
   * Before a change that makes sign-in needed (a second profile, a first PIN): signs this browser in
   * as the profile it acts for, so the change does not send it to the picker. Nothing to do when it
   * has a session already.
   */
  async keepSignedIn(): Promise<void> {
    const me = this.me;
    if (!me || me.device !== null || me.signInNeeded) return;
    await signIn({ profileId: me.profile.id });
    this.#rememberLast(me.profile.id);
    await this.load();
  }

  async #toPicker(): Promise<void> {
    const generation = ++this.#generation;
    this.#forgetProfileData();
    this.status = this.household.length > 0 ? { kind: 'picking' } : { kind: 'loading' };
    try {
      const picker = await getProfilePicker();
      if (generation !== this.#generation) return;
      this.household = picker.profiles;
      if (!picker.signInNeeded && !this.#clearedStaleCookie) {
        // this browser's session was revoked while nobody needs to sign in any more: clear the
        // stale cookie and go on as the only profile
        this.#clearedStaleCookie = true;
        await signOut().catch(() => undefined);
        if (generation === this.#generation) await this.load();
        return;
      }
      this.status = { kind: 'picking' };
    } catch (err) {
      if (generation !== this.#generation) return;
      this.status = { kind: 'failed', message: errorMessage(err, 'Could not load the profiles.') };
    }
  }

  /** What the previous profile saw must not show, even for a moment, to the next one. */
  #forgetProfileData(): void {
    catalog.titles = null;
    catalog.libraries = [];
  }

  #rememberLast(profileId: number): void {
    this.lastProfileId = profileId;
    try {
      localStorage.setItem(LAST_PROFILE_KEY, String(profileId));
    } catch {
      // private mode or storage off: the picker starts on the first profile instead
    }
  }
}

function readLastProfile(): number | null {
  try {
    const value = Number(localStorage.getItem(LAST_PROFILE_KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export const auth = new Auth();
