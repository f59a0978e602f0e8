import { PNG } from 'pngjs';
import { checkSignatureImage } from './signatureImage';

/** A PNG data URL of a width×height canvas, optionally with a dark stroke across it. */
export function signaturePng(width = 300, height = 120, stroke = true, background: [number, number, number, number] = [0, 0, 0, 0]): string {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(background, i * 4);
  if (stroke) {
    for (let x = 20; x < width - 20; x++) {
      const y = Math.round(height / 2 + Math.sin(x / 15) * (height / 4));
      for (let d = -1; d <= 1; d++) png.data.set([20, 20, 20, 255], ((y + d) * width + x) * 4);
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

describe('signature image check', () => {
  it('accepts a PNG with a stroke and returns its bytes', () => {
    const bytes = checkSignatureImage(signaturePng());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it.each([
    ['a transparent pad', signaturePng(300, 120, false), 'signature_blank'],
    ['a white pad', signaturePng(300, 120, false, [255, 255, 255, 255]), 'signature_blank'],
    ['bytes that are not a PNG', 'data:image/png;base64,' + Buffer.from('GIF89a not a png at all').toString('base64'), 'signature_invalid'],
    ['a tiny image', signaturePng(10, 10), 'signature_invalid'],
  ])('refuses %s', (_label, dataUrl, code) => {
    expect(() => checkSignatureImage(dataUrl)).toThrow(expect.objectContaining({ code }));
  });
});
