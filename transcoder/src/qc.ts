import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { rungDir } from './hls-args.js';
import { parseMediaPlaylist } from './master-playlist.js';
import type { ProbeMedia } from './probe.js';

export class QcFailed extends Error {
  override name = 'QcFailed';
}

export interface RungPlaylist {
  rung: string;
  segments: readonly { seconds: number; uri: string }[];
}

/**
 * Pure checks of a finished ladder's playlists: every rung lasts as long as the source (within 1 %,
 * at least 0.1 s), and no segment is longer than the target by more than half a second (a longer
 * one means a keyframe was missing where a cut was due). Returns the problems, empty when fine.
 */
export function checkPlaylists(rungs: readonly RungPlaylist[], sourceMs: number, segmentSeconds: number): string[] {
  const problems: string[] = [];
  const tolerance = Math.max(sourceMs * 0.01, 100);
  for (const r of rungs) {
    if (r.segments.length === 0) {
      problems.push(`rung ${r.rung} has no segments`);
      continue;
    }
    const totalMs = r.segments.reduce((sum, s) => sum + s.seconds * 1000, 0);
    if (sourceMs > 0 && Math.abs(totalMs - sourceMs) > tolerance) {
      problems.push(`rung ${r.rung} lasts ${(totalMs / 1000).toFixed(2)} s, the source ${(sourceMs / 1000).toFixed(2)} s`);
    }
    const long = r.segments.findIndex((s) => s.seconds > segmentSeconds + 0.5);
    if (long >= 0) problems.push(`rung ${r.rung} segment ${long} lasts ${r.segments[long]!.seconds.toFixed(2)} s (target ${segmentSeconds} s)`);
  }
  return problems;
}

/**
 * Quality control before a rendition is published: the playlists (checkPlaylists), and each
 * rung's first segment probed for the expected streams (H.264 video; AAC audio when asked).
 * Throws QcFailed naming what is wrong.
 */
export async function checkRendition(dir: string, opts: { rungs: number; sourceMs: number; segmentSeconds: number; audio: boolean; probe: ProbeMedia }): Promise<void> {
  const playlists: RungPlaylist[] = [];
  for (let i = 0; i < opts.rungs; i++) {
    const text = await readFile(join(dir, rungDir(i), 'index.m3u8'), 'utf8').catch(() => '');
    playlists.push({ rung: rungDir(i), segments: parseMediaPlaylist(text) });
  }
  const problems = checkPlaylists(playlists, opts.sourceMs, opts.segmentSeconds);
  for (const p of playlists) {
    const first = p.segments[0];
    if (!first) continue;
    const media = await opts.probe(join(dir, p.rung, first.uri)).catch(() => null);
    if (!media) problems.push(`rung ${p.rung}: its first segment cannot be read`);
    else {
      if (media.video?.codec !== 'h264') problems.push(`rung ${p.rung}: no H.264 video in its segments`);
      if (opts.audio && !media.audio.some((a) => a.codec === 'aac')) problems.push(`rung ${p.rung}: no AAC audio in its segments`);
    }
  }
  if (problems.length > 0) throw new QcFailed(`quality check failed: ${problems.join('; ')}`);
}
