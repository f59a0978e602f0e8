import { miniCanvasToPng, miniOpenDocument, taroRequest, taroStorage } from './common';
import type { PlatformPort } from './port';

declare const my: {
  getAuthCode(options: { scopes: string; success(res: { authCode: string }): void; fail(err: unknown): void }): void;
  startAPVerify(options: { url: string; certifyId: string; success(res: { resultStatus: string }): void; fail(err: unknown): void }): void;
};

/** Alipay: `my.getAuthCode` for login and prefill, `my.startAPVerify` for the certify face screen. */
export const platform: PlatformPort = {
  name: 'alipay',
  loginCode() {
    return new Promise((resolve, reject) => my.getAuthCode({ scopes: 'auth_base', success: (res) => resolve(res.authCode), fail: reject }));
  },
  prefillAuthCode() {
    // First use asks the person to authorize sharing their name and ID number.
    return new Promise((resolve) =>
      my.getAuthCode({ scopes: 'auth_user', success: (res) => resolve(res.authCode), fail: () => resolve(null) }),
    );
  },
  runFaceCheck(_provider, params) {
    return new Promise((resolve) => {
      my.startAPVerify({
        url: String(params.url),
        certifyId: String(params.certifyId),
        // 9000 done, 6001 cancelled, 6002 network, 4000 business error: the server asks Alipay in every case.
        success: (res) => resolve(res.resultStatus === '6001' ? { finished: false, cancelled: true } : { finished: true }),
        fail: () => resolve({ finished: false, problem: '无法打开刷脸核验，请稍后重试' }),
      });
    });
  },
  drawingEvents: () => 'touch',
  canvasToPngDataUrl: miniCanvasToPng,
  openDocument: miniOpenDocument,
  request: taroRequest,
  storage: taroStorage,
};
