import { languageName, languageTag, uniqueNames } from './languages.js';
import type { MediaInfo } from './media-info.js';

export interface AudioTrack {
  /** N in ffmpeg's `0:a:N`: the track's place among the source's audio streams */
  sourceIndex: number;
  /** RFC 5646 tag for HLS LANGUAGE ("en", "fr"); null when the stream has none */
  language: string | null;
  /** shown in the player's audio menu, unique within the title */
  name: string;
}

export interface AudioPlan {
  /** muxed into every video rung, so a rung plays alone */
  main: AudioTrack;
  /** the source's other tracks, each an audio-only rendition (a1, a2, …) in this order */
  alternatives: readonly AudioTrack[];
}

/**
 * Which audio tracks a ladder plays: the source's default-flagged track (else its first) is muxed into
 * the rungs; every other track becomes an alternative. Names: the stream's title, else the language's
 * English name, else "Track N". Null when the source has no audio. Older probes without details
 * know no titles or default flags: the first track is the main one.
 */
export function planAudio(media: MediaInfo): AudioPlan | null {
  if (media.audio.length === 0) return null;
  const details = new Map((media.details?.streams ?? []).filter((s) => s.type === 'audio').map((s) => [s.index, s]));
  const tracks = media.audio.map((stream, i) => {
    const detail = details.get(stream.index);
    const language = languageTag(detail?.language ?? stream.language);
    return { sourceIndex: i, language, label: detail?.title ?? languageName(language) ?? `Track ${i + 1}`, isDefault: detail?.isDefault ?? false };
  });
  const mainAt = Math.max(0, tracks.findIndex((t) => t.isDefault));
  const ordered = [tracks[mainAt]!, ...tracks.filter((_, i) => i !== mainAt)];
  const names = uniqueNames(ordered.map((t) => t.label));
  const [main, ...alternatives] = ordered.map((t, i): AudioTrack => ({ sourceIndex: t.sourceIndex, language: t.language, name: names[i]! }));
  return { main: main!, alternatives };
}
