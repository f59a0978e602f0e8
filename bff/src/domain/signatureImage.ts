import { PNG } from 'pngjs';
import { AppError } from '../errors';

/** Bounds of an acceptable signature image (a phone's signature pad, possibly at device pixel ratio 3). */
const LIMITS = { maxBytes: 200 * 1024, minWidth: 64, minHeight: 32, maxWidth: 3000, maxHeight: 3000, minInkPixels: 40 };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Width and height as the PNG's first chunk (IHDR) declares them, read without decoding anything;
 * null when the bytes do not start like a PNG.
 */
function declaredSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const withinBounds = ({ width, height }: { width: number; height: number }) =>
  width >= LIMITS.minWidth && height >= LIMITS.minHeight && width <= LIMITS.maxWidth && height <= LIMITS.maxHeight;

/**
 * Decodes a `data:image/png;base64,…` signature and checks that it is a real PNG with ink on it:
 * pixels that are neither transparent nor near-white. Returns the PNG bytes.
 *
 * The size the header declares is checked before decoding: a 40 KB PNG can declare 20000×20000
 * pixels, and decoding it would allocate gigabytes for an image that is refused anyway.
 */
export function checkSignatureImage(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length > LIMITS.maxBytes) throw new AppError('payload_too_large', { details: { limitBytes: LIMITS.maxBytes } });
  const declared = declaredSize(bytes);
  if (!declared) throw new AppError('signature_invalid');
  if (!withinBounds(declared)) throw new AppError('signature_invalid', { details: declared });
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    throw new AppError('signature_invalid');
  }
  const { data } = png;
  let ink = 0;
  for (let i = 0; i < data.length && ink < LIMITS.minInkPixels; i += 4) {
    const alpha = data[i + 3];
    const light = Math.min(data[i], data[i + 1], data[i + 2]);
    if (alpha > 64 && light < 200) ink++;
  }
  if (ink < LIMITS.minInkPixels) throw new AppError('signature_blank');
  return bytes;
}
