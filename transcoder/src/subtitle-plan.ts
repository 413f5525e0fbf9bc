import { extname } from 'node:path';
import { languageName, languageTag, uniqueNames } from './languages.js';
import type { StreamInfo } from './probe-details.js';

export type SubtitleSource =
  | { kind: 'embedded'; /** N in ffmpeg's `0:s:N`: the track's place among the source's subtitle streams */ sourceIndex: number }
  | { kind: 'sidecar'; path: string };

/** A subtitle file next to the video, as the library scanner read its name (`Movie.en.forced.srt`). */
export interface SubtitleSidecar {
  path: string;
  /** the language the name tells ("en", "pt-BR"); null when it names none */
  language: string | null;
  isForced?: boolean;
  isHearingImpaired?: boolean;
}

interface SubtitleFacts {
  source: SubtitleSource;
  /** ffprobe's codec name; a sidecar's comes from its extension */
  codec: string;
  /** RFC 5646 tag for HLS LANGUAGE ("en"); null when unknown */
  language: string | null;
  /** shown in the player's subtitle menu, unique within the title */
  name: string;
  isForced: boolean;
}

/** webvtt: converted into the ladder; burn-in: a picture subtitle, burned into the video when chosen; unsupported: neither. */
export type PlannedSubtitle =
  | (SubtitleFacts & { kind: 'webvtt' })
  | (SubtitleFacts & { kind: 'burn-in'; reason: string })
  | (SubtitleFacts & { kind: 'unsupported'; reason: string });

/** Text codecs (ffprobe names) that ffmpeg's decoders turn into events its WebVTT encoder takes. */
const TEXT_CODECS: ReadonlySet<string> = new Set(['subrip', 'ass', 'ssa', 'mov_text', 'webvtt', 'text', 'sami']);

/** Picture codecs, named as people know them. */
const IMAGE_CODECS: Readonly<Record<string, string>> = {
  hdmv_pgs_subtitle: 'PGS (Blu-ray)',
  dvd_subtitle: 'VobSub (DVD)',
  dvb_subtitle: 'DVB',
  xsub: 'XSUB (DivX)',
};

// `.sub` is left out: it is MicroDVD text or the picture half of a VobSub pair, which `.idx` opens
const SIDECAR_CODECS: Readonly<Record<string, string>> = {
  '.srt': 'subrip', '.ass': 'ass', '.ssa': 'ssa', '.vtt': 'webvtt', '.smi': 'sami', '.sup': 'hdmv_pgs_subtitle', '.idx': 'dvd_subtitle',
};

const BURN_IN = (codec: string) => `${IMAGE_CODECS[codec] ?? codec} subtitles are pictures: burned into the video when chosen`;

/**
 * What becomes of each subtitle: the source's subtitle streams in order, then the sidecars in the order
 * given. Text ones (SRT, ASS/SSA, mov_text, WebVTT, SAMI) become WebVTT renditions; picture ones (PGS,
 * VobSub, DVB, XSUB) can only be burned in. Names: the stream's title, else the language's English name
 * (with "forced" or "SDH" when flagged), else "Subtitles N".
 */
export function planSubtitles(streams: readonly StreamInfo[], sidecars: readonly SubtitleSidecar[] = []): PlannedSubtitle[] {
  const facts = [
    ...streams
      .filter((s) => s.type === 'subtitle')
      .map((s, i) => ({
        source: { kind: 'embedded', sourceIndex: i } as const,
        codec: s.codec,
        language: languageTag(s.language),
        title: s.title,
        isForced: s.isForced,
        isHearingImpaired: s.isHearingImpaired,
        isImage: s.isImageSubtitle || s.codec in IMAGE_CODECS,
      })),
    ...sidecars.map((s) => {
      const extension = extname(s.path).toLowerCase();
      const codec = SIDECAR_CODECS[extension] ?? (extension.slice(1) || 'unknown');
      return {
        source: { kind: 'sidecar', path: s.path } as const,
        codec,
        language: languageTag(s.language),
        title: null,
        isForced: s.isForced ?? false,
        isHearingImpaired: s.isHearingImpaired ?? false,
        isImage: codec in IMAGE_CODECS,
      };
    }),
  ];
  const names = uniqueNames(
    facts.map((f, i) => {
      if (f.title) return f.title;
      const flags = [...(f.isForced ? ['forced'] : []), ...(f.isHearingImpaired ? ['SDH'] : [])];
      const base = languageName(f.language) ?? `Subtitles ${i + 1}`;
      return flags.length > 0 ? `${base} (${flags.join(', ')})` : base;
    }),
  );
  return facts.map((f, i): PlannedSubtitle => {
    const common = { source: f.source, codec: f.codec, language: f.language, name: names[i]!, isForced: f.isForced };
    if (f.isImage) return { kind: 'burn-in', ...common, reason: BURN_IN(f.codec) };
    if (TEXT_CODECS.has(f.codec)) return { kind: 'webvtt', ...common };
    return { kind: 'unsupported', ...common, reason: `${f.codec} subtitles cannot be converted to WebVTT` };
  });
}
