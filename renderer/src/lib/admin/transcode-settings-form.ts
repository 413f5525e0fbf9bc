// The transcoding settings form as plain data: text fields in, the request out, the server's errors
// placed by the field they name. Pure, so the tests need no browser.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { TranscodeSettingsValuesDto, UpdateTranscodeSettingsRequest, X264PresetDto } from '../api.ts';

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
}

/** The form showing saved values; row keys start at `firstKey`. */
export function formOf(values: TranscodeSettingsValuesDto, firstKey = 0): SettingsForm {
  return {
    rungs: values.ladder.map((r, i) => ({ key: firstKey + i, height: String(r.height), videoKbps: String(r.videoKbps) })),
    preset: values.preset,
    quotaGb: values.quotaGb === null ? '' : String(values.quotaGb),
  };
}

/** Field paths as the server names them: "ladder.1.height", "preset", "quotaGb"; "form" for the rest. */
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
  return { ok: true, request: { ladder, preset: form.preset, quotaGb } };
}

/** "ladder.1.height: must be even" → that field and "must be even"; a message naming no known field goes to the form. */
export function fieldErrorOf(message: string): FieldErrors {
  const match = /^((?:ladder(?:\.\d+(?:\.(?:height|videoKbps))?)?)|preset|quotaGb): (.+)$/s.exec(message);
  return match?.[1] && match[2] ? { [match[1]]: match[2] } : { form: message };
}

/** Where a field's error is shown: a rung's own field, the rung's row, or the whole ladder. */
export function rungErrors(errors: FieldErrors, index: number): { height?: string; videoKbps?: string; row?: string } {
  const at = (suffix: string) => errors[`ladder.${index}${suffix}`];
  return { height: at('.height'), videoKbps: at('.videoKbps'), row: at('') };
}

/** The first field with an error, in the order of the form, to take the focus. */
export function firstErrorField(errors: FieldErrors, rungCount: number): string | null {
  const order = [...Array.from({ length: rungCount }, (_, i) => [`ladder.${i}.height`, `ladder.${i}.videoKbps`, `ladder.${i}`]).flat(), 'ladder', 'preset', 'quotaGb', 'form'];
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
