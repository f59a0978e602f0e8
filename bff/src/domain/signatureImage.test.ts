import { signaturePng } from '../test/factories';
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
  ])('refuses %s', (_label, dataUrl, code) => {
    expect(() => checkSignatureImage(dataUrl)).toThrow(expect.objectContaining({ code }));
  });
});
