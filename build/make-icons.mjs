// Renders build/icon.png (512 px, app icon) and build/tray.png (32 px, tray icon): a green leaf,
// on a dark rounded square for the app icon and alone for the tray. Plain Node (zlib), no image
// tools needed; run `node build/make-icons.mjs` after changing the drawing.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BACKGROUND = [15, 21, 18];
const LEAF_LIGHT = [89, 217, 135];
const LEAF_DARK = [47, 158, 87];
const VEIN = [22, 74, 42];

/** Leaf: the lens between two circles, tip pointing up-right. Coordinates in a unit square. */
function leaf(x, y, scale) {
  // rotate by 45° around the centre so the leaf's long axis runs bottom-left → top-right
  const cx = (x - 0.5) / scale;
  const cy = (y - 0.5) / scale;
  const u = (cx + cy) * Math.SQRT1_2; // across the leaf
  const v = (cy - cx) * Math.SQRT1_2; // along the leaf (negative: towards the tip)
  const r = 0.4;
  const d = 0.225;
  const inLens = (u - d) ** 2 + v ** 2 <= r * r && (u + d) ** 2 + v ** 2 <= r * r;
  const onStem = Math.abs(u) <= 0.022 && v > 0.25 && v < 0.42;
  if (!inLens && !onStem) return null;
  if (onStem) return LEAF_DARK;
  if (Math.abs(u) <= 0.014 && v > -0.25) return VEIN;
  return u < 0 ? LEAF_LIGHT : LEAF_DARK;
}

function roundedSquare(x, y) {
  const inset = 16 / 512;
  const radius = 96 / 512;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - radius), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - radius), 0);
  return qx * qx + qy * qy <= radius * radius;
}

function render(size, { withBackground, leafScale }) {
  const samples = 4; // 4×4 supersampling for smooth edges
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const color = leaf(x, y, leafScale) ?? (withBackground && roundedSquare(x, y) ? BACKGROUND : null);
          if (!color) continue;
          r += color[0]; g += color[1]; b += color[2]; a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return png(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const here = new URL('.', import.meta.url);
writeFileSync(new URL('icon.png', here), render(512, { withBackground: true, leafScale: 0.98 }));
writeFileSync(new URL('tray.png', here), render(32, { withBackground: false, leafScale: 1.15 }));
