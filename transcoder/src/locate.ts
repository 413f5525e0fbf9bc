import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export type ToolSource = 'configured' | 'system' | 'bundled';
export interface LocatedTool {
  path: string;
  source: ToolSource;
}

/** Whether a binary answers `-version`: the cheapest proof that it runs on this machine. */
function runs(bin: string): boolean {
  const result = spawnSync(bin, ['-version'], { stdio: 'ignore', timeout: 10_000, windowsHide: true });
  return result.status === 0;
}

function bundled(pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string | null {
  try {
    const require = createRequire(import.meta.url);
    const mod = require(pkg) as { path?: string };
    // a packaged Electron app keeps the binaries unpacked outside app.asar
    const path = mod.path?.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1') ?? null;
    return path && existsSync(path) ? path : null;
  } catch {
    return null; // that platform's package is not installed
  }
}

/**
 * DESIGN.md: a configured path, else the system's ffmpeg/ffprobe on PATH, else the binaries
 * shipped by the npm packages. Returns null when none runs.
 */
export function locateTool(name: 'ffmpeg' | 'ffprobe', configured: string | null): LocatedTool | null {
  if (configured) return runs(configured) ? { path: configured, source: 'configured' } : null;
  const onPath = findOnPath(name);
  if (onPath && runs(onPath)) return { path: onPath, source: 'system' };
  const shipped = bundled(name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe');
  return shipped && runs(shipped) ? { path: shipped, source: 'bundled' } : null;
}

function findOnPath(name: string): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    for (const ext of exts) if (existsSync(join(dir, name + ext))) return join(dir, name + ext);
  }
  return null;
}

/**
 * The static ffprobe that npm ships, when it runs here: it starts in ~16 ms where a distribution's
 * dynamically linked ffprobe needs ~88 ms to load its libraries, and a scan runs ffprobe once per
 * file (bench/scan). It is used first for scanning only, with the located ffprobe as the fallback
 * for anything it cannot read (it crashes on MPEG-TS, for one).
 */
export function locateFastProbe(): LocatedTool | null {
  const shipped = bundled('@ffprobe-installer/ffprobe');
  return shipped && runs(shipped) ? { path: shipped, source: 'bundled' } : null;
}
