import type { PlannedRung } from './ladder.js';

export interface MeasuredVariant {
  rung: PlannedRung;
  /** path of the media playlist relative to the master */
  uri: string;
  /** bits per second of the busiest segment, and over the whole title */
  peakBps: number;
  averageBps: number;
  /** e.g. "avc1.64001f,mp4a.40.2" */
  codecs: string;
}

/** Peak and average bit rate from a media playlist's segment durations and the segments' sizes. */
export function measureBitrates(segments: readonly { seconds: number; bytes: number }[]): { peakBps: number; averageBps: number } {
  const timed = segments.filter((s) => s.seconds > 0);
  const totalSeconds = timed.reduce((sum, s) => sum + s.seconds, 0);
  const totalBits = timed.reduce((sum, s) => sum + s.bytes * 8, 0);
  return {
    peakBps: Math.round(Math.max(0, ...timed.map((s) => (s.bytes * 8) / s.seconds))),
    averageBps: totalSeconds > 0 ? Math.round(totalBits / totalSeconds) : 0,
  };
}

/** Segment durations (EXTINF) in order, and the segment URIs, from a media playlist. */
export function parseMediaPlaylist(text: string): { seconds: number; uri: string }[] {
  const out: { seconds: number; uri: string }[] = [];
  let pending: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) pending = Number(extinf[1]);
    else if (line && !line.startsWith('#') && pending !== null) {
      out.push({ seconds: pending, uri: line });
      pending = null;
    }
  }
  return out;
}

export interface AudioRendition {
  name: string;
  /** RFC 5646 ("en"); null when unknown */
  language: string | null;
  /** the media playlist relative to the master; null for the track muxed into the variants */
  uri: string | null;
}

export interface SubtitleRendition {
  name: string;
  language: string | null;
  uri: string;
  isForced: boolean;
}

/** The audio tracks (the muxed main one first) and subtitles of a master playlist. */
export interface MasterRenditions {
  audio: readonly AudioRendition[];
  subtitles: readonly SubtitleRendition[];
}

export const AUDIO_GROUP = 'aud';
export const SUBTITLE_GROUP = 'subs';

/** A quoted-string attribute value: no double quotes or line breaks allowed (RFC 8216 §4.2). */
const quoted = (text: string) => `"${text.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;

/** EXT-X-MEDIA tags: an audio group when there is more than one track, a subtitle group when there are any. */
export function mediaTags(renditions: MasterRenditions): string[] {
  const language = (tag: string | null) => (tag ? [`LANGUAGE=${quoted(tag)}`] : []);
  const audio = renditions.audio.length > 1 ? renditions.audio : [];
  return [
    ...audio.map((a, i) =>
      [
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${AUDIO_GROUP}",NAME=${quoted(a.name)}`,
        ...language(a.language),
        `DEFAULT=${i === 0 ? 'YES' : 'NO'}`,
        'AUTOSELECT=YES',
        // every track is encoded as stereo
        'CHANNELS="2"',
        // no URI: the track is the one inside the variant streams (RFC 8216 §4.3.4.1)
        ...(a.uri === null ? [] : [`URI=${quoted(a.uri)}`]),
      ].join(','),
    ),
    ...renditions.subtitles.map((s) =>
      [
        `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLE_GROUP}",NAME=${quoted(s.name)}`,
        ...language(s.language),
        'DEFAULT=NO',
        'AUTOSELECT=YES',
        `FORCED=${s.isForced ? 'YES' : 'NO'}`,
        `URI=${quoted(s.uri)}`,
      ].join(','),
    ),
  ];
}

/** The EXT-X-STREAM-INF attributes naming the groups mediaTags() writes. */
export function groupAttributes(renditions: MasterRenditions): string[] {
  return [
    ...(renditions.audio.length > 1 ? [`AUDIO="${AUDIO_GROUP}"`] : []),
    ...(renditions.subtitles.length > 0 ? [`SUBTITLES="${SUBTITLE_GROUP}"`] : []),
  ];
}

/**
 * A master playlist (RFC 8216 §4.3.4.2) listing the variants from lowest to highest, with the audio
 * group (the first track muxed into the variants, DEFAULT=YES) and the subtitle group they refer to.
 * BANDWIDTH counts the muxed track; an alternative one is encoded at the same rate, so it still holds.
 */
export function masterPlaylist(variants: readonly MeasuredVariant[], frameRate: number, renditions: MasterRenditions = { audio: [], subtitles: [] }): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS', ...mediaTags(renditions)];
  const groups = groupAttributes(renditions);
  for (const v of variants) {
    const attrs = [
      `BANDWIDTH=${Math.max(1, v.peakBps)}`,
      `AVERAGE-BANDWIDTH=${Math.max(1, v.averageBps)}`,
      `RESOLUTION=${v.rung.width}x${v.rung.height}`,
      `CODECS="${v.codecs}"`,
      ...(frameRate > 0 ? [`FRAME-RATE=${frameRate.toFixed(3)}`] : []),
      ...groups,
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}
