/**
 * Draws the app's icons (a white speech bubble on Parley indigo) as PNG and SVG
 * into public/icons, so the PWA has install icons without any downloaded asset.
 * Run again after changing the drawing: `node scripts/make-icons.mjs`.
 */
import { crc32, deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const BACKGROUND = [57, 73, 171];
const FOREGROUND = [255, 255, 255];
const out = new URL('../public/icons/', import.meta.url);

/** Coverage (0–1) of the bubble at a point in a unit square; the safe zone keeps maskable crops intact. */
function bubble(x, y) {
  const inRoundRect = (left, top, right, bottom, r) => {
    const cx = Math.min(Math.max(x, left + r), right - r);
    const cy = Math.min(Math.max(y, top + r), bottom - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= left && x <= right && y >= top && y <= bottom;
  };
  const body = inRoundRect(0.24, 0.28, 0.76, 0.64, 0.09);
  // The tail: a triangle under the bubble's lower left.
  const tail = y >= 0.6 && y <= 0.76 && x >= 0.32 && x <= 0.46 && (x - 0.32) <= (0.76 - y) * 0.9;
  const dot = [0.37, 0.5, 0.63].some((dx) => (x - dx) ** 2 + (y - 0.46) ** 2 <= 0.038 ** 2);
  return (body || tail) && !dot;
}

function png(size) {
  const samples = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++)
          if (bubble((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
      const a = hits / (samples * samples);
      for (let c = 0; c < 3; c++) row[1 + px * 3 + c] = Math.round(BACKGROUND[c] * (1 - a) + FOREGROUND[c] * a);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="22" fill="rgb(${BACKGROUND.join(',')})"/>
  <path fill="#fff" d="M33 28h34a9 9 0 0 1 9 9v18a9 9 0 0 1-9 9H46l-14 12 0-12a9 9 0 0 1-8-9V37a9 9 0 0 1 9-9z"/>
  <g fill="rgb(${BACKGROUND.join(',')})"><circle cx="37" cy="46" r="3.8"/><circle cx="50" cy="46" r="3.8"/><circle cx="63" cy="46" r="3.8"/></g>
</svg>
`;

mkdirSync(out, { recursive: true });
for (const size of [180, 192, 512]) writeFileSync(new URL(`icon-${size}.png`, out), png(size));
writeFileSync(new URL('icon.svg', out), svg);
console.log('icons written to', out.pathname);
