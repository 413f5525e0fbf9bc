// The transcoding settings form as plain data: text fields in, the request out, the server's errors
// placed by the field they name. Pure, so the tests need no browser.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type {
  HardwareEncoderDto,
  HardwareEncoderSettingDto,
  HardwareSupportDto,
  TranscodeSettingsValuesDto,
  UpdateTranscodeSettingsRequest,
  X264PresetDto,
} from '../api.ts';

/** One line per preset: what the admin trades. Fastest first, as the server lists them. */
const PRESET_HINTS: Readonly<Record<X264PresetDto, string>> = {
  ultrafast: 'Fastest encode, lowest quality per bit',
  superfast: 'Very fast, visibly softer at the same bit rate',
  veryfast: 'Fast, with good quality for its speed',
  faster: 'A little slower, a little sharper',
  fast: 'Slower, better quality per bit',
  medium: 'Slowest offered, best quality per bit',
};

export function presetHint(preset: X264PresetDto): string {
  return PRESET_HINTS[preset] ?? '';
}

export interface RungField {
  /** stable across edits of the list, for the keyed each */
  key: number;
  height: string;
  videoKbps: string;
}

export interface SettingsForm {
  rungs: RungField[];
  preset: X264PresetDto;
  /** empty: automatic */
  quotaGb: string;
  hardwareEncoder: HardwareEncoderSettingDto;
}

/** The form showing saved values; row keys start at `firstKey`. */
export function formOf(values: TranscodeSettingsValuesDto, firstKey = 0): SettingsForm {
  return {
    rungs: values.ladder.map((r, i) => ({ key: firstKey + i, height: String(r.height), videoKbps: String(r.videoKbps) })),
    preset: values.preset,
    quotaGb: values.quotaGb === null ? '' : String(values.quotaGb),
    hardwareEncoder: values.hardwareEncoder,
  };
}

/** Field paths as the server names them: "ladder.1.height", "preset", "quotaGb", "hardwareEncoder"; "form" for the rest. */
export type FieldErrors = Record<string, string>;

const number = (text: string): number | null => {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
};

/**
 * The request for the form, or the fields that are not numbers at all (the server checks the
 * ranges, so its rules live in one place). The rows go in the order shown: the server's
 * "ladder.N" then points at the row on screen.
 */
export function requestOf(form: SettingsForm): { ok: true; request: Required<UpdateTranscodeSettingsRequest> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const ladder = form.rungs.map((r, i) => {
    const height = number(r.height);
    const videoKbps = number(r.videoKbps);
    if (height === null) errors[`ladder.${i}.height`] = r.height.trim() ? 'must be a number' : 'is required';
    if (videoKbps === null) errors[`ladder.${i}.videoKbps`] = r.videoKbps.trim() ? 'must be a number' : 'is required';
    return { height: height ?? 0, videoKbps: videoKbps ?? 0 };
  });
  const quotaGb = form.quotaGb.trim() === '' ? null : number(form.quotaGb);
  if (form.quotaGb.trim() !== '' && quotaGb === null) errors.quotaGb = 'must be a number of GB, or empty for automatic';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { ladder, preset: form.preset, quotaGb, hardwareEncoder: form.hardwareEncoder } };
}

/** "ladder.1.height: must be even" → that field and "must be even"; a message naming no known field goes to the form. */
export function fieldErrorOf(message: string): FieldErrors {
  const match = /^((?:ladder(?:\.\d+(?:\.(?:height|videoKbps))?)?)|preset|quotaGb|hardwareEncoder): (.+)$/s.exec(message);
  return match?.[1] && match[2] ? { [match[1]]: match[2] } : { form: message };
}

/** Where a field's error is shown: a rung's own field, the rung's row, or the whole ladder. */
export function rungErrors(errors: FieldErrors, index: number): { height?: string; videoKbps?: string; row?: string } {
  const at = (suffix: string) => errors[`ladder.${index}${suffix}`];
  return { height: at('.height'), videoKbps: at('.videoKbps'), row: at('') };
}

/** The first field with an error, in the order of the form, to take the focus. */
export function firstErrorField(errors: FieldErrors, rungCount: number): string | null {
  const order = [...Array.from({ length: rungCount }, (_, i) => [`ladder.${i}.height`, `ladder.${i}.videoKbps`, `ladder.${i}`]).flat(), 'ladder', 'preset', 'hardwareEncoder', 'quotaGb', 'form'];
  return order.find((field) => field in errors) ?? null;
}

