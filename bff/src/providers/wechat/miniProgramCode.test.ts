import path from 'node:path';
import { ProviderError } from '../identity';
import { createSandboxMiniProgramCodes } from '../sandbox/miniProgramCode';
import { createAccessTokenCache } from './accessToken';
import { createMiniProgramCodes, GET_UNLIMITED_PATH } from './miniProgramCode';
import type { WechatOptions } from './options';
import { STAND_IN_PUBLISHED_PAGES, startWechatStandIn, type WechatStandIn } from '../../../test/standIns/wechat';

const SCENE = 'm=AAECAwQFBgcICQoLDA0ODw';
const PAGE = 'pages/entry/index';

let wx: WechatStandIn;
beforeEach(async () => {
  wx = await startWechatStandIn();
});
afterEach(() => wx.close());

const codesFor = (standIn: WechatStandIn) => {
  const options: WechatOptions = { appId: standIn.appId, appSecret: standIn.appSecret, apiBase: standIn.apiBase, timeoutMs: 2000 };
  return createMiniProgramCodes(options, createAccessTokenCache(options));
};

const isPng = (bytes: Buffer) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const pngWidth = (bytes: Buffer) => bytes.readUInt32BE(16);

/** The ProviderError a call ends with; no access token, secret or WeChat errmsg in its message. */
async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const { message } = error as ProviderError;
  expect(message).not.toContain(wx.appSecret);
  for (const r of wx.requests) if (r.query.access_token) expect(message).not.toContain(r.query.access_token);
  expect(message).not.toMatch(/not published|rid:/);
  return error as ProviderError;
}

