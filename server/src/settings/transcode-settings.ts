// The admin's transcoding settings: the ladder's rungs, the x264 preset, the disk quota for transcodes,
// the hardware encoder. Stored field by field in the `settings` table; a field never set (or reset)
// follows the defaults.
import { z } from 'zod';
import { DEFAULT_LADDER, type Rung, type X264Preset as TranscoderPreset } from '../../../transcoder/src/index.js';
import type { HardwareEncoderStatus } from '../../../transcoder/src/hw-detect.js';
import { chooseEncoder, HARDWARE_ENCODER_SETTINGS, HARDWARE_ENCODERS, type HardwareEncoder } from '../../../transcoder/src/hw-encoders.js';
import type { Db } from '../db/open.js';
import { parseInput } from '../http/validate.js';
import type { Logger } from '../log.js';
import { createSettingsStore } from './settings.store.js';

/**
 * The x264 presets offered, fastest first: each step slower gives better quality for the same bit
 * rate. Slower than medium cannot keep up with playback on a household machine (bench/transcode).
 */
export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const satisfies readonly TranscoderPreset[];
export type X264Preset = (typeof X264_PRESETS)[number];

/** With no quota set, transcodes may fill this share of the disk space they could use (free + their own). */
export const AUTO_QUOTA_SHARE = 0.25;
export const MAX_RUNGS = 8;
const BYTES_PER_GB = 1e9;

const wholeNumber = (what: string) => z.number({ error: 'must be a number' }).int(`must be a whole number of ${what}`);
const height = wholeNumber('pixels')
  .min(144, 'must be at least 144')
  .max(4320, 'must be at most 4320')
  // yuv420p halves the chroma planes: odd sizes do not encode
  .refine((h) => h % 2 === 0, 'must be even');
