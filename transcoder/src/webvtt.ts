/** Subtitles as HLS wants them: WebVTT files aligned with the mpegts segments, one playlist each. */

/**
 * The PTS (90 kHz) that source time 0 has in our mpegts segments: ffmpeg's mpegts muxer adds twice its
 * max_delay (`-muxdelay`, 0.7 s by default) to every timestamp, and hlsArgs turns off the shift by the
 * encoder delay that would come on top. Measured with ffprobe on ffmpeg 5.1 and on the 2018 static build:
 * the first video packet of a rung made from a source starting at 0 has PTS 126000 (1.4 s).
 */
export const MPEGTS_START_PTS = 126_000;

/**
 * A WebVTT file with X-TIMESTAMP-MAP in its header, which tells HLS players that cue time 0 is the
 * segments' MPEGTS_START_PTS (RFC 8216 §3.5: colons inside, `MPEGTS:…,LOCAL:…`); without it, cues show 1.4 s early.
 * A BOM and CRLF line ends are dropped; an existing map is replaced.
 */
export function withTimestampMap(vtt: string): string {
  const lines = vtt.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  // no signature: all of it is cues
  const signature = /^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '') ? lines.shift()! : null;
  const end = signature === null ? 0 : lines.findIndex((line) => line.trim() === '');
  const header = (end < 0 ? lines : lines.slice(0, end)).filter((line) => !line.startsWith('X-TIMESTAMP-MAP='));
  const body = end < 0 ? [] : lines.slice(end);
  if (body[0]?.trim() !== '') body.unshift('');
  if (body.length === 1) body.push('');
  return [signature ?? 'WEBVTT', `X-TIMESTAMP-MAP=MPEGTS:${MPEGTS_START_PTS},LOCAL:00:00:00.000`, ...header, ...body].join('\n');
}

/** A VOD media playlist of one WebVTT segment that covers the whole title. */
export function subtitlePlaylist(durationMs: number, uri: string): string {
  const seconds = Math.max(0, durationMs) / 1000;
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(seconds))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${seconds.toFixed(3)},`,
    uri,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/** One ffmpeg output: the input's N-th subtitle stream as a WebVTT file (`overwrite`: replacing one there). */
export function webvttOutput(streamIndex: number, output: string, overwrite = false): string[] {
  return ['-map', `0:s:${streamIndex}`, '-c:s', 'webvtt', '-f', 'webvtt', ...(overwrite ? ['-y'] : []), output];
}

/** ffmpeg argv converting a subtitle file (SRT, ASS, WebVTT…) to WebVTT; `charset` is the file's, when not UTF-8. */
export function webvttArgs(input: string, output: string, charset: string | null = null): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    // without it ffmpeg silently drops every cue that is not valid UTF-8
    ...(charset ? ['-sub_charenc', charset] : []),
    '-i', input,
    ...webvttOutput(0, output, true),
  ];
}

// the usual pre-Unicode code page of subtitles in a language (iconv names); Windows-1252 otherwise
const LEGACY_CHARSETS: Readonly<Record<string, string>> = {
  ru: 'CP1251', uk: 'CP1251', bg: 'CP1251', sr: 'CP1251', pl: 'CP1250', cs: 'CP1250', sk: 'CP1250', hu: 'CP1250',
  ro: 'CP1250', hr: 'CP1250', sl: 'CP1250', el: 'CP1253', tr: 'CP1254', he: 'CP1255', ar: 'CP1256', fa: 'CP1256',
  et: 'CP1257', lv: 'CP1257', lt: 'CP1257', vi: 'CP1258', th: 'CP874', zh: 'GB18030', ja: 'SHIFT_JIS', ko: 'CP949',
};

/**
 * The charset to tell ffmpeg for a text subtitle file: null when it is UTF-8 or starts with a UTF-16
 * byte-order mark (ffmpeg reads both), else the language's usual legacy code page.
 */
export function subtitleCharset(bytes: Uint8Array, language: string | null): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    return LEGACY_CHARSETS[language?.split('-')[0] ?? ''] ?? 'CP1252';
  }
}
