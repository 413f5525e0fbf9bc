import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../server/src/log.js';
import { createLiveService, type LiveOptions, type LiveTitle } from '../../../server/src/streaming/live.service.js';
import { runHls } from '../../../transcoder/src/hls-job.js';
import type { HardwareEncoder } from '../../../transcoder/src/hw-encoders.js';
import { planLadder } from '../../../transcoder/src/ladder.js';
import { parseMediaPlaylist } from '../../../transcoder/src/master-playlist.js';
import { locateTool } from '../../../transcoder/src/locate.js';
import { createProbe } from '../../../transcoder/src/probe.js';
import { createRunFfmpeg, runTool, type RunFfmpeg } from '../../../transcoder/src/run-ffmpeg.js';
import { clips } from '../../helpers/clips.js';
import { longClip } from '../../helpers/long-clip.js';
import { tempDir, waitFor } from '../../helpers/server.js';

const ffmpegPath = locateTool('ffmpeg', null)!.path;
const ffprobePath = locateTool('ffprobe', null)!.path;
const probe = createProbe(ffprobePath);
const log = createLogger({ level: 'silent', dataDir: null, console: false });
/** six 2 s segments on two rungs (240p, 360p) */
let clip: string;

let work: string;
let title: LiveTitle;
const services: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  clip = await longClip();
  const media = await probe(clip);
  title = { itemId: 7, key: 'v1', inputs: [clip], durationMs: media.durationMs, rungs: planLadder(media), audio: { kbps: 64 }, frameRate: media.video!.frameRate, toneMap: false };
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
  if (work) await rm(work, { recursive: true, force: true });
});

/** A live service over a fresh folder; `runs` records every ffmpeg run's first segment. */
async function live(options: Partial<LiveOptions> = {}, dir?: string, videoEncoder?: () => Promise<HardwareEncoder | null>, segmentSeconds = 2, realTime = false) {
  work = dir ?? (await tempDir('live-'));
  const runs: string[][] = [];
  const real = createRunFfmpeg(ffmpegPath);
  const runFfmpeg: RunFfmpeg = (args, opts) => {
    runs.push([...args]);
    // realTime: ffmpeg reads the source no faster than it plays (-re), so a run is still at work when the test acts
    return real(realTime ? args.flatMap((a) => (a === '-i' ? ['-re', a] : [a])) : args, opts);
  };
  const service = createLiveService({ liveDir: join(work, '.live'), runFfmpeg, segmentSeconds, preset: () => 'ultrafast', videoEncoder, log, now: Date.now, options });
  services.push(service);
  return { service, runs, startOf: (i: number) => runs[i]![runs[i]!.indexOf('-start_number') + 1] };
}

async function firstVideoPts(path: string): Promise<number> {
  const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', path], { captureStdout: true });
  const [pts, flags] = stdout.trim().split('\n')[0]!.split(',');
  expect(flags).toContain('K'); // a segment starts on a keyframe
  return Number(pts);
}

async function firstAudioPts(path: string): Promise<number> {
  const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path], { captureStdout: true });
  return Number(stdout.trim().split('\n')[0]!.split(',')[0]);
}

