import { createHash } from 'node:crypto';
import { normalizeIdNumber, type IdType } from '@regverify/shared';
import {
  ProviderError,
  type FaceCheckResult,
  type FaceCheckSubject,
  type IdentityProvider,
  type QueryFaceCheckInput,
  type StartFaceCheckInput,
} from '../identity';
import { createAccessTokenCache, type AccessTokenCache } from './accessToken';
import { callWechat, errcodeError, errcodeOf, type WechatAnswer } from './client';
import type { WechatOptions } from './options';

/**
 * WeChat face verification 2.0 (人脸核身 2.0), mainland resident ID cards only:
 *
 * 1. `POST /cityservice/face/identify/getverifyid?access_token=…` with the name, ID number and
 *    openid → `verify_id` (valid 3600 s);
 * 2. the mini-program runs `wx.requestFacialVerify({verifyId})`; its outcome is not trusted;
 * 3. `POST /cityservice/face/identify/queryverifyinfo?access_token=…` with `verify_id`,
 *    `out_seq_no`, `openid` and `cert_hash` → `verify_ret` (10000 = passed).
 *
 * WeChat does not sign these answers. Their integrity rests on TLS to api.weixin.qq.com and on
 * the query's binding: WeChat compares `out_seq_no`, `openid` and `cert_hash` with what
 * getverifyid received and answers an errcode instead of a `verify_ret` when any differs, so a
 * `verify_ret` can only describe the person we asked about. Any errcode other than busy/rate
 * limit from queryverifyinfo is therefore reported as `bad_response`: the answer does not belong
 * to what we asked, and must not be taken as a verdict on the user.
 */
export interface WechatIdentityDeps {
  /** Shares one token cache between adapters of the same app (default: a cache of its own). */
  accessTokens?: AccessTokenCache;
  /** The clock for the default token cache. */
  now?: () => number;
}

export const GET_VERIFY_ID_PATH = '/cityservice/face/identify/getverifyid';
export const QUERY_VERIFY_INFO_PATH = '/cityservice/face/identify/queryverifyinfo';

/** WeChat's rule for out_seq_no: 5–32 letters, digits, `_` and `-`, unique per appid. */
const OUT_SEQ_NO = /^[A-Za-z0-9_-]{5,32}$/;

export interface CertInfo {
  cert_type: 'IDENTITY_CARD';
  cert_name: string;
  cert_no: string;
}

/**
 * The cert_info sent to getverifyid. start and query both derive it here, so the cert_hash of the
 * query is computed over exactly the values getverifyid received.
 */
export function certInfoOf(subject: FaceCheckSubject): CertInfo {
  return { cert_type: 'IDENTITY_CARD', cert_name: subject.name.trim(), cert_no: normalizeIdNumber(subject.idNumber) };
}

/**
 * queryverifyinfo's `cert_hash`, as WeChat's documentation of queryVerifyInfo describes it: each of
 * cert_type, cert_name, cert_no is encoded in standard base64 (with padding) over its UTF-8 bytes,
 * joined as `cert_type=<b64>&cert_name=<b64>&cert_no=<b64>` in that order, then SHA-256, lowercase
 * hex. The documentation's worked example (IDENTITY_CARD / 张三 / 310101199801011234 →
 * 3c241f7f…8671108b) is checked in the tests.
 */
export function certHash(cert: CertInfo): string {
  const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
  const joined = `cert_type=${b64(cert.cert_type)}&cert_name=${b64(cert.cert_name)}&cert_no=${b64(cert.cert_no)}`;
  return createHash('sha256').update(joined, 'utf8').digest('hex');
}

const CANCELLED = '已取消人脸核验';
const TIMED_OUT = '核验超时，请重试';

/**
 * verify_ret → result. 10000 and the 9xxxx client codes are from WeChat's queryVerifyInfo
 * documentation; 10005 (正在检测中) and 10300 (未完成核身) are listed by third-party SDKs (WxJava)
 * only, so reading them as "still in progress" is an assumption.
 */
export function resultOfVerifyRet(verifyRet: number): FaceCheckResult {
  if (verifyRet === 10000) return { status: 'passed' };
  if (verifyRet === 10005 || verifyRet === 10300) return { status: 'pending' };
  return { status: 'failed', reason: failureReason(verifyRet) };
}