describe('WeChat mini-program codes (wxacode.getUnlimited)', () => {
  it("makes the code of a scene and a page with the app's access token; the bytes decide the type", async () => {
    const code = await codesFor(wx).unlimited({ scene: SCENE, page: PAGE, width: 430 });
    expect(code.contentType).toBe('image/png'); // WeChat labels it image/jpeg; the bytes are a PNG
    expect(isPng(code.bytes)).toBe(true);
    expect(pngWidth(code.bytes)).toBe(430);
    const [asked] = wx.requests.filter((r) => r.path === GET_UNLIMITED_PATH);
    expect(asked.body).toEqual({ scene: SCENE, page: PAGE, check_path: true, env_version: 'release', width: 430 });
    expect(wx.count('/cgi-bin/stable_token')).toBe(1);
  });

  it('asks for a token again, once, when WeChat says it expired', async () => {
    const codes = codesFor(wx);
    await codes.unlimited({ scene: SCENE, page: PAGE });
    wx.expireTokens();
    expect(isPng((await codes.unlimited({ scene: SCENE, page: PAGE })).bytes)).toBe(true);
    expect(wx.count('/cgi-bin/stable_token')).toBe(2);
    const answers = wx.requests
      .filter((r) => r.path === GET_UNLIMITED_PATH)
      .map((r) => (r.answer as { errcode?: number }).errcode ?? 'image');
    expect(answers).toEqual(['image', 42001, 'image']);
  });

  it('gives up when a fresh token is refused too: unavailable, after exactly one retry', async () => {
    wx.refuseTokens(5, 40001);
    const error = await failureOf(codesFor(wx).unlimited({ scene: SCENE, page: PAGE }));
    expect([error.failure, error.providerCode]).toEqual(['unavailable', '40001']);
    expect(wx.count(GET_UNLIMITED_PATH)).toBe(2);
  });

  it('takes a JPEG, the type WeChat draws by default', async () => {
    // The start of a JFIF file: the adapter reads the signature, not the Content-Type.
    const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
    wx.replaceNextImage(jpeg, 'image/jpeg');
    expect(await codesFor(wx).unlimited({ scene: SCENE, page: PAGE })).toEqual({ contentType: 'image/jpeg', bytes: jpeg });
  });

  it('opens a trial or develop version without checking the page against the published one', async () => {
    const code = await codesFor(wx).unlimited({ scene: SCENE, page: 'pages/not-yet/index', envVersion: 'trial' });
    expect(isPng(code.bytes)).toBe(true);
    const [asked] = wx.requests.filter((r) => r.path === GET_UNLIMITED_PATH);
    expect(asked.body).toEqual({ scene: SCENE, page: 'pages/not-yet/index', check_path: false, env_version: 'trial' });
  });

  it.each([
    ['a scene over 32 characters', { scene: 'm='.padEnd(33, 'x'), page: PAGE }],
    ['a scene with a space', { scene: 'm= 1', page: PAGE }],
    ['a page with a leading slash', { scene: SCENE, page: '/pages/entry/index' }],
    ['a page with a query', { scene: SCENE, page: 'pages/entry/index?x=1' }],
    ['a width WeChat does not draw', { scene: SCENE, page: PAGE, width: 100 }],
    ['an empty scene', { scene: '', page: PAGE }],
    ['a scene with a character WeChat does not take', { scene: 'm=中', page: PAGE }],
    ['an env_version WeChat does not know', { scene: SCENE, page: PAGE, envVersion: 'beta' as 'trial' }],
  ])('refuses %s before sending anything', async (_label, input) => {
    expect((await failureOf(codesFor(wx).unlimited(input))).failure).toBe('rejected');
    expect(wx.count(GET_UNLIMITED_PATH)).toBe(0);
  });

  it('reports a page WeChat has not published as rejected and its rate limit as unavailable, without its errmsg', async () => {
    const unpublished = await failureOf(codesFor(wx).unlimited({ scene: SCENE, page: 'pages/todo/index' }));
    expect([unpublished.failure, unpublished.providerCode]).toEqual(['rejected', '41030']);
    expect(unpublished.message).toMatch(/^WeChat getwxacodeunlimit answered errcode 41030 \(rid [0-9a-f]+-[0-9a-f]+\)$/);
    expect(unpublished.message).not.toContain('pages/todo/index'); // the stand-in's errmsg names the page
    wx.answerNext(45009, GET_UNLIMITED_PATH);
    const limited = await failureOf(codesFor(wx).unlimited({ scene: SCENE, page: PAGE }));
    expect([limited.failure, limited.providerCode]).toEqual(['unavailable', '45009']);
  });

  it('calls an answer that is neither an image nor an error bad_response', async () => {
    const codes = codesFor(wx);
    await codes.unlimited({ scene: SCENE, page: PAGE });
    wx.breakNext('garbage'); // HTTP 200 with a broken JSON body
    expect((await failureOf(codes.unlimited({ scene: SCENE, page: PAGE }))).failure).toBe('bad_response');
    wx.replaceNextImage(Buffer.from('<html><body>not a code</body></html>'), 'image/jpeg');
    expect((await failureOf(codes.unlimited({ scene: SCENE, page: PAGE }))).failure).toBe('bad_response');
    wx.answerNext(0, GET_UNLIMITED_PATH); // JSON that says success but carries no image
    expect((await failureOf(codes.unlimited({ scene: SCENE, page: PAGE }))).failure).toBe('bad_response');
  });

  it("publishes, by default, the pages of the mini-program's app.config.ts", async () => {
    const globals = globalThis as { defineAppConfig?: (config: unknown) => unknown };
    globals.defineAppConfig = (config) => config;
    try {
      const appConfig = (await import(path.join(__dirname, '../../../../client/src/app.config.ts'))).default as {
        pages: string[];
        subPackages?: Array<{ root: string; pages: string[] }>;
      };
      const pages = [
        ...appConfig.pages,
        ...(appConfig.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root.replace(/\/$/, '')}/${page}`)),
      ];
      expect([...STAND_IN_PUBLISHED_PAGES].sort()).toEqual(pages.sort());
    } finally {
      delete globals.defineAppConfig;
    }
  });
});

describe('the sandbox stand-in for mini-program codes', () => {
  it('draws a PNG of the page and scene, and refuses what WeChat would', async () => {
    const codes = createSandboxMiniProgramCodes();
    const code = await codes.unlimited({ scene: SCENE, page: PAGE });
    expect(code.contentType).toBe('image/png');
    expect(isPng(code.bytes)).toBe(true);
    expect(pngWidth(code.bytes)).toBe(430);
    expect(code.bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(pngWidth((await codes.unlimited({ scene: SCENE, page: PAGE, width: 280 })).bytes)).toBe(280);
    await expect(codes.unlimited({ scene: 'x'.repeat(33), page: PAGE })).rejects.toBeInstanceOf(ProviderError);
  });
});
