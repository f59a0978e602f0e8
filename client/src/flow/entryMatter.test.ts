import { encodeEntryScene } from '@regverify/shared/entryScene';
import { entryMatterId } from './entryMatter';

jest.mock('@tarojs/taro', () => ({}));

const matterId = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('the matter a person arrives with', () => {
  it('reads the matter id of the Alipay code and the H5 link, encoded or not', () => {
    expect(entryMatterId({ matterId })).toBe(matterId);
    expect(entryMatterId({ matterId: encodeURIComponent(matterId) })).toBe(matterId);
  });

  it("reads a WeChat code's scene as WeChat hands it over, URL-encoded", () => {
    const scene = encodeEntryScene(matterId);
    expect(entryMatterId({ scene: encodeURIComponent(scene) })).toBe(matterId);
    expect(entryMatterId({ scene })).toBe(matterId);
  });

  it('finds no matter in another scene or without one', () => {
    expect(entryMatterId({ scene: 'promo=2026' })).toBeNull();
    expect(entryMatterId({})).toBeNull();
  });
});
