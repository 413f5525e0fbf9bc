// Renders the web UI's install icons (renderer/public/icons/*.png) from their SVGs with ffmpeg's
// librsvg decoder, so the PNGs never drift from the drawing. Run `node build/make-pwa-icons.mjs`
// after changing icon.svg or icon-maskable.svg, and commit the PNGs (a few kB each).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../renderer/public/icons/', import.meta.url));
const ffmpeg = process.env.SEED_FFMPEG || 'ffmpeg';

/** [svg, png, size]: 192 and 512 for the manifest, 180 for iOS's home screen (apple-touch-icon, no transparency). */
const ICONS = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
];

for (const [svg, png, size] of ICONS) {
  // -width/-height are the librsvg decoder's own options: the vector is drawn at that size, not scaled up afterwards
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-width', String(size), '-height', String(size), '-i', dir + svg, '-frames:v', '1', '-y', dir + png];
  const run = spawnSync(ffmpeg, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.error || run.status !== 0) {
    console.error(`${ffmpeg} could not render ${svg} (it needs librsvg: ffmpeg -decoders | grep svg)`);
    process.exit(1);
  }
  console.log(`${png} (${size} px)`);
}
