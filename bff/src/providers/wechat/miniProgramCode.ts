import { ProviderError, type ProviderFailure } from '../identity';
import type { AccessTokenCache } from './accessToken';
import { callWechatBinary, errcodeError, errcodeOf, type WechatAnswer } from './client';
import type { WechatOptions } from './options';

/**
 * Mini-program codes (小程序码) from wxacode.getUnlimited: `POST /wxa/getwxacodeunlimit?access_token=…`
 * with `{scene, page, check_path, env_version, width}` answers the image itself (JPEG, or PNG for a
 * transparent one) and `{errcode, errmsg}` JSON on errors. Codes do not expire and there is no cap
 * on how many; WeChat limits the rate (45009), so callers should keep what they made.
 *
 * Scanning opens `page` with the scene URL-encoded in its query: the page reads
 * `decodeURIComponent(options.query.scene)` (see `decodeEntryScene` in @regverify/shared).
 */
export interface UnlimitedCodeInput {
  /** Up to 32 of WeChat's scene characters (digits, letters and !#$&'()*+,/:;=?@-._~). */
  scene: string;
  /** A page of the mini-program, e.g. `pages/entry/index`: no leading slash, no query. */
  page: string;
  /** Which version the code opens (default release). */
  envVersion?: WechatEnvVersion;
  /** Width of the code in pixels, 280–1280 (WeChat's default 430). */
  width?: number;
}

export type WechatEnvVersion = 'release' | 'trial' | 'develop';

export interface MiniProgramCode {
  /** `image/jpeg` or `image/png`, read from the bytes themselves. */
  contentType: string;
  bytes: Buffer;
}

/** Makes mini-program codes: WeChat's (below) or the sandbox's (../sandbox/miniProgramCode). */
export interface MiniProgramCodes {
  unlimited(input: UnlimitedCodeInput): Promise<MiniProgramCode>;
}

export const GET_UNLIMITED_PATH = '/wxa/getwxacodeunlimit';
const LABEL = 'getwxacodeunlimit';

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** Path segments of a Taro page (`pages/entry/index`, `subpackages/more/faq/index`). */
const PAGE = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;
const MAX_PAGE_LENGTH = 128;
const ENV_VERSIONS: ReadonlySet<string> = new Set<WechatEnvVersion>(['release', 'trial', 'develop']);
export const MIN_CODE_WIDTH = 280;
export const MAX_CODE_WIDTH = 1280;

/**
 * Refuses (as `rejected`, like the other adapters' checks of what the caller passed) an input
 * WeChat would refuse, before anything is sent. The sandbox maker checks the same.
 */
export function checkUnlimitedInput(input: UnlimitedCodeInput): void {
  const { scene, page, envVersion, width } = input;
  if (typeof scene !== 'string' || !SCENE.test(scene)) {
    throw new ProviderError('rejected', "The scene of a mini-program code must be 1-32 digits, letters or !#$&'()*+,/:;=?@-._~");
  }
  if (typeof page !== 'string' || page.length > MAX_PAGE_LENGTH || !PAGE.test(page)) {
    throw new ProviderError('rejected', 'The page of a mini-program code must be a page path without leading slash or query');
  }
  if (envVersion !== undefined && !ENV_VERSIONS.has(envVersion)) {
    throw new ProviderError('rejected', 'The env_version of a mini-program code must be release, trial or develop');
  }
  if (width !== undefined && !(Number.isInteger(width) && width >= MIN_CODE_WIDTH && width <= MAX_CODE_WIDTH)) {
    throw new ProviderError(
      'rejected',
      `The width of a mini-program code must be a whole number of pixels, ${MIN_CODE_WIDTH}-${MAX_CODE_WIDTH}`,
    );
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type the bytes are, by their signature; null for anything else. */
export function imageTypeOf(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/**
 * getUnlimited's errcodes (from its documentation) besides the token ones, which the token cache
 * handles: a refused scene, page or argument is `rejected`; 45009 (calls per minute) is
 * `unavailable`, worth trying again later. Others are `rejected`.
 */
const FAILURES: Readonly<Record<number, ProviderFailure>> = {
  40129: 'rejected', // invalid scene
  41030: 'rejected', // invalid page, or not in the published version (check_path)
  40097: 'rejected', // invalid args
  85096: 'rejected', // scancode_path not allowed
  45009: 'unavailable', // frequency limit
};

export function createMiniProgramCodes(options: WechatOptions, tokens: AccessTokenCache): MiniProgramCodes {
  return {
    async unlimited(input) {
      checkUnlimitedInput(input);
      const envVersion = input.envVersion ?? 'release';
      const body = {
        scene: input.scene,
        page: input.page,
        // WeChat checks the page against the published version; a trial or develop build may
        // have pages the published one lacks, so only release codes are checked.
        check_path: envVersion === 'release',
        env_version: envVersion,
        ...(input.width === undefined ? {} : { width: input.width }),
      };

      let image: { contentType: string; bytes: Buffer } | undefined;
      const answer = await tokens.call(LABEL, async (accessToken): Promise<WechatAnswer> => {
        image = undefined;
        const reply = await callWechatBinary(options, {
          label: LABEL,
          method: 'POST',
          path: GET_UNLIMITED_PATH,
          query: { access_token: accessToken },
          body,
        });
        if (reply.kind === 'json') return reply.answer;
        image = reply;
        return {};
      });

      if (!image) {
        const errcode = errcodeOf(LABEL, answer);
        if (errcode !== 0) throw errcodeError(LABEL, answer, errcode, FAILURES);
        throw new ProviderError('bad_response', `WeChat ${LABEL} answered without an image`);
      }
      const contentType = imageTypeOf(image.bytes);
      if (!contentType) throw new ProviderError('bad_response', `WeChat ${LABEL} answered with something that is not an image`);
      return { contentType, bytes: image.bytes };
    },
  };
}