const videoKbps = wholeNumber('kbps').min(100, 'must be at least 100').max(100_000, 'must be at most 100000');
const rung = z
  .object({ height, videoKbps }, { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object with height and videoKbps' : undefined) })
  .strict();

export const ladderSchema = z
  .array(rung, { error: 'must be a list of rungs' })
  .min(1, 'needs at least one rung')
  .max(MAX_RUNGS, `has more than ${MAX_RUNGS} rungs`)
  .superRefine((rungs, ctx) => {
    const seen = new Set<number>();
    rungs.forEach((r, index) => {
      if (seen.has(r.height)) ctx.addIssue({ code: 'custom', message: `${r.height}p is in the ladder twice`, path: [index, 'height'] });
      seen.add(r.height);
    });
  })
  .overwrite((rungs) => [...rungs].sort((a, b) => a.height - b.height));
export const presetSchema = z.enum(X264_PRESETS, { error: `must be one of ${X264_PRESETS.join(', ')}` });
export const quotaGbSchema = z
  .number({ error: 'must be a number of GB, or null for automatic' })
  .min(1, 'must be at least 1 GB')
  .max(1_000_000, 'must be at most 1000000 GB')
  .nullable();

/** 'off': libx264; 'auto': the first hardware encoder that works here; or one by name, used while it works. */
export const hardwareEncoderSchema = z.enum(HARDWARE_ENCODER_SETTINGS, { error: `must be one of ${HARDWARE_ENCODER_SETTINGS.join(', ')}` });

export const transcodeSettingsSchema = z.object({ ladder: ladderSchema, preset: presetSchema, quotaGb: quotaGbSchema, hardwareEncoder: hardwareEncoderSchema });
export type TranscodeSettings = z.infer<typeof transcodeSettingsSchema>;

/** A partial change: the fields given replace the stored ones. */
export const transcodeSettingsChangeSchema = z
  .object({ ladder: ladderSchema.optional(), preset: presetSchema.optional(), quotaGb: quotaGbSchema.optional(), hardwareEncoder: hardwareEncoderSchema.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one of ladder, preset, quotaGb, hardwareEncoder' });
export type TranscodeSettingsChange = z.input<typeof transcodeSettingsChangeSchema>;

export const DEFAULT_TRANSCODE_SETTINGS: Readonly<TranscodeSettings> = Object.freeze({
  ladder: DEFAULT_LADDER.map((r) => ({ ...r })),
  preset: 'veryfast',
  quotaGb: null,
  // a GPU encodes faster but softer at the same bit rate, and its drivers fail in ways libx264 does not: the admin opts in
  hardwareEncoder: 'off',
});

const FIELDS = {
  ladder: { key: 'transcode.ladder', schema: ladderSchema },
  preset: { key: 'transcode.preset', schema: presetSchema },
  quotaGb: { key: 'transcode.quotaGb', schema: quotaGbSchema },
  hardwareEncoder: { key: 'transcode.hardwareEncoder', schema: hardwareEncoderSchema },
} as const;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];

/**
 * How many bytes transcodes may take. `null` (automatic) is a share of what they could use: the
 * disk's free space plus what they take already, so the quota does not shrink as they grow.
 */
export function transcodeQuotaBytes(quotaGb: number | null, disk: { freeBytes: number; usedBytes: number }): number {
  if (quotaGb !== null) return Math.round(quotaGb * BYTES_PER_GB);
  return Math.floor(Math.max(0, disk.freeBytes + disk.usedBytes) * AUTO_QUOTA_SHARE);
}

export type TranscodeSettingsService = ReturnType<typeof createTranscodeSettings>;

/** The test encodes of this server's ffmpeg (inspectHardwareEncoders); they take a second or so. */
export type DetectHardware = () => Promise<HardwareEncoderStatus[]>;

/** `detectHardware` absent (tests, tools): no hardware encoder is tried, every one reads as not tested. */
export function createTranscodeSettings(db: Db, log: Logger, opts: { detectHardware?: DetectHardware } = {}) {
  const store = createSettingsStore(db);
  /** stored values already reported as unreadable: warned once, not at every read */
  const reported = new Set<string>();

  /** A stored field, or its default when unset or unreadable (hand-edited, written by another version). */
  function read<F extends Field>(field: F): TranscodeSettings[F] {
    const { key, schema } = FIELDS[field];
    const raw = store.get(key);
    const fallback = structuredClone(DEFAULT_TRANSCODE_SETTINGS[field]);
    if (raw === null) return fallback;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return unreadable(key, raw, 'not JSON', fallback);
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as TranscodeSettings[F];
    const issue = parsed.error.issues[0]!;
    return unreadable(key, raw, [field, ...issue.path].join('.') + `: ${issue.message}`, fallback);
  }

  function unreadable<T>(key: string, raw: string, reason: string, fallback: T): T {
    if (!reported.has(`${key}=${raw}`)) {
      reported.add(`${key}=${raw}`);
      log.warn({ key, value: raw.slice(0, 200), reason }, 'stored transcoding setting is unreadable; using the default');
    }
    return fallback;
  }

  const get = (): TranscodeSettings => ({ ladder: read('ladder'), preset: read('preset'), quotaGb: read('quotaGb'), hardwareEncoder: read('hardwareEncoder') });

  /** the first detection, shared by every caller after it; a failed one is tried again at the next call */
  let detection: Promise<HardwareEncoderStatus[]> | null = null;
  function hardware(): Promise<HardwareEncoderStatus[]> {
    const detect = opts.detectHardware;
    if (!detect) return Promise.resolve(HARDWARE_ENCODERS.map((encoder) => ({ encoder, works: false, reason: `${encoder}: not tested on this server` })));
    detection ??= detect().then(
      (statuses) => {
        log.info({ works: statuses.filter((s) => s.works).map((s) => s.encoder), notAvailable: statuses.flatMap((s) => (s.works ? [] : [s.reason])) }, 'hardware encoders tested');
        return statuses;
      },
      (err: unknown) => {
        detection = null;
        throw err;
      },
    );
    return detection;
  }

  return {
    get,
    defaults: (): TranscodeSettings => structuredClone(DEFAULT_TRANSCODE_SETTINGS) as TranscodeSettings,
    /** Validates (400 naming the field) and stores the fields given; the ladder is saved sorted by height. */
    update(change: TranscodeSettingsChange): TranscodeSettings {
      const valid = parseInput(transcodeSettingsChangeSchema, change, 'settings');
      const entries = FIELD_NAMES.filter((f) => valid[f] !== undefined).map((f) => [FIELDS[f].key, JSON.stringify(valid[f])] as const);
      store.setMany(entries);
      log.info({ fields: entries.map(([key]) => key) }, 'transcoding settings changed');
      return get();
    },
    /** Back to the defaults: the stored fields are forgotten. */
    reset(): TranscodeSettings {
      store.removeMany(FIELD_NAMES.map((f) => FIELDS[f].key));
      log.info('transcoding settings reset to the defaults');
      return get();
    },
    /** The rungs to encode, lowest first (for planLadder). A fresh copy each call. */
    ladder: (): Rung[] => read('ladder'),
    /** The x264 preset for `-preset`. */
    preset: (): X264Preset => read('preset'),
    /** The admin's hardware encoder setting, as stored. */
    hardwareEncoder: () => read('hardwareEncoder'),
    /** Each hardware encoder and whether it works here: detected at the first call, then remembered. */
    hardware,
    /**
     * The hardware encoder to encode with (chooseEncoder), null for libx264: when the setting is off, when
     * the one named does not work here, or when the detection itself failed (warned, encoding goes on in software).
     */
    async videoEncoder(): Promise<HardwareEncoder | null> {
      const setting = read('hardwareEncoder');
      if (setting === 'off') return null;
      let statuses: HardwareEncoderStatus[];
      try {
        statuses = await hardware();
      } catch (err) {
        log.warn({ err }, 'hardware encoder detection failed; encoding with libx264');
        return null;
      }
      const encoder = chooseEncoder(setting, statuses);
      if (encoder === null && !reported.has(`hardwareEncoder=${setting}`)) {
        reported.add(`hardwareEncoder=${setting}`);
        const why = setting === 'auto' ? 'none works here' : (statuses.find((s) => s.encoder === setting)?.reason ?? 'it does not work here');
        log.warn({ setting, why }, 'no hardware encoder to use; encoding with libx264');
      }
      return encoder;
    },
    /** The byte budget of the transcodes folder, given the disk's free space and what transcodes use now. */
    quotaBytes: (disk: { freeBytes: number; usedBytes: number }): number => transcodeQuotaBytes(read('quotaGb'), disk),
  };
}
