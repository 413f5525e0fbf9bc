/**
 * The playlist with `token=` on every URI in it: the lines naming a playlist or a segment, and the
 * URI="…" attributes (EXT-X-MEDIA, EXT-X-MAP, EXT-X-I-FRAME-STREAM-INF). Players resolve relative
 * URIs against the playlist's own URL but drop its query, so each one needs the token of its own.
 */
export function withToken(playlist: string, token: string): string {
  const add = (uri: string) => (uri === '' ? uri : `${uri}${uri.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`);
  return playlist
    .split('\n')
    .map((line) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      const end = line.slice(text.length);
      if (text.trim() === '') return line;
      if (text.startsWith('#')) return text.replace(/URI="([^"]*)"/g, (_match, uri: string) => `URI="${add(uri)}"`) + end;
      return add(text.trim()) + end;
    })
    .join('\n');
}
