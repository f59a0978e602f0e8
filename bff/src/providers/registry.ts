import type { RuntimeConfig } from '../../../config/runtime';
import type { Metrics } from '../metrics/metrics';
import type { Models } from '../models';
import type { BankCardProvider } from './bankCard';
import { createSandboxBankCardProvider } from './bankcard/sandbox';
import { createTencentCloudBankCardProvider } from './bankcard/tencentCloud';
import type { AccountOwnerCheck, IdentityProvider, LoginProvider, PrefillProvider } from './identity';
import { createAlipayIdentityProvider } from './alipay/identity';
import { createAlipayAccountOwnerCheck, createAlipayLoginProvider, createAlipayPrefillProvider } from './alipay/login';
import type { AlipayOptions } from './alipay/options';
import { createSandboxIdentityProvider } from './sandbox/identity';
import { createSandboxLoginProvider } from './sandbox/login';
import { instrumentAccountOwner, instrumentBankCard, instrumentIdentity, instrumentLogin, instrumentPrefill } from './instrumented';
import { createSandboxMiniProgramCodes } from './sandbox/miniProgramCode';
import { createAccessTokenCache } from './wechat/accessToken';
import { createWechatIdentityProvider } from './wechat/identity';
import { createMiniProgramCodes, type MiniProgramCodes } from './wechat/miniProgramCode';
import { createWechatLoginProvider } from './wechat/login';
import type { WechatOptions } from './wechat/options';

export type Platform = 'alipay' | 'weapp' | 'h5';

/** What one mini-program platform's people are served by. */
export interface PlatformProviders {
  login: LoginProvider;
  identity: IdentityProvider;
  prefill: PrefillProvider | null;
  /** Whether the platform account belongs to the person it is about to verify, where the platform can tell. */
  accountOwner: AccountOwnerCheck | null;
  /** Mini-program codes that lead to a matter (WeChat's wxacode.getUnlimited; a stand-in in the sandbox), where the platform makes them. */
  codes?: MiniProgramCodes | null;
}

export interface Providers {
  /** Per platform; a platform that is not live has none (its logins are refused). */
  platforms: Partial<Record<Platform, PlatformProviders>>;
  /** Every face-check provider by name (a verification is completed by the one that started it). */
  identities: Partial<Record<IdentityProvider['name'], IdentityProvider>>;
  bankCard: BankCardProvider;
}

/**
 * Picks the adapters the configuration names (the config schema made sure their keys are set); with
 * `metrics`, every call through them is counted and timed by vendor (the face-check provider's name
 * is the vendor of its platform's login, prefill and account-owner check too).
 */
export function createProviders(config: RuntimeConfig, models: Models, metrics?: Pick<Metrics, 'vendorCall'>): Providers {
  const built = platformProviders(config, models);
  const platforms: Providers['platforms'] = {};
  const identities: Providers['identities'] = {};
  for (const [platform, p] of Object.entries(built) as Array<[Platform, PlatformProviders]>) {
    const vendor = p.identity.name;
    // One wrapper per face-check provider: the sandbox serves every platform.
    const identity = (identities[vendor] ??= metrics ? instrumentIdentity(p.identity, metrics) : p.identity);
    platforms[platform] = metrics
      ? {
          login: instrumentLogin(p.login, vendor, metrics),
          identity,
          prefill: p.prefill && instrumentPrefill(p.prefill, vendor, metrics),
          accountOwner: p.accountOwner && instrumentAccountOwner(p.accountOwner, vendor, metrics),
          codes: p.codes ?? null,
        }
      : { ...p, identity };
  }
  const bankCard = bankCardProvider(config);
  return { platforms, identities, bankCard: metrics ? instrumentBankCard(bankCard, metrics) : bankCard };
}

function platformProviders(config: RuntimeConfig, models: Models): Providers['platforms'] {
  if (config.IDENTITY_PROVIDER === 'sandbox') {
    const identity = createSandboxIdentityProvider(models.SandboxOutcome);
    const sandbox = (platform: Platform): PlatformProviders => ({
      login: createSandboxLoginProvider(platform),
      identity,
      prefill: null,
      accountOwner: null,
      codes: platform === 'weapp' ? createSandboxMiniProgramCodes() : null,
    });
    return { alipay: sandbox('alipay'), weapp: sandbox('weapp'), h5: sandbox('h5') };
  }
  const platforms: Providers['platforms'] = {};
  if (config.livePlatforms.includes('alipay')) {
    const options: AlipayOptions = {
      appId: config.ALIPAY_APP_ID!,
      privateKey: config.ALIPAY_PRIVATE_KEY!,
      alipayPublicKey: config.ALIPAY_PUBLIC_KEY!,
      endpoint: config.ALIPAY_ENDPOINT,
      gateway: config.ALIPAY_GATEWAY,
    };
    platforms.alipay = {
      login: createAlipayLoginProvider(options),
      identity: createAlipayIdentityProvider(options),
      prefill: createAlipayPrefillProvider(options),
      accountOwner: createAlipayAccountOwnerCheck(options),
    };
  }
  if (config.livePlatforms.includes('weapp')) {
    const options: WechatOptions = { appId: config.WECHAT_APP_ID!, appSecret: config.WECHAT_APP_SECRET!, apiBase: config.WECHAT_API_BASE };
    // One access token for every server API call of the app (stable_token is shared anyway).
    const accessTokens = createAccessTokenCache(options);
    platforms.weapp = {
      login: createWechatLoginProvider(options),
      identity: createWechatIdentityProvider(options, { accessTokens }),
      prefill: null,
      accountOwner: null,
      codes: createMiniProgramCodes(options, accessTokens),
    };
  }
  return platforms;
}

function bankCardProvider(config: RuntimeConfig): BankCardProvider {
  if (config.BANKCARD_PROVIDER === 'tencentcloud') {
    const endpoint = config.TENCENTCLOUD_ENDPOINT;
    return createTencentCloudBankCardProvider({
      secretId: config.TENCENTCLOUD_SECRET_ID!,
      secretKey: config.TENCENTCLOUD_SECRET_KEY!,
      region: config.TENCENTCLOUD_REGION,
      // An http:// endpoint is a local stand-in; production uses the vendor's https default.
      ...(endpoint
        ? {
            endpoint: endpoint.replace(/^https?:\/\//, ''),
            protocol: endpoint.startsWith('http://') ? ('http://' as const) : ('https://' as const),
          }
        : {}),
    });
  }
  return createSandboxBankCardProvider();
}
