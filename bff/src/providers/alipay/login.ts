import type { AlipaySdk } from 'alipay-sdk';
import { ProviderError, type AccountOwnerCheck, type LoginProvider, type PrefillProvider } from '../identity';
import { badAnswer, toProviderError } from './errors';
import { createAlipaySdk, type AlipayOptions } from './options';

interface OauthTokenAnswer {
  user_id?: unknown;
  open_id?: unknown;
  access_token?: unknown;
}

interface UserInfoAnswer {
  user_name?: unknown;
  cert_no?: unknown;
  /** "0" is the resident ID card; other numbers are other documents. */
  cert_type?: unknown;
  /** "T" when the account is real-name verified; cert_no means nothing otherwise. */
  is_certified?: unknown;
}

/**
 * Alipay's codes for a refused auth code. v3 codes are the v2 sub_codes without the `isv.`/`aop.`
 * prefix (e.g. v2 `aop.invalid-auth-token` → v3 `invalid-auth-token`); the v2 sub_code for a bad
 * code is `isv.code-invalid`. Accept both spellings and the expired/used variants.
 */
const INVALID_CODE =
  /^(?:(?:isv|aop)\.)?(?:code-invalid|code-expired|code-used|code-time-?out|invalid-(?:auth-)?code|auth-code-(?:invalid|expired))$/i;

/** Codes meaning "this app may not read that field" → prefill quietly gives up. */
const NOT_GRANTED = /permission|not-?granted|no-?auth|unauthorized/i;

interface Token {
  platformUserId: string;
  accessToken: string;
}

/** auth code → access token and user id (`POST /v3/alipay/system/oauth/token`). The token is never logged. */
async function exchangeCode(sdk: AlipaySdk, code: string): Promise<Token> {
  if (typeof code !== 'string' || code.trim() === '') {
    throw new ProviderError('invalid_code', 'alipay oauth token: empty auth code');
  }
  let answer: OauthTokenAnswer;
  try {
    ({ data: answer } = await sdk.curl<OauthTokenAnswer>('POST', '/v3/alipay/system/oauth/token', {
      body: { grant_type: 'authorization_code', code: code.trim() },
    }));
  } catch (err) {
    const failure = toProviderError(err, 'alipay oauth token');
    if (failure.failure === 'rejected' && failure.providerCode && INVALID_CODE.test(failure.providerCode)) {
      throw new ProviderError('invalid_code', 'alipay oauth token: auth code refused (invalid, used or expired)', failure.providerCode);
    }
    throw failure;
  }
  // New apps get open_id only; older ones user_id (2088…).
  const userId = typeof answer?.user_id === 'string' && answer.user_id ? answer.user_id : answer?.open_id;
  if (typeof userId !== 'string' || userId === '') throw badAnswer('alipay oauth token', 'neither user_id nor open_id');
  if (typeof answer.access_token !== 'string' || answer.access_token === '') throw badAnswer('alipay oauth token', 'no access_token');
  return { platformUserId: userId, accessToken: answer.access_token };
}

/**
 * Mini-program login: `my.getAuthCode` code → Alipay user id (or open id), and the account's access
 * token, which the session keeps (sealed) to ask later whether the account is the person's own.
 */
export function createAlipayLoginProvider(options: AlipayOptions): LoginProvider {
  const sdk = createAlipaySdk(options);
  return {
    async login(code) {
      const { platformUserId, accessToken } = await exchangeCode(sdk, code);
      return { platformUserId, accountToken: accessToken };
    },
  };
}

/** Refusals meaning "Alipay will not say for this app or token": the check cannot tell, it does not fail. */
const CANNOT_TELL = /permission|not-?granted|no-?auth|unauthorized|invalid-auth-token|auth-token-(?:expired|invalid)/i;

/**
 * 实名证件信息比对验证 (`POST /v3/alipay/user/certdoc/certverify/preconsult`, then
 * `GET /v3/alipay/user/certdoc/certverify/consult?auth_token&verify_id`): Alipay compares the
 * account's own real-name registration with the identity the person entered. FAQ 7 of the manual
 * names "非本人使用支付宝账号进行验证" as a cause of failure; this refuses it before the face check.
 * Resident ID cards only (the preconsult's `cert_type`); anything else, or an app/token Alipay does
 * not answer for, is `unknown`.
 */
export function createAlipayAccountOwnerCheck(options: AlipayOptions): AccountOwnerCheck {
  const sdk = createAlipaySdk(options);
  const cannotTell = (err: unknown, what: string): 'unknown' => {
    const failure = toProviderError(err, what);
    if (failure.failure === 'rejected' && failure.providerCode && CANNOT_TELL.test(failure.providerCode)) return 'unknown';
    throw failure;
  };
  return {
    async check({ accountToken, subject }) {
      if (subject.idType !== 'resident_id') return 'unknown';
      let verifyId: unknown;
      try {
        ({
          data: { verify_id: verifyId },
        } = await sdk.curl<{ verify_id?: unknown }>('POST', '/v3/alipay/user/certdoc/certverify/preconsult', {
          body: { user_name: subject.name, cert_type: 'IDENTITY_CARD', cert_no: subject.idNumber },
        }));
      } catch (err) {
        return cannotTell(err, 'alipay certverify preconsult');
      }
      if (typeof verifyId !== 'string' || !verifyId) throw badAnswer('alipay certverify preconsult', 'no verify_id');
      let passed: unknown;
      try {
        ({
          data: { passed },
        } = await sdk.curl<{ passed?: unknown }>('GET', '/v3/alipay/user/certdoc/certverify/consult', {
          query: { auth_token: accountToken, verify_id: verifyId },
        }));
      } catch (err) {
        return cannotTell(err, 'alipay certverify consult');
      }
      if (passed === 'T') return 'owner';
      if (passed === 'F') return 'not_owner';
      throw badAnswer('alipay certverify consult', 'passed is neither T nor F');
    },
  };
}

/**
 * Best-effort prefill from `my.getAuthCode({scopes: 'auth_user'})`: code → token →
 * `POST /v3/alipay/user/info/share?auth_token=…`. Name and number only when both are shared, the
 * account is real-name verified and the document is a resident ID card; Alipay no longer grants
 * `cert_no` to new apps, so null is the usual answer and typing the normal path.
 */
export function createAlipayPrefillProvider(options: AlipayOptions): PrefillProvider {
  const sdk = createAlipaySdk(options);
  return {
    async prefill(authCode) {
      const { accessToken } = await exchangeCode(sdk, authCode);
      let info: UserInfoAnswer;
      try {
        ({ data: info } = await sdk.curl<UserInfoAnswer>('POST', '/v3/alipay/user/info/share', {
          query: { auth_token: accessToken },
        }));
      } catch (err) {
        const failure = toProviderError(err, 'alipay user info share');
        if (failure.failure === 'rejected' && failure.providerCode && NOT_GRANTED.test(failure.providerCode)) return null;
        throw failure;
      }
      if (!info || typeof info !== 'object') throw badAnswer('alipay user info share', 'answer is not an object');
      const name = typeof info.user_name === 'string' ? info.user_name.trim() : '';
      const idNumber = typeof info.cert_no === 'string' ? info.cert_no.trim().toUpperCase() : '';
      if (!name || !idNumber) return null;
      if (info.is_certified !== undefined && info.is_certified !== 'T') return null;
      if (info.cert_type !== undefined && String(info.cert_type) !== '0') return null;
      return { name, idNumber };
    },
  };
}
