import fc from 'fast-check';
import { decodeEntryScene, encodeEntryScene } from './entryScene';

/** WeChat's rule for getUnlimited's scene: at most 32 of these characters. */
const WECHAT_SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const matterIds = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toHex);

describe('entry scene', () => {
  it('writes m= and the base64url of the 16 bytes: 24 characters WeChat accepts', () => {
    fc.assert(
      fc.property(matterIds, (id) => {
        const scene = encodeEntryScene(id);
        // Buffer is the independent reference here; the code under test writes base64url by hand.
        expect(scene).toBe(`m=${Buffer.from(id, 'hex').toString('base64url')}`);
        expect(scene).toHaveLength(24);
        expect(scene).toMatch(WECHAT_SCENE);
      }),
    );
  });

  it('reads back the id, as it is and URL-encoded once as WeChat hands it over', () => {
    fc.assert(
      fc.property(matterIds, fc.boolean(), (id, lowerCaseEscape) => {
        const scene = encodeEntryScene(id);
        expect(decodeEntryScene(scene)).toBe(id);
        const encoded = encodeURIComponent(scene);
        expect(encoded.startsWith('m%3D')).toBe(true);
        expect(decodeEntryScene(lowerCaseEscape ? encoded.replace('%3D', '%3d') : encoded)).toBe(id);
      }),
    );
  });

  it('handles the edge ids', () => {
    for (const id of ['0'.repeat(32), 'f'.repeat(32), '0123456789abcdef0123456789abcdef']) {
      expect(decodeEntryScene(encodeEntryScene(id))).toBe(id);
    }
    expect(encodeEntryScene('0'.repeat(32))).toBe(`m=${'A'.repeat(22)}`);
    expect(encodeEntryScene('f'.repeat(32))).toBe(`m=${'_'.repeat(21)}w`);
  });

  it('accepts nothing but a scene it made: whatever decodes encodes back to the same text', () => {
    const sceneChars = fc.constantFrom(...'mM=%3Dd0AQgwz_-~.!Zx9'.split(''), '%3D', '%41', '%25');
    const nearScenes = fc.oneof(
      fc.string(),
      fc.string({ unit: sceneChars, minLength: 20, maxLength: 30 }),
      // A real scene with one character replaced.
      fc.tuple(matterIds, fc.nat(23), fc.constantFrom(...'A=%_-.~Qw+/'.split(''))).map(([id, at, c]) => {
        const scene = encodeEntryScene(id);
        return scene.slice(0, at) + c + scene.slice(at + 1);
      }),
    );
    fc.assert(
      fc.property(nearScenes, (text) => {
        const id = decodeEntryScene(text);
        if (id === null) return;
        expect(id).toMatch(/^[0-9a-f]{32}$/);
        const scene = encodeEntryScene(id);
        expect(text.includes('%') ? decodeURIComponent(text) : text).toBe(scene);
      }),
    );
  });

  it.each([
    ['', 'empty'],
    ['m=AAAAAAAAAAAAAAAAAAAAAA=', 'padded'],
    ['m=AAAAAAAAAAAAAAAAAAAAA', 'a character short'],
    ['m=AAAAAAAAAAAAAAAAAAAAAAA', 'a character long'],
    ['m=AAAAAAAAAAAAAAAAAAAAAB', 'non-zero unused bits (not canonical)'],
    ['m=AAAAAAAAAAAAAAAAAAAA+A', 'standard base64, not base64url'],
    ['x=AAAAAAAAAAAAAAAAAAAAAA', 'another key'],
    ['M=AAAAAAAAAAAAAAAAAAAAAA', 'an upper-case key'],
    ['m%253DAAAAAAAAAAAAAAAAAAAAAA', 'URL-encoded twice'],
    ['m%3DAAAAAAAAAAAAAAAAAAAAA%', 'a stray %'],
    ['0123456789abcdef0123456789abcdef', 'a bare matter id'],
    [` m=${'A'.repeat(22)}`, 'a leading space'],
  ])('refuses %j (%s)', (text) => {
    expect(decodeEntryScene(text)).toBeNull();
  });

  it('refuses non-strings and overlong input without throwing', () => {
    expect(decodeEntryScene(undefined as unknown as string)).toBeNull();
    expect(decodeEntryScene(42 as unknown as string)).toBeNull();
    expect(decodeEntryScene('%'.repeat(100_000))).toBeNull();
  });

  it('throws for what is not a matter id', () => {
    for (const bad of ['', 'ABCDEF0123456789ABCDEF0123456789', '0'.repeat(31), '0'.repeat(33), 'g'.repeat(32)]) {
      expect(() => encodeEntryScene(bad)).toThrow(TypeError);
    }
  });
});