describe('just-in-time segments (real ffmpeg)', () => {
  test('the plan: 2 rungs, 6 segments, playlists before any segment exists', async () => {
    const { service, runs } = await live();
    expect(title.rungs.map((r) => r.name)).toEqual(['240p', '360p']);
    expect(service.segmentCount(title)).toBe(6);
    expect(service.mediaPlaylist(title).match(/#EXTINF:2.002000,/g)).toHaveLength(6);
    expect(await service.master(title)).toContain('1/index.m3u8');
    expect(runs).toHaveLength(0);
  });

  test('a segment not on disk is made at once, starts on a keyframe at its boundary on the shared timeline', async () => {
    const { service, runs, startOf } = await live();
    const path = await service.segment(title, 0, 3);
    expect(startOf(0)).toBe('3');
    // boundary of segment 3 at 24000/1001 fps is frame 144 = 6.006 s; + 1.4 s of mpegts
    expect(await firstVideoPts(path)).toBeCloseTo(6.006 + 1.4, 3);
    // the next segments come from the same run
    await service.segment(title, 0, 4);
    expect(await firstVideoPts(await service.segment(title, 0, 5))).toBeCloseTo(10.01 + 1.4, 3);
    expect(runs).toHaveLength(1);
    // nothing before the seek point was made
    expect(existsSync(join(work, '.live', '7', '0', 'seg-00000.ts'))).toBe(false);
  });

  test('segments made just in time are interchangeable with the whole-title encode: same frames at the same times', async () => {
    const { service } = await live();
    const jit = await service.segment(title, 0, 3);
    const finalDir = join(work, 'ladder');
    await runHls(
      { inputs: [clip], finalDir, tmpDir: join(work, '.tmp', '1'), segmentSeconds: 2, rungs: title.rungs, audio: title.audio, durationMs: title.durationMs, frameRate: title.frameRate, toneMap: false },
      { runFfmpeg: createRunFfmpeg(ffmpegPath), check: probe },
    );
    const whole = join(finalDir, '0', 'seg-00003.ts');
    expect(await firstVideoPts(jit)).toBeCloseTo(await firstVideoPts(whole), 4);
    expect(await firstAudioPts(jit)).toBeCloseTo(await firstAudioPts(whole), 1); // within one AAC frame (23 ms)
    // and the up-front playlist promised the durations the encoder made
    const made = parseMediaPlaylist(await readFile(join(finalDir, '0', 'index.m3u8'), 'utf8'));
    const promised = parseMediaPlaylist(service.mediaPlaylist(title));
    expect(promised.map((s) => s.uri)).toEqual(made.map((s) => s.uri));
    promised.forEach((s, i) => expect(s.seconds).toBeCloseTo(made[i]!.seconds, 2));
  });

  test('a seek far ahead starts a run there; going back fills only the gap, not overwriting what follows; what was made is kept', async () => {
    const { service, runs, startOf } = await live({ tickMs: 10 });
    await service.segment(title, 1, 4); // a seek: a run from 4 to the end
    await waitFor(() => service.sessions().every((s) => !s.running), 'the run to reach the end', 20_000);
    const made = await stat(join(work, '.live', '7', '1', 'seg-00004.ts'));
    await service.segment(title, 1, 1); // back: a run from 1 that stops before segment 4
    await waitFor(() => service.sessions().every((s) => !s.running || s.startIndex !== 1), 'the gap run to end', 20_000);
    expect(runs.map((_, i) => startOf(i))).toEqual(['4', '1']);
    expect(runs[1]).toContain('-t');
    expect((await readdir(join(work, '.live', '7', '1'))).filter((f) => f.endsWith('.ts')).sort()).toEqual(['seg-00001.ts', 'seg-00002.ts', 'seg-00003.ts', 'seg-00004.ts', 'seg-00005.ts']);
    // segment 4 is still the first run's: the gap run stopped half a frame before it
    const after = await stat(join(work, '.live', '7', '1', 'seg-00004.ts'));
    expect([after.size, after.mtimeMs]).toEqual([made.size, made.mtimeMs]);
    // a new service over the same folder serves every made segment without ffmpeg
    await Promise.all(services.splice(0).map((s) => s.stop()));
    const again = await live({}, work);
    for (const i of [1, 3, 5]) await again.service.segment(title, 1, i);
    expect(again.runs).toHaveLength(0);
  });

  test('two requests at once for one segment start one run; another viewer far ahead gets a second run, the first goes on', async () => {
    const { service, runs, startOf } = await live({ aheadSegments: 0, tickMs: 10 }, undefined, undefined, 1); // 12 segments of 1 s
    await Promise.all([service.segment(title, 0, 0), service.segment(title, 0, 0), service.segment(title, 0, 1)]);
    expect(runs).toHaveLength(1);
    await waitFor(() => service.sessions().find((s) => s.paused), 'the first run to be held', 10_000);
    await service.segment(title, 0, 10); // another viewer, far ahead: both runs live on
    expect(runs.map((_, i) => startOf(i))).toEqual(['0', '10']);
    expect(service.sessions().find((s) => s.startIndex === 0)).toMatchObject({ running: true }); // the first viewer's run goes on
    // the request far ahead is not the first run's: it stays held for its own viewer, not sped up beside the new run
    expect(service.sessions().find((s) => s.startIndex === 0)).toMatchObject({ wanted: 1, paused: true });
  });

  test("a seek ahead gets the CPU: the run left behind is held until the seek's first segment is made, then goes on", async () => {
    const { service } = await live({ tickMs: 10 }, undefined, undefined, 1); // 12 segments of 1 s, nothing held for being ahead
    await service.segment(title, 0, 0);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a player seeks a moment after its last request
    const seen: { startIndex: number; paused: boolean; running: boolean; next: number }[][] = [];
    const watch = setInterval(() => seen.push(service.sessions().map((s) => ({ startIndex: s.startIndex, paused: s.paused, running: s.running, next: s.next }))), 5);
    try {
      await service.segment(title, 0, 9); // the player seeks ahead
    } finally {
      clearInterval(watch);
    }
    // while segment 9 was being made, the run from 0 was held
    const during = seen.filter((runs) => runs.some((r) => r.startIndex === 9 && r.next === 9));
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((runs) => runs.filter((r) => r.startIndex === 0 && r.running).every((r) => r.paused))).toBe(true);
    // once it is made, the first run is let go on (its viewer may still be there)
    await waitFor(() => service.sessions().find((s) => s.startIndex === 0 && !s.paused), 'the first run to go on', 10_000);
  });

  test("a request abandoned by a seek (the player's own ask arrived first) does not keep the run left behind going", async () => {
    const { service } = await live({ tickMs: 10 }, undefined, undefined, 1, true); // 12 segments of 1 s, each made in 1 s
    await service.segment(title, 0, 0);
    const abandoned = new AbortController();
    const inFlight = service.segment(title, 0, 2, abandoned.signal).catch(() => undefined); // the player's request before its seek
    const seek = service.segment(title, 0, 9); // the seek's segment, asked at once (renderer/src/lib/player/seek-ahead.ts)
    await waitFor(() => service.sessions().find((s) => s.startIndex === 9), "the seek's run", 10_000);
    abandoned.abort(); // the request before the seek is cancelled only now
    let heldInTime = false;
    const watch = setInterval(() => {
      const runs = service.sessions();
      const sought = runs.find((r) => r.startIndex === 9);
      if (sought && sought.next === 9 && runs.some((r) => r.startIndex === 0 && r.running && r.paused)) heldInTime = true;
    }, 2);
    try {
      await seek;
    } finally {
      clearInterval(watch);
    }
    await inFlight;
    expect(heldInTime).toBe(true);
  });

  test('a player asking while the head start runs waits for it instead of encoding the same rung again', async () => {
    const { service, runs } = await live();
    const job = service.headStart(title, [0, 1], 6, { signal: new AbortController().signal });
    await waitFor(() => service.sessions().some((s) => s.headStart), 'the head start to claim its rungs', 10_000);
    await service.segment(title, 1, 2);
    expect(await job).toBe('done');
    expect(runs).toHaveLength(1);
  });

  test('a request whose run goes away (the ladder was published) is answered from where the segment is now', async () => {
    const { service } = await live();
    const elsewhere = join(work, 'ladder-seg.ts');
    const asked = service.segment(title, 1, 5, undefined, () => elsewhere);
    await waitFor(() => service.sessions().length > 0, 'the run', 10_000);
    await service.discard(7);
    expect(await asked).toBe(elsewhere);
  });

  test('a run far ahead of the player pauses, and resumes when the player catches up', async () => {
    const { service } = await live({ aheadSegments: 1, tickMs: 20 });
    await service.segment(title, 0, 0);
    const paused = await waitFor(() => service.sessions().find((s) => s.paused), 'a paused run', 15_000);
    expect(paused.next - paused.wanted).toBeGreaterThan(1);
    const running = await service.segment(title, 0, paused.next);
    expect(existsSync(running)).toBe(true);
    expect(service.sessions()[0]).toMatchObject({ paused: false });
  });

  test('a run nobody watches stops, leaving no half-written segment behind', async () => {
    const { service } = await live({ idleMs: 100, tickMs: 20, aheadSegments: 100 });
    const slow = { ...title, rungs: title.rungs.slice(1) }; // one rung; same plan otherwise
    await service.segment(slow, 0, 0);
    await waitFor(() => service.sessions().length === 0, 'the idle run to stop', 10_000);
    const files = await readdir(join(work, '.live', '7', '0'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a changed source (another key) throws the old segments away', async () => {
    const { service, runs } = await live();
    await service.segment(title, 0, 5);
    await service.segment({ ...title, key: 'v2' }, 0, 5);
    expect(runs).toHaveLength(2);
  });

  test('a head start makes the first seconds of two rungs in one run; playback then starts from disk', async () => {
    const { service, runs } = await live();
    const progress: number[] = [];
    expect(await service.headStart(title, [0, 1], 4, { signal: new AbortController().signal, onProgress: (f) => progress.push(f) })).toBe('done');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.filter((a) => a === '-start_number')).toHaveLength(2);
    for (const rung of ['0', '1']) expect((await readdir(join(work, '.live', '7', rung))).filter((f) => f.endsWith('.ts')).sort()).toEqual(['seg-00000.ts', 'seg-00001.ts']);
    expect(await firstVideoPts(await service.segment(title, 1, 1))).toBeCloseTo(2.002 + 1.4, 3);
    expect(runs).toHaveLength(1);
    expect(progress.at(-1)).toBeGreaterThan(0.9);
    expect(await service.headStart(title, [0, 1], 4, { signal: new AbortController().signal })).toBe('skipped');
  });

  test('a source ffmpeg cannot read fails the request with the reason, not a hang', async () => {
    const { service } = await live();
    const broken = { ...title, key: 'broken', inputs: [clips.corrupt] };
    await expect(service.segment(broken, 0, 1)).rejects.toMatchObject({ status: 500, code: 'transcode_failed', message: expect.stringContaining('just-in-time transcoding failed') });
  });

  test('a hardware encoder that fails (no GPU here) is replaced by libx264 for the same request, and from then on', async () => {
    const { service, runs } = await live({}, undefined, async () => 'h264_vaapi');
    const path = await service.segment(title, 0, 2);
    expect(existsSync(path)).toBe(true);
    expect(runs.map((r) => r.includes('h264_vaapi'))).toEqual([true, false]);
    await service.segment(title, 1, 4);
    expect(runs.at(-1)).toContain('libx264');
  });

  test('out-of-range rung or segment is a 404', async () => {
    const { service } = await live();
    await expect(service.segment(title, 2, 0)).rejects.toMatchObject({ status: 404 });
    await expect(service.segment(title, 0, 6)).rejects.toMatchObject({ status: 404 });
  });
});
