// Pure words for what a title's files hold: sizes, resolutions, languages, audio and subtitle tracks, credits.
import type { MediaFileDto, PersonCreditDto, StreamDto, SubtitleDto, VersionDto } from './api.ts';

/** 1536 → "1.5 KB", 4_800_000_000 → "4.47 GB" (binary units, as file managers show them) */
export function formatBytes(sizeBytes: number): string {
  if (!Number.isFinite(sizeBytes) || sizeBytes < 0) return '';
  if (sizeBytes < 1024) return `${sizeBytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'] as const;
  let value = sizeBytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${units[unit]}`;
}

/** The usual name of a picture size: "4K", "1080p", "720p", "480p"; by the height, or the width for wide films. */
export function resolutionLabel(width: number | null, height: number | null): string | null {
  if (!width || !height) return null;
  // a 1920x800 scope film is still "1080p": judge by whichever side is closer to a standard frame
  const h = Math.max(height, Math.round((width * 9) / 16));
  if (h >= 2000) return '4K';
  if (h >= 1300) return '1440p';
  if (h >= 1000) return '1080p';
  if (h >= 700) return '720p';
  if (h >= 560) return '576p';
  if (h >= 470) return '480p';
  return `${height}p`;
}

const languageNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return null;
  }
})();

/** "en", "eng", "pt-BR" → "English", "English", "Brazilian Portuguese"; null for none or undetermined. */
export function languageName(code: string | null): string | null {
  const tag = code?.trim();
  if (!tag || tag.toLowerCase() === 'und' || tag.toLowerCase() === 'mis') return null;
  try {
    const name = languageNames?.of(tag);
    // an unknown code comes back unchanged: show it as it is, upper-cased
    return name && name.toLowerCase() !== tag.toLowerCase() ? name : tag.toUpperCase();
  } catch {
    return tag.toUpperCase();
  }
}

/** 1 → "mono", 2 → "stereo", 6 → "5.1", 8 → "7.1" */
export function channelLayout(channels: number | null): string | null {
  switch (channels) {
    case null:
    case 0:
      return null;
    case 1:
      return 'mono';
    case 2:
      return 'stereo';
    case 6:
      return '5.1';
    case 8:
      return '7.1';
    default:
      return `${channels} channels`;
  }
}

/** "English · AAC 5.1"; "Unknown language · AC3 stereo" */
export function audioLabel(stream: StreamDto): string {
  const what = [stream.codec.toUpperCase(), channelLayout(stream.channels)].filter(Boolean).join(' ');
  return `${languageName(stream.language) ?? 'Unknown language'} · ${what}`;
}

/** What a subtitle is known by, in the file or next to it. */
type SubtitleFacts = Pick<SubtitleDto, 'language' | 'forced' | 'default' | 'hearingImpaired'>;

/** The flags a viewer picks a subtitle by: forced (only foreign lines), SDH (for the deaf and hard of hearing). */
export function subtitleFlags(sub: SubtitleFacts): string[] {
  return [sub.forced ? 'Forced' : null, sub.hearingImpaired ? 'SDH' : null, sub.default ? 'Default' : null].filter(
    (flag): flag is string => flag !== null,
  );
}

/** "English (Forced, SDH)"; "Unknown language" */
export function subtitleLabel(sub: SubtitleFacts): string {
  const flags = subtitleFlags(sub);
  const name = languageName(sub.language) ?? 'Unknown language';
  return flags.length ? `${name} (${flags.join(', ')})` : name;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** The audio languages a title can be heard in, in track order, each once. */
export function audioLanguages(files: readonly MediaFileDto[]): string[] {
  return unique(
    files.flatMap((f) => f.streams.filter((s) => s.type === 'audio').map((s) => languageName(s.language) ?? 'Unknown language')),
  );
}

/**
 * The subtitle tracks a title offers, each label once: "English", "English (SDH)", "French (Forced)":
 * those inside the file, then the files next to it.
 */
export function subtitleLabels(files: readonly MediaFileDto[]): string[] {
  const inside = (f: MediaFileDto) =>
    f.streams.filter((s) => s.type === 'subtitle').map((s) => subtitleLabel({ language: s.language, forced: s.forced, default: s.default, hearingImpaired: false }));
  return unique(files.flatMap((f) => [...inside(f), ...f.subtitles.map(subtitleLabel)]));
}

/** What plays when Play is pressed: the first version (the picker comes later). */
export const playedVersion = (versions: readonly VersionDto[]): VersionDto | null => versions[0] ?? null;

/** A version's name: its label, else what sets it apart ("1080p"), else "Version 2". */
export function versionName(version: VersionDto, index: number): string {
  if (version.label) return version.label;
  const first = version.parts[0];
  return (first && resolutionLabel(first.width, first.height)) ?? `Version ${index + 1}`;
}

export interface CreditGroups {
  directors: string[];
  writers: string[];
  cast: PersonCreditDto[];
}

/** People by role, each name once per role, in the order the metadata lists them. */
export function creditGroups(people: readonly PersonCreditDto[]): CreditGroups {
  const names = (role: PersonCreditDto['role']) => unique(people.filter((p) => p.role === role).map((p) => p.name));
  const seen = new Set<number>();
  const cast = people.filter((p) => p.role === 'actor' && !seen.has(p.id) && seen.add(p.id));
  return { directors: names('director'), writers: names('writer'), cast };
}
