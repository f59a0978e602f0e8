import { PNG } from 'pngjs';
import { AppError } from '../errors';

/** Bounds of an acceptable signature image (a phone's signature pad, possibly at device pixel ratio 3). */
const LIMITS = { maxBytes: 200 * 1024, minWidth: 64, minHeight: 32, maxWidth: 3000, maxHeight: 3000, minInkPixels: 40 };

/**
 * Decodes a `data:image/png;base64,…` signature and checks that it is a real PNG with ink on it:
 * pixels that are neither transparent nor near-white. Returns the PNG bytes.
 */
export function checkSignatureImage(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length > LIMITS.maxBytes) throw new AppError(413, 'payload_too_large', undefined, { limitBytes: LIMITS.maxBytes });
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    throw new AppError(400, 'signature_invalid');
  }
  const { width, height, data } = png;
  if (width < LIMITS.minWidth || height < LIMITS.minHeight || width > LIMITS.maxWidth || height > LIMITS.maxHeight) {
    throw new AppError(400, 'signature_invalid', undefined, { width, height });
  }
  let ink = 0;
  for (let i = 0; i < data.length && ink < LIMITS.minInkPixels; i += 4) {
    const alpha = data[i + 3];
    const light = Math.min(data[i], data[i + 1], data[i + 2]);
    if (alpha > 64 && light < 200) ink++;
  }
  if (ink < LIMITS.minInkPixels) throw new AppError(400, 'signature_blank');
  return bytes;
}
