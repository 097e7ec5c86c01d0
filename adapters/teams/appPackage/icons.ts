import { deflateSync } from "node:zlib";

/**
 * Draws Firebreak's two Teams icons in code, so the package needs no binary assets: a 192×192
 * colour icon (white flame on red) and the 32×32 outline icon Teams requires (white on
 * transparent, nothing else).
 */
export function colorIcon(): Buffer {
  return png(192, (x, y) => (insideFlame(x / 192, y / 192) ? [255, 255, 255, 255] : [198, 40, 40, 255]));
}

export function outlineIcon(): Buffer {
  return png(32, (x, y) => (insideFlame(x / 32, y / 32) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}

/** A flame: a circle at the bottom narrowing to a point at the top (unit square coordinates). */
function insideFlame(u: number, v: number): boolean {
  const cx = 0.5;
  const cy = 0.64;
  const r = 0.22;
  if ((u - cx) ** 2 + (v - cy) ** 2 <= r * r) return true;
  // The tongue: between the circle's top half and the tip at (0.5, 0.14).
  if (v < 0.14 || v > cy) return false;
  const halfWidth = r * ((v - 0.14) / (cy - 0.14)) ** 0.8;
  return Math.abs(u - cx) <= halfWidth;
}

type Rgba = [number, number, number, number];

/** A minimal PNG encoder: 8-bit RGBA, no filtering, one IDAT chunk. */
export function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) Buffer.from(pixel(x + 0.5, y + 0.5)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