/** What a rung costs on disk: "1.3 GB per hour" of video (audio comes on top). */
export function sizePerHour(videoKbps: string): string {
  const kbps = number(videoKbps);
  if (kbps === null || kbps <= 0) return '';
  const gb = (kbps * 1000 * 3600) / 8 / 1e9;
  return gb < 1 ? `${Math.round(gb * 1000)} MB per hour` : `${gb.toFixed(gb < 10 ? 1 : 0)} GB per hour`;
}

/** "Empty: automatic, up to a quarter of the free disk space" */
export function automaticQuotaWords(share: number): string {
  const named: Readonly<Record<string, string>> = { '0.25': 'a quarter', '0.5': 'half', '0.75': 'three quarters', '1': 'all' };
  const part = named[String(share)] ?? `${Math.round(share * 100)} %`;
  return `Empty: automatic, up to ${part} of the free disk space of the data folder.`;
}

/** A height as people say it: "720p"; empty while the field is not a number. */
export function rungName(height: string): string {
  const h = number(height);
  return h === null ? '' : `${h}p`;
}

/** The hardware encoders by the names people know them. */
const ENCODER_NAMES: Readonly<Record<HardwareEncoderDto, string>> = {
  h264_nvenc: 'NVIDIA NVENC',
  h264_qsv: 'Intel Quick Sync',
  h264_vaapi: 'VAAPI (Intel, AMD)',
  h264_videotoolbox: 'Apple VideoToolbox',
};

export const encoderName = (encoder: HardwareEncoderDto): string => ENCODER_NAMES[encoder] ?? encoder;

/** What the server knows of its hardware: still testing, the answer, or why it could not say. */
export type HardwareState = { kind: 'testing' } | { kind: 'known'; support: HardwareSupportDto } | { kind: 'failed'; message: string };

export interface HardwareChoice {
  value: HardwareEncoderSettingDto;
  label: string;
  /** what this choice means on this server: "Works here", "Not available: …" */
  status: string;
  /** false: an encoder that does not work here (choosing it still encodes on the CPU) */
  available: boolean;
}

/** The hardware encoding buttons in order: Off, Automatic, then each encoder the server offers, with what it means here. */
export function hardwareChoices(encoders: readonly HardwareEncoderDto[], state: HardwareState): HardwareChoice[] {
  const support = state.kind === 'known' ? state.support : null;
  const unknown = state.kind === 'testing' ? 'Testing this machine…' : 'Not tested';
  const automatic: HardwareChoice = {
    value: 'auto',
    label: 'Automatic',
    status: support ? (support.automatic ? `Uses ${encoderName(support.automatic)} here` : 'None works here: CPU instead') : unknown,
    // it picks one that works, or the CPU
    available: true,
  };
  return [
    { value: 'off', label: 'Off', status: 'On the CPU (libx264): best quality per bit', available: true },
    automatic,
    ...encoders.map((encoder): HardwareChoice => {
      const tested = support?.encoders.find((e) => e.encoder === encoder);
      return {
        value: encoder,
        label: encoderName(encoder),
        status: !support ? unknown : tested?.works ? 'Works here' : `Not available: ${tested?.reason ?? 'not tested'}`,
        available: tested?.works === true,
      };
    }),
  ];
}

/** One sentence under the choices: what encodes titles with the choice made, and what happens when it fails. */
export function hardwareSummary(choice: HardwareEncoderSettingDto, state: HardwareState): string {
  const fallback = 'if it fails on a title, the CPU (libx264) encodes that title instead.';
  if (choice === 'off') return 'Titles are encoded on the CPU (libx264).';
  if (state.kind === 'testing') return 'Testing which hardware encoders work on this machine…';
  if (state.kind === 'failed') return `Could not test the hardware encoders (${state.message}). Titles are encoded on the CPU until a test succeeds.`;
  const { support } = state;
  if (choice === 'auto') {
    return support.automatic
      ? `Titles are encoded by ${encoderName(support.automatic)}; ${fallback}`
      : 'No hardware encoder works on this machine: titles are encoded on the CPU (libx264).';
  }
  const works = support.encoders.some((e) => e.encoder === choice && e.works);
  return works ? `Titles are encoded by ${encoderName(choice)}; ${fallback}` : `${encoderName(choice)} does not work on this machine: titles are encoded on the CPU (libx264) instead.`;
}
