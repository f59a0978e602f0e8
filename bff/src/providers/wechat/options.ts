/** What the WeChat adapters need: the mini-program's credentials and where WeChat's API lives. */
export interface WechatOptions {
  /** The mini-program AppID; the same app must run `wx.login` and `wx.requestFacialVerify`. */
  appId: string;
  /** The AppSecret: sent to WeChat only, never logged and never put in an error message. */
  appSecret: string;
  /** Base URL of WeChat's server API; tests point it at the local stand-in. */
  apiBase?: string;
  /** Per-request timeout in milliseconds (default 10 s). */
  timeoutMs?: number;
}

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com';
export const DEFAULT_WECHAT_TIMEOUT_MS = 10_000;
