import type { RuntimeConfig } from '../../../config/runtime';

/**
 * Ways into the mini-program for one matter: the page path inside the mini-program, an Alipay
 * scheme URL, the text of the QR code the portal page shows (the H5 preview in the sandbox), and
 * where WeChat is a platform (or in the sandbox, a stand-in) the URL of its WeChat mini-program code.
 */
export function presentEntry(
  config: Pick<RuntimeConfig, 'PUBLIC_URL' | 'IDENTITY_PROVIDER' | 'ALIPAY_APP_ID' | 'livePlatforms'>,
  matterId: string,
) {
  const weappPath = `pages/entry/index?matterId=${matterId}`;
  const alipayUrl = `alipays://platformapi/startapp?appId=${config.ALIPAY_APP_ID ?? 'sandbox'}&page=${encodeURIComponent(weappPath)}`;
  const h5Url = `${config.PUBLIC_URL.replace(/\/$/, '')}/h5/#/${weappPath}`;
  // The portal page's QR code opens the Alipay mini-program when Alipay is live; WeChat people scan
  // the WeChat code (`weappQrUrl`), which opens the same entry page with the matter in its scene.
  const alipayLive = config.IDENTITY_PROVIDER !== 'sandbox' && config.livePlatforms.includes('alipay');
  const weappCodes = config.IDENTITY_PROVIDER === 'sandbox' || config.livePlatforms.includes('weapp');
  return {
    qrText: alipayLive ? alipayUrl : h5Url,
    alipayUrl,
    weappPath,
    ...(weappCodes ? { weappQrUrl: `${config.PUBLIC_URL.replace(/\/$/, '')}/entry/${matterId}/weapp.png` } : {}),
  };
}
