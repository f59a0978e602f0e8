import { ProviderError } from '../identity';
import { createSandboxMiniProgramCodes } from '../sandbox/miniProgramCode';
import { createAccessTokenCache } from './accessToken';
import { createMiniProgramCodes, GET_UNLIMITED_PATH } from './miniProgramCode';
import type { WechatOptions } from './options';
import { startWechatStandIn, type WechatStandIn } from '../../../test/standIns/wechat';

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

const isPng = (bytes: Buffer) => bytes.subarray(1, 4).toString() === 'PNG';
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
  });

  it.each([
    ['a scene over 32 characters', { scene: 'm='.padEnd(33, 'x'), page: PAGE }],
    ['a scene with a space', { scene: 'm= 1', page: PAGE }],
    ['a page with a leading slash', { scene: SCENE, page: '/pages/entry/index' }],
    ['a page with a query', { scene: SCENE, page: 'pages/entry/index?x=1' }],
    ['a width WeChat does not draw', { scene: SCENE, page: PAGE, width: 100 }],
  ])('refuses %s before sending anything', async (_label, input) => {
    expect((await failureOf(codesFor(wx).unlimited(input))).failure).toBe('rejected');
    expect(wx.count(GET_UNLIMITED_PATH)).toBe(0);
  });

  it('reports a page WeChat has not published as rejected and its rate limit as unavailable, without its errmsg', async () => {
    expect((await failureOf(codesFor(wx).unlimited({ scene: SCENE, page: 'pages/todo/index' }))).failure).toBe('rejected');
    wx.answerNext(45009, GET_UNLIMITED_PATH);
    expect((await failureOf(codesFor(wx).unlimited({ scene: SCENE, page: PAGE }))).failure).toBe('unavailable');
  });

  it('calls an answer that is neither an image nor an error bad_response', async () => {
    const codes = codesFor(wx);
    await codes.unlimited({ scene: SCENE, page: PAGE });
    wx.breakNext('garbage'); // HTTP 200 with a broken JSON body
    expect((await failureOf(codes.unlimited({ scene: SCENE, page: PAGE }))).failure).toBe('bad_response');
  });
});

describe('the sandbox stand-in for mini-program codes', () => {
  it('draws a PNG of the page and scene, and refuses what WeChat would', async () => {
    const codes = createSandboxMiniProgramCodes();
    const code = await codes.unlimited({ scene: SCENE, page: PAGE });
    expect(code.contentType).toBe('image/png');
    expect(isPng(code.bytes)).toBe(true);
    expect(pngWidth(code.bytes)).toBe(430);
    await expect(codes.unlimited({ scene: 'x'.repeat(33), page: PAGE })).rejects.toBeInstanceOf(ProviderError);
  });
});
