/**
 * TEST HELPER: decodes the 8-bit greyscale or RGB PNGs that `pdftoppm -png` writes, so
 * tests can look at the pixels of a printed page without an image library.
 * PNG: W3C Portable Network Graphics Specification (2nd ed.), §7–9 (chunks, zlib, filters).
 */
import { inflateSync } from 'node:zlib';

export interface Grey {
  width: number;
  height: number;
  /** One luminance byte per pixel, row-major. */
  pixels: Uint8Array;
}

export function decodePng(buf: Buffer): Grey {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      colourType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const channels = colourType === 0 ? 1 : colourType === 2 ? 3 : colourType === 6 ? 4 : 0;
  if (!channels) throw new Error(`unsupported colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 0xff;
    }
  }
  if (channels === 1) return { width, height, pixels: out };
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const r = out[i * channels]!;
    const g = out[i * channels + 1]!;
    const b = out[i * channels + 2]!;
    grey[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { width, height, pixels: grey };
}

/** Share of pixels darker than `threshold` (ink), in a band of rows [y0, y1) as fractions of the height. */
export function inkShare(img: Grey, y0 = 0, y1 = 1, threshold = 200): number {
  const from = Math.floor(img.height * y0) * img.width;
  const to = Math.floor(img.height * y1) * img.width;
  let ink = 0;
  for (let i = from; i < to; i++) if (img.pixels[i]! < threshold) ink++;
  return to > from ? ink / (to - from) : 0;
}
