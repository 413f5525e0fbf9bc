import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_PORT = 8420;
export const CONFIG_FILE = 'config.json';

/** Every setting Seed reads, with its default. Keys are the same in config.json, SEED_* and flags. */
export const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
    host: z.string().min(1).default('0.0.0.0'),
    libraries: z.array(z.string().min(1)).default([]),
    discovery: z.boolean().default(true),
    ffmpegPath: z.string().min(1).nullable().default(null),
    ffprobePath: z.string().min(1).nullable().default(null),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    segmentSeconds: z.coerce.number().int().min(1).max(30).default(4),
    /** how many transcodes run at once; 0 = decided from the core count */
    transcodeConcurrency: z.coerce.number().int().min(0).max(64).default(0),
    /** live watching of library folders */
    watch: z.boolean().default(true),
    /** the periodic safety rescan; 0 turns it off */
    rescanIntervalMinutes: z.coerce.number().int().min(0).max(10_080).default(360),
  })
  .strict();

export type Config = z.infer<typeof configSchema> & { dataDir: string };
export type ConfigInput = Partial<Record<keyof z.infer<typeof configSchema>, unknown>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ENV_KEYS: Record<string, keyof z.infer<typeof configSchema>> = {
  SEED_PORT: 'port',
  SEED_HOST: 'host',
  SEED_LIBRARIES: 'libraries',
  SEED_DISCOVERY: 'discovery',
  SEED_FFMPEG: 'ffmpegPath',
  SEED_FFPROBE: 'ffprobePath',
  SEED_LOG_LEVEL: 'logLevel',
  SEED_SEGMENT_SECONDS: 'segmentSeconds',
  SEED_TRANSCODE_CONCURRENCY: 'transcodeConcurrency',
  SEED_WATCH: 'watch',
  SEED_RESCAN_INTERVAL_MINUTES: 'rescanIntervalMinutes',
};

function envBoolean(name: string, value: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/** SEED_* variables → config keys. SEED_LIBRARIES is a list separated by the path delimiter. */
export function configFromEnv(env: NodeJS.ProcessEnv, pathDelimiter: string): ConfigInput {
  const out: ConfigInput = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (key === 'libraries') out.libraries = value.split(pathDelimiter).filter(Boolean);
    else if (key === 'discovery' || key === 'watch') out[key] = envBoolean(name, value);
    else out[key] = value;
  }
  return out;
}

/** Reads `<dataDir>/config.json`; a missing file is an empty config, a broken one an error. */
export function readConfigFile(dataDir: string): ConfigInput {
  const path = join(dataDir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as ConfigInput;
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Pure: defaults < file < environment < flags, validated with one schema. Library lists are
 * not merged: the most specific source that names libraries wins, like every other key.
 * A bad value throws ConfigError naming the key and where it came from.
 */
export function resolveConfig(dataDir: string, layers: { file: ConfigInput; env: ConfigInput; flags: ConfigInput }): Config {
  const merged: ConfigInput = {};
  const origin: Record<string, string> = {};
  for (const [source, layer] of [['config.json', layers.file], ['environment', layers.env], ['command line', layers.flags]] as const) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      (merged as Record<string, unknown>)[key] = value;
      origin[key] = source;
    }
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    const topKey = String(issue.path[0] ?? key);
    const where = origin[topKey] ?? 'config.json';
    throw new ConfigError(`invalid setting "${key}" (from ${where}): ${issue.message}`);
  }
  return { ...result.data, dataDir };
}
