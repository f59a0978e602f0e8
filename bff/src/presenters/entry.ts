import type { RuntimeConfig } from '../../../config/runtime';

/**
 * Ways into the mini-program for one matter: the page path inside the mini-program, an Alipay
 * scheme URL, and the text of the QR code the portal page shows (the H5 preview in the sandbox).
 */
export function presentEntry(
  config: Pick<RuntimeConfig, 'PUBLIC_URL' | 'IDENTITY_PROVIDER' | 'ALIPAY_APP_ID' | 'livePlatforms'>,
  matterId: string,
) {
  const weappPath = `pages/entry/index?matterId=${matterId}`;
  const alipayUrl = `alipays://platformapi/startapp?appId=${config.ALIPAY_APP_ID ?? 'sandbox'}&page=${encodeURIComponent(weappPath)}`;
  const h5Url = `${config.PUBLIC_URL.replace(/\/$/, '')}/h5/#/${weappPath}`;
  // The portal page's QR code opens the Alipay mini-program when Alipay is live; WeChat people open
  // the WeChat mini-program themselves (its QR code needs WeChat's own API) and find the same to-do.
  const alipayLive = config.IDENTITY_PROVIDER !== 'sandbox' && config.livePlatforms.includes('alipay');
  return { qrText: alipayLive ? alipayUrl : h5Url, alipayUrl, weappPath };
}
