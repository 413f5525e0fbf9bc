import { randomBytes } from 'node:crypto';
import type { SettingsStore } from '../settings/settings.store.js';

const KEY = 'stream.tokenSecret';
const SECRET_BYTES = 32;

/**
 * The secret stream tokens are signed with: made at random on first use and kept in the settings
 * table, so the links players hold still work after a restart. A stored value that is not 32 bytes
 * of base64url (edited by hand) is replaced.
 */
export function streamSecret(settings: Pick<SettingsStore, 'get' | 'setMany'>, random: () => Buffer = () => randomBytes(SECRET_BYTES)): Buffer {
  const stored = settings.get(KEY);
  const decoded = stored !== null && /^[A-Za-z0-9_-]+$/.test(stored) ? Buffer.from(stored, 'base64url') : null;
  if (decoded?.length === SECRET_BYTES) return decoded;
  const made = random();
  settings.setMany([[KEY, made.toString('base64url')]]);
  return made;
}
