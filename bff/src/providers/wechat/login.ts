import { ProviderError, type LoginProvider } from '../identity';
import { callWechat, errcodeError, errcodeOf } from './client';
import type { WechatOptions } from './options';

/**
 * Mini-program login (code2Session): `GET /sns/jscode2session?appid&secret&js_code&grant_type=
 * authorization_code` exchanges the one-time `wx.login` code (single use, about 5 minutes) for the
 * user's openid.
 *
 * The answer also carries `session_key`, the key WeChat uses to encrypt and sign data it hands the
 * mini-program. This adapter has no use for it: it is never read, returned, stored or logged, and
 * the answer object is dropped as soon as the openid is taken.
 */
export function createWechatLoginProvider(options: WechatOptions): LoginProvider {
  return {
    async login(code) {
      if (typeof code !== 'string' || code.trim() === '' || code.length > 256) {
        throw new ProviderError('invalid_code', 'WeChat login code is missing or malformed');
      }
      const answer = await callWechat(options, {
        label: 'jscode2session',
        method: 'GET',
        path: '/sns/jscode2session',
        query: { appid: options.appId, secret: options.appSecret, js_code: code, grant_type: 'authorization_code' },
      });
      const errcode = errcodeOf('jscode2session', answer);
      if (errcode !== 0) {
        throw errcodeError('jscode2session', answer, errcode, {
          40029: 'invalid_code', // invalid code (also: a code from another appid)
          40163: 'invalid_code', // code already used
          41008: 'invalid_code', // missing code
          40226: 'rejected', // high-risk user, login blocked by WeChat
        });
      }
      const { openid } = answer;
      if (typeof openid !== 'string' || openid === '' || openid.length > 128) {
        throw new ProviderError('bad_response', 'WeChat jscode2session answered without an openid');
      }
      return { platformUserId: openid };
    },
  };
}