function failureReason(verifyRet: number): string {
  if (verifyRet >= 90002 && verifyRet <= 90006) return CANCELLED;
  if (verifyRet === 90024) return CANCELLED; // 用户在确认页退出
  switch (verifyRet) {
    case 90017: // 识别过程超时
    case 90107: // 用户检测超时
      return TIMED_OUT;
    case 90001:
    case 90109:
      return '当前设备不支持人脸核验，请更换手机后重试';
    case 90007:
    case 90012:
    case 90020:
      return '网络异常，请重试';
    case 90008:
    case 90009:
    case 90010:
      return '未授权使用相机或麦克风，请在设置中允许后重试';
    case 90011:
    case 90023:
      return '未能采集到有效的人脸，请在光线充足处正对手机重试';
    case 10002:
      return '未检测到有效的人脸，请重试';
    case 10003:
      return '姓名与身份证号码不一致，请核对后重试';
    case 10004:
      return '人脸与身份证信息不一致';
    default:
      return `人脸核验未通过（${verifyRet}）`;
  }
}

export function createWechatIdentityProvider(options: WechatOptions, deps: WechatIdentityDeps = {}): IdentityProvider {
  const tokens = deps.accessTokens ?? createAccessTokenCache(options, { now: deps.now });

  const supports = (idType: IdType) => idType === 'resident_id';

  /** Checks what WeChat would refuse anyway, before any personal data leaves. */
  function checkInput(input: StartFaceCheckInput): void {
    if (!supports(input.subject.idType)) {
      throw new ProviderError('rejected', 'WeChat face verification accepts mainland resident ID cards only');
    }
    if (!OUT_SEQ_NO.test(input.outerNo)) {
      throw new ProviderError('rejected', 'out_seq_no must be 5-32 letters, digits, _ or -');
    }
    if (typeof input.platformUserId !== 'string' || input.platformUserId === '') {
      throw new ProviderError('rejected', 'WeChat face verification needs the openid of the session');
    }
  }

  const post = (label: string, path: string, body: unknown) =>
    tokens.call(label, (accessToken) => callWechat(options, { label, method: 'POST', path, query: { access_token: accessToken }, body }));

  return {
    name: 'wechat',
    supports,

    async start(input) {
      checkInput(input);
      const answer = await post('getverifyid', GET_VERIFY_ID_PATH, {
        out_seq_no: input.outerNo,
        cert_info: certInfoOf(input.subject),
        openid: input.platformUserId,
      });
      const errcode = errcodeOf('getverifyid', answer);
      if (errcode !== 0) throw errcodeError('getverifyid', answer, errcode);
      const verifyId = answer.verify_id;
      if (typeof verifyId !== 'string' || verifyId === '' || verifyId.length > 256) {
        throw new ProviderError('bad_response', 'WeChat getverifyid answered without a verify_id');
      }
      return { providerRef: verifyId, params: { verifyId } };
    },

    async query(input: QueryFaceCheckInput) {
      checkInput(input);
      const sent = {
        verify_id: input.providerRef,
        out_seq_no: input.outerNo,
        cert_hash: certHash(certInfoOf(input.subject)),
        openid: input.platformUserId,
      };
      const answer = await post('queryverifyinfo', QUERY_VERIFY_INFO_PATH, sent);
      const errcode = errcodeOf('queryverifyinfo', answer);
      if (errcode !== 0) throw errcodeError('queryverifyinfo', answer, errcode, {}, 'bad_response');
      checkEcho(answer, sent);
      const verifyRet = answer.verify_ret;
      if (typeof verifyRet !== 'number' || !Number.isSafeInteger(verifyRet)) {
        throw new ProviderError('bad_response', 'WeChat queryverifyinfo answered without a verify_ret');
      }
      return resultOfVerifyRet(verifyRet);
    },
  };
}

/**
 * The documented answer echoes none of the request; if WeChat ever does echo a field, it has to be
 * the value we sent, or the answer is about another attempt.
 */
function checkEcho(answer: WechatAnswer, sent: Record<string, string>): void {
  for (const [field, value] of Object.entries(sent)) {
    if (field in answer && answer[field] !== value) {
      throw new ProviderError('bad_response', `WeChat queryverifyinfo answered about another ${field}`);
    }
  }
}
