import type { RuntimeConfig } from '../../../config/runtime';

/**
 * Ways into the mini-program for one matter: the page path inside the mini-program, an Alipay
 * scheme URL, and the text of the QR code the portal page shows (the H5 preview in the sandbox).
 */
export function presentEntry(config: Pick<RuntimeConfig, 'PUBLIC_URL' | 'IDENTITY_PROVIDER' | 'ALIPAY_APP_ID'>, matterId: string) {
  const weappPath = `pages/entry/index?matterId=${matterId}`;
  const alipayUrl = `alipays://platformapi/startapp?appId=${config.ALIPAY_APP_ID ?? 'sandbox'}&page=${encodeURIComponent(weappPath)}`;
  const h5Url = `${config.PUBLIC_URL.replace(/\/$/, '')}/h5/#/${weappPath}`;
  return { qrText: config.IDENTITY_PROVIDER === 'alipay' ? alipayUrl : h5Url, alipayUrl, weappPath };
}
