import type { RuntimeConfig } from '../../../config/runtime';
import type { Models } from '../models';
import type { BankCardProvider } from './bankCard';
import { createSandboxBankCardProvider } from './bankcard/sandbox';
import { createTencentCloudBankCardProvider } from './bankcard/tencentCloud';
import type { IdentityProvider, LoginProvider, PrefillProvider } from './identity';
import { createAlipayIdentityProvider } from './alipay/identity';
import { createAlipayLoginProvider, createAlipayPrefillProvider } from './alipay/login';
import type { AlipayOptions } from './alipay/options';
import { createSandboxIdentityProvider } from './sandbox/identity';
import { createSandboxLoginProvider } from './sandbox/login';
import { createWechatIdentityProvider } from './wechat/identity';
import { createWechatLoginProvider } from './wechat/login';
import type { WechatOptions } from './wechat/options';

export interface Providers {
  identity: IdentityProvider;
  /** Login per platform: the configured provider's own platform (all three with the sandbox). */
  logins: { alipay: LoginProvider | null; weapp: LoginProvider | null; h5: LoginProvider | null };
  prefill: PrefillProvider | null;
  bankCard: BankCardProvider;
}

/** Picks the adapters the configuration names (the config schema made sure their keys are set). */
export function createProviders(config: RuntimeConfig, models: Models): Providers {
  return { ...identityProviders(config, models), bankCard: bankCardProvider(config) };
}

function identityProviders(config: RuntimeConfig, models: Models): Omit<Providers, 'bankCard'> {
  switch (config.IDENTITY_PROVIDER) {
    case 'alipay': {
      const options: AlipayOptions = {
        appId: config.ALIPAY_APP_ID!,
        privateKey: config.ALIPAY_PRIVATE_KEY!,
        alipayPublicKey: config.ALIPAY_PUBLIC_KEY!,
        endpoint: config.ALIPAY_ENDPOINT,
        gateway: config.ALIPAY_GATEWAY,
      };
      return {
        identity: createAlipayIdentityProvider(options),
        logins: { alipay: createAlipayLoginProvider(options), weapp: null, h5: null },
        prefill: createAlipayPrefillProvider(options),
      };
    }
    case 'wechat': {
      const options: WechatOptions = {
        appId: config.WECHAT_APP_ID!,
        appSecret: config.WECHAT_APP_SECRET!,
        apiBase: config.WECHAT_API_BASE,
      };
      return {
        identity: createWechatIdentityProvider(options),
        logins: { alipay: null, weapp: createWechatLoginProvider(options), h5: null },
        prefill: null,
      };
    }
    case 'sandbox':
      return {
        identity: createSandboxIdentityProvider(models.SandboxOutcome),
        logins: {
          alipay: createSandboxLoginProvider('alipay'),
          weapp: createSandboxLoginProvider('weapp'),
          h5: createSandboxLoginProvider('h5'),
        },
        prefill: null,
      };
  }
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
