import Taro from '@tarojs/taro';
import { miniCanvasToPng, miniOpenDocument, taroRequest, taroStorage } from './common';
import type { PlatformPort } from './port';

declare const wx: {
  requestFacialVerify?(options: {
    verifyId: string;
    success(res: unknown): void;
    fail(err: { errCode?: number; errMsg?: string }): void;
  }): void;
};

/** WeChat: `wx.login` for the session, face verification 2.0 (`wx.requestFacialVerify`, base library ≥ 3.8.12). */
export const platform: PlatformPort = {
  name: 'weapp',
  async loginCode() {
    const { code } = await Taro.login();
    return code;
  },
  async prefillAuthCode() {
    return null; // WeChat does not share the ID number with mini-programs
  },
  runFaceCheck(_provider, params) {
    return new Promise((resolve) => {
      if (!wx.requestFacialVerify) {
        resolve({ finished: false, problem: '当前微信版本过低，请升级微信后重试' });
        return;
      }
      wx.requestFacialVerify({
        verifyId: String(params.verifyId),
        success: () => resolve({ finished: true }),
        fail: (err) => resolve(/cancel/i.test(err.errMsg ?? '') ? { finished: false, cancelled: true } : { finished: true }),
      });
    });
  },
  drawingEvents: () => 'touch',
  canvasToPngDataUrl: miniCanvasToPng,
  openDocument: miniOpenDocument,
  request: taroRequest,
  storage: taroStorage,
};
