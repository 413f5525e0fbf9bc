// The admin's network settings: the name Seed is announced by, whether it is announced, on which
// interfaces, and whether clients outside the household are served. Kept in the `settings` table
// field by field, and in memory: the access check reads remoteAccess on every request.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseInput } from '../http/validate.js';
import type { Logger } from '../log.js';
import type { SettingsStore } from '../settings/settings.store.js';

/** A DNS-SD instance name is one DNS label: 63 bytes of UTF-8 at most (RFC 6763 §4.1.1). */
const MAX_NAME_BYTES = 63;

const serverNameSchema = z
  .string({ error: 'must be a string, or null for the default' })
  .trim()
  .min(1, 'must not be empty')
  .refine((name) => Buffer.byteLength(name) <= MAX_NAME_BYTES, `must be at most ${MAX_NAME_BYTES} bytes`)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters')
  // the mDNS encoder (dns-packet) reads a backslash as escaping the next character: `Den\` would
  // swallow the dot before `_seed._tcp.local` and announce a broken name
  .refine((name) => !name.includes('\\'), 'must not contain a backslash (\\)');

const interfaceNameSchema = z.string({ error: 'must be an interface name' }).min(1, 'must not be empty').max(64, 'must be at most 64 characters');
const interfacesSchema = z
  .array(interfaceNameSchema, { error: 'must be a list of interface names, or null for all' })
  .max(64, 'has more than 64 interfaces')
  .refine((names) => new Set(names).size === names.length, 'names an interface twice')
  .nullable();
const flag = z.boolean({ error: 'must be true or false' });

export const networkSettingsChangeSchema = z
  .object({ name: serverNameSchema.nullable().optional(), announce: flag.optional(), interfaces: interfacesSchema.optional(), remoteAccess: flag.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one of name, announce, interfaces, remoteAccess' });
export type NetworkSettingsChange = z.input<typeof networkSettingsChangeSchema>;

export interface NetworkSettings {
  /** the name announced and shown; the default follows the machine's name */
  name: string;
  announce: boolean;
  /** null: every interface */
  interfaces: string[] | null;
  remoteAccess: boolean;
}

const KEYS = { name: 'network.name', announce: 'network.announce', interfaces: 'network.interfaces', remoteAccess: 'network.remoteAccess' } as const;
const ID_KEY = 'server.id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const defaultServerName = (hostname: string) => `${hostname.split('.')[0] || 'Home'} Seed`;

export type NetworkSettingsService = ReturnType<typeof createNetworkSettings>;

export function createNetworkSettings(store: Pick<SettingsStore, 'get' | 'setMany' | 'removeMany'>, deps: { hostname: string; log: Logger; randomId?: () => string }) {
  const defaultName = defaultServerName(deps.hostname);

  /** A stored field, or its default when unset or unreadable (warned: edited by hand, or another version wrote it). */
  function read<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = store.get(key);
    if (raw === null) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: as unreadable as a wrong value
    }
    deps.log.warn({ key, value: raw.slice(0, 200) }, 'stored network setting is unreadable; using the default');
    return fallback;
  }

  const load = (): NetworkSettings => ({
    name: read(KEYS.name, serverNameSchema, defaultName),
    announce: read(KEYS.announce, flag, true),
    interfaces: read(KEYS.interfaces, interfacesSchema, null),
    remoteAccess: read(KEYS.remoteAccess, flag, false),
  });
  let current = load();
  let isNamed = store.get(KEYS.name) !== null;

  /** Made at random on first use and kept: apps recognise the server by it when its address or name changes. */
  let id = store.get(ID_KEY);
  if (id === null || !UUID.test(id)) {
    id = (deps.randomId ?? randomUUID)();
    store.setMany([[ID_KEY, id]]);
  }
  const serverId = id;

  return {
    get: (): NetworkSettings => ({ ...current, interfaces: current.interfaces && [...current.interfaces] }),
    defaultName: () => defaultName,
    serverId: () => serverId,
    /** the name the admin gave; null while it is the default */
    customName: (): string | null => (isNamed ? current.name : null),
    remoteAccess: () => current.remoteAccess,
    /** Validates (400 naming the field) and stores the fields given; a null name goes back to the default. */
    update(change: NetworkSettingsChange): NetworkSettings {
      const valid = parseInput(networkSettingsChangeSchema, change, 'settings');
      const set: [string, string][] = [];
      const removed: string[] = [];
      if (valid.name !== undefined) (valid.name === null ? removed.push(KEYS.name) : set.push([KEYS.name, JSON.stringify(valid.name)]));
      for (const field of ['announce', 'interfaces', 'remoteAccess'] as const) if (valid[field] !== undefined) set.push([KEYS[field], JSON.stringify(valid[field])]);
      store.setMany(set);
      if (removed.length > 0) store.removeMany(removed);
      current = load();
      isNamed = store.get(KEYS.name) !== null;
      deps.log.info({ fields: Object.keys(valid), remoteAccess: current.remoteAccess }, 'network settings changed');
      return this.get();
    },
  };
}
