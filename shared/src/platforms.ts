/** The mini-program platforms as people name them. */
export const PLATFORM_LABELS = {
  alipay: '支付宝小程序',
  weapp: '微信小程序',
  h5: '网页预览',
} as const;

type Live = ReadonlyArray<keyof typeof PLATFORM_LABELS>;

/** The words for a platform whose people this deployment does not serve, naming those it does. */
export function platformNotLiveMessage(platform: keyof typeof PLATFORM_LABELS, live: Live): string {
  const others = live.filter((p) => p !== 'h5').map((p) => PLATFORM_LABELS[p]);
  return `本服务暂未开通${PLATFORM_LABELS[platform]}核验${others.length ? `，请使用${others.join('或')}` : ''}`;
}

/**
 * FAQ 1 ("是否可以用微信或者其他应用做核验？"), in the words of the manual for what is live: Alipay
 * only gives the manual's own sentence; opening WeChat changes it without a new mini-program release.
 */
export function platformsFaqAnswer(live: Live): string {
  const alipay = live.includes('alipay');
  const weapp = live.includes('weapp');
  if (alipay && weapp) return '目前版本支持支付宝小程序和微信小程序核验，后续对应的APP将会陆续上线。';
  if (weapp) return '目前版本仅支持微信小程序核验，后续支付宝及对应的APP将会陆续上线。';
  return '目前版本仅支持支付宝小程序核验，后续微信及对应的APP将会陆续上线。';
}
