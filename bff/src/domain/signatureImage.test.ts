import { PNG } from 'pngjs';
import { pngDeclaring, signaturePng } from '../../test/factories';
import { checkSignatureImage } from './signatureImage';

describe('signature image check', () => {
  it('accepts a PNG with a stroke and returns its bytes', () => {
    const bytes = checkSignatureImage(signaturePng());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it.each([
    ['a transparent pad', signaturePng(300, 120, true), 'signature_blank'],
    ['a white pad', signaturePng(300, 120, true, [255, 255, 255, 255]), 'signature_blank'],
    ['bytes that are not a PNG', 'data:image/png;base64,' + Buffer.from('GIF89a not a png at all').toString('base64'), 'signature_invalid'],
    ['a tiny image', signaturePng(10, 10), 'signature_invalid'],
    ['an image wider than 3000 pixels', 'data:image/png;base64,' + pngDeclaring(3001, 100).toString('base64'), 'signature_invalid'],
  ])('refuses %s', (_label, dataUrl, code) => {
    expect(() => checkSignatureImage(dataUrl)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a small PNG declaring a huge size from its header, before decoding it', () => {
    // 20000×20000: a few kilobytes that would decode to 1.6 GB.
    const bomb = pngDeclaring(20_000, 20_000, 16);
    expect(bomb.length).toBeLessThan(20_000);
    const decode = jest.spyOn(PNG.sync, 'read');
    try {
      expect(() => checkSignatureImage('data:image/png;base64,' + bomb.toString('base64'))).toThrow(
        expect.objectContaining({ code: 'signature_invalid', details: { width: 20_000, height: 20_000 } }),
      );
      expect(decode).not.toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
  });

  it('accepts a valid all-black PNG from the same builder (the bound is the size, not the builder)', () => {
    expect(checkSignatureImage('data:image/png;base64,' + pngDeclaring(300, 120).toString('base64')).length).toBeGreaterThan(0);
  });
});
