// `seed profiles …` and `seed token …`: household profiles and API keys from a terminal or a script.
// They write the data folder's database directly, so they work while the server runs (SQLite in WAL
// mode takes a second writer; the server reads profiles and keys on every request).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { openDatabase } from '../db/open.js';
import { AppError } from '../errors.js';
import { createProfilesService, type ProfilesService } from './profiles.service.js';
import { createProfilesStore } from './profiles.store.js';
import { AVATARS, type Avatar } from './profiles.types.js';
import { PROFILE_ROLES, type ProfileRole } from './viewer.js';

export interface CommandIo {
  /** the data folder the command was given (or the default one) */
  dataDir: (cmd: Command) => string;
  out: (line: string) => void;
}

/** Runs `fn` on the data folder's profiles; the database must exist (the server made it, or `seed scan` did). */
function withProfiles<T>(dataDir: string, fn: (profiles: ProfilesService) => Promise<T> | T): Promise<T> {
  const file = join(dataDir, 'seed.db');
  if (!existsSync(file)) throw new AppError(404, 'not_found', `no Seed data in ${dataDir}: start the server once (seed serve --data ${dataDir}), or pass --data`);
  const db = openDatabase(file);
  return Promise.resolve()
    .then(() => fn(createProfilesService({ store: createProfilesStore(db), now: Date.now })))
    .finally(() => db.close());
}

const profileNamed = (profiles: ProfilesService, name: string) => {
  const profile = profiles.list().find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!profile) throw new AppError(404, 'not_found', `no profile named ${name} (there are: ${profiles.list().map((p) => p.name).join(', ')})`);
  return profile;
};

export function addProfileCommands(program: Command, dataOption: () => Option, io: CommandIo): void {
  const profiles = program.command('profiles').description("the household's profiles");
  profiles
    .command('add')
    .description('add a profile')
    .argument('<name>', 'its name, as the picker shows it')
    .addOption(new Option('--role <role>', 'admin, adult or kid').choices(PROFILE_ROLES).default('adult'))
    .addOption(new Option('--avatar <avatar>', 'its picture').choices(AVATARS).default('star'))
    .option('--pin <pin>', 'a 4-digit PIN')
    .addOption(dataOption())
    .action(async function (this: Command, name: string, flags: { role: ProfileRole; avatar: Avatar; pin?: string }) {
      const made = await withProfiles(io.dataDir(this), (p) =>
        p.create({ name: name.trim(), avatar: flags.avatar, role: flags.role, audioLanguage: null, subtitleLanguage: null, movieCeiling: null, tvCeiling: null, allowUnrated: false, libraryIds: null }, flags.pin ?? null),
      );
      const limits = made.role === 'kid' ? ` (up to ${[made.movieCeiling, made.tvCeiling].filter(Boolean).join(' and ')})` : '';
      io.out(`added ${made.name}: ${made.role}${limits}${made.hasPin ? ', with a PIN' : ''} (profile ${made.id})`);
    });
  profiles
    .command('list')
    .description('list the profiles')
    .addOption(dataOption())
    .action(async function (this: Command) {
      await withProfiles(io.dataDir(this), (p) => {
        for (const profile of p.list()) io.out(`${String(profile.id).padStart(3)}  ${profile.name.padEnd(20)} ${profile.role.padEnd(6)} ${profile.hasPin ? 'PIN' : ''}`.trimEnd());
      });
    });
  profiles
    .command('remove')
    .description('remove a profile (its devices and keys are signed out)')
    .argument('<name>')
    .addOption(dataOption())
    .action(async function (this: Command, name: string) {
      await withProfiles(io.dataDir(this), (p) => p.remove(profileNamed(p, name).id));
      io.out(`removed ${name}`);
    });

  const token = program.command('token').description('API keys for scripts and home automation (Authorization: Bearer …)');
  token
    .command('create')
    .description('make an API key for a profile; the key is the last word printed')
    .requiredOption('--profile <name>', 'the profile the key acts for')
    .option('--name <name>', 'what the key is for, as the admin page lists it', 'Command line')
    .addOption(dataOption())
    .action(async function (this: Command, flags: { profile: string; name: string }) {
      const { key, apiKey } = await withProfiles(io.dataDir(this), (p) => p.createKey(profileNamed(p, flags.profile).id, flags.name));
      io.out(`API key ${apiKey.id} "${apiKey.name}" for ${flags.profile}; send it as Authorization: Bearer <key>. It is shown only now:`);
      io.out(key);
    });
  token
    .command('list')
    .description('list the API keys (by their first characters)')
    .addOption(dataOption())
    .action(async function (this: Command) {
      await withProfiles(io.dataDir(this), (p) => {
        const names = new Map(p.list().map((profile) => [profile.id, profile.name]));
        for (const k of p.keys()) io.out(`${String(k.id).padStart(3)}  ${k.prefix}…  ${(names.get(k.profileId) ?? '?').padEnd(16)} ${k.name}`);
      });
    });
  token
    .command('revoke')
    .description('revoke an API key')
    .argument('<id>', 'its number, from `seed token list`')
    .addOption(dataOption())
    .action(async function (this: Command, id: string) {
      if (!/^[1-9][0-9]*$/.test(id)) throw new AppError(400, 'bad_request', `id: ${id} is not a key number`);
      await withProfiles(io.dataDir(this), (p) => p.revokeKey(Number(id)));
      io.out(`revoked API key ${id}`);
    });
}
